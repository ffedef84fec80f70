/**
 * Completion in a SELECT list written before its FROM (the usual order of typing): there is
 * no FROM item yet, so the columns come from the relations the document uses nearby, or from
 * every relation when the catalog is small.
 */
import type { CatalogRelation } from '../../catalog/model';
import type { CatalogIndex } from '../tokens/catalogIndex';
import { group, type Collector } from './collector';

/** A catalog this small offers every relation's columns in a SELECT list written before its FROM. */
const smallCatalogRelations = 300;

/**
 * A SELECT list written before its FROM (the usual order of typing): the columns of the
 * relations the document uses nearby, most used first, each labelled with its table; in a
 * small catalog, of every relation on the search path when the document names none.
 */
export function columnsBeforeFrom(out: Collector, index: CatalogIndex, quote: (name: string) => string): void {
  const relations: { relation: CatalogRelation; weight: number }[] = [];
  for (const [name, weight] of out.usedNames) {
    const relation = weight > 0 ? index.resolveRelation(null, name) : null;
    if (relation && relation.kind !== 'sequence') {
      relations.push({ relation, weight });
    }
  }
  if (relations.length === 0) {
    relations.push(...smallCatalogOwnRelations(index).map((relation) => ({ relation, weight: 0 })));
  }
  relations.sort((a, b) => b.weight - a.weight);
  relations.forEach(({ relation }, k) => {
    relation.columns.forEach((column, position) => {
      out.add(
        group.column,
        column.name,
        () => ({
          label: column.name,
          kind: 'column',
          detail: `${relation.name}.${column.name} · ${column.type} · not in FROM yet`,
          ...(column.comment ? { documentation: column.comment } : {}),
          insertText: quote(column.name),
          snippet: false,
        }),
        100_000 + k * 1_000 + position,
      );
    });
  });
}

const ownRelations = new WeakMap<CatalogIndex, CatalogRelation[]>();

/** The user's relations on the search path when there are few of them (computed once per snapshot), else none. */
function smallCatalogOwnRelations(index: CatalogIndex): CatalogRelation[] {
  let own = ownRelations.get(index);
  if (!own) {
    own = index.relations.filter((r, i) => index.relationVisible[i] && r.schema !== 'pg_catalog' && r.schema !== 'information_schema' && r.kind !== 'sequence');
    if (own.length > smallCatalogRelations) {
      own = [];
    }
    ownRelations.set(index, own);
  }
  return own;
}
