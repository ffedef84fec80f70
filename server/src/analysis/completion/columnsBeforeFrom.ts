/**
 * Completion in a SELECT list written before its FROM (the usual order of typing): there is
 * no FROM item yet, so the columns come from the relations the document uses nearby, or from
 * every relation when the catalog is small. Accepting one adds its table as the FROM clause,
 * so the statement stays valid.
 */
import type { CatalogRelation } from '../../catalog/model';
import type { NestedTokens } from '../../parser';
import type { CatalogIndex } from '../tokens/catalogIndex';
import { group, quoteName, snippetText, type CandidateEdit, type Collector } from './collector';
import type { CursorContext } from './completionPlace';

/** A catalog this small offers every relation's columns in a SELECT list written before its FROM. */
const smallCatalogRelations = 300;

/**
 * A SELECT list written before its FROM (the usual order of typing): the columns of the
 * relations the document uses nearby, most used first, each labelled with its table; in a
 * small catalog, of every relation on the search path when the document names none. Where
 * the statement is a SELECT with no FROM item, accepting a column adds ` FROM its_table`
 * after the SELECT list (with the cursor left after the column when the list ends there).
 */
export function columnsBeforeFrom(out: Collector, index: CatalogIndex, quote: (name: string) => string, tokens: NestedTokens, ctx: CursorContext): void {
  const relations: { relation: CatalogRelation; weight: number }[] = [];
  for (const [name, weight] of out.usedNames) {
    // a table the document names with its schema (`billing.invoices`) counts too
    const relation = weight > 0 ? (index.resolveRelation(null, name) ?? index.relationsNamed(name).find((r) => !systemSchemas.has(r.schema))) : null;
    if (relation && relation.kind !== 'sequence') {
      relations.push({ relation, weight });
    }
  }
  if (relations.length === 0) {
    relations.push(...smallCatalogOwnRelations(index).map((relation) => ({ relation, weight: 0 })));
  }
  relations.sort((a, b) => b.weight - a.weight);
  const insertion = ctx.quoted ? null : fromInsertion(tokens, ctx);
  relations.forEach(({ relation }, k) => {
    relation.columns.forEach((column, position) => {
      out.add(
        group.column,
        column.name,
        () => {
          const name = quote(column.name);
          const table =
            index.resolveRelation(null, relation.name) === relation ? quoteName(relation.name) : `${quoteName(relation.schema)}.${quoteName(relation.name)}`;
          const from = insertion ? `${insertion.keyword}${table}` : null;
          const atCursor = insertion !== null && insertion.at <= ctx.replaceEnd;
          return {
            label: column.name,
            description: relation.name,
            kind: 'column',
            detail: `${relation.name}.${column.name} · ${column.type} · ${from ? `adds FROM ${table}` : 'not in FROM yet'}`,
            ...(column.comment ? { documentation: column.comment } : {}),
            // the FROM goes right after the column: the cursor stays after the column, ready for `, `
            insertText: from && atCursor ? `${snippetText(name)}$0${snippetText(from)}` : name,
            snippet: from !== null && atCursor,
            ...(from && !atCursor ? { additionalEdits: [{ start: insertion!.at, end: insertion!.at, newText: from }] satisfies CandidateEdit[] } : {}),
          };
        },
        100_000 + k * 1_000 + position,
      );
    });
  });
}

// Words that end a SELECT list at its own level (INTO's target may stay before the FROM).
// prettier-ignore
const afterSelectList = new Set(['FROM', 'WHERE', 'GROUP', 'HAVING', 'WINDOW', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'FOR', 'UNION', 'INTERSECT', 'EXCEPT']);

/**
 * Where a FROM clause goes in the SELECT the cursor is in (statement-relative): after the
 * SELECT list, before WHERE / GROUP BY / ORDER BY … or the end of the query; or right after
 * a FROM with nothing after it. Null when the cursor is in no SELECT or its FROM has items.
 */
function fromInsertion(tokens: NestedTokens, ctx: CursorContext): { at: number; keyword: string } | null {
  // the SELECT of the cursor's query level, out of any call's parentheses the cursor is in
  let depth = ctx.tokenBefore < 0 ? 0 : tokens.text(ctx.tokenBefore) === '(' ? tokens.depth[ctx.tokenBefore]! + 1 : tokens.depth[ctx.tokenBefore]!;
  let select = -1;
  for (let j = ctx.tokenBefore; j >= 0; j--) {
    if (tokens.depth[j]! < depth) {
      if (tokens.text(j) !== '(' || tokens.is(j - 1, 'FROM', 'JOIN', 'IN', 'EXISTS', 'LATERAL', 'ANY', 'ALL', 'SOME', 'ARRAY')) {
        return null;
      }
      depth = tokens.depth[j]!;
    }
    if (tokens.depth[j] === depth && tokens.is(j, 'SELECT')) {
      select = j;
      break;
    }
  }
  if (select < 0) {
    return null;
  }
  // the end of the list: the last token before a clause word or the level's end
  let last = select;
  for (let j = select + 1; j < tokens.length; j++) {
    const d = tokens.depth[j]!;
    if (d < depth || tokens.text(j) === ';') {
      break;
    }
    if (tokens.text(j) === '(' && d === depth && tokens.closer.get(j) === tokens.length) {
      // an unclosed call (`select count(em|`): no place for the FROM yet
      return null;
    }
    if (d === depth && afterSelectList.has(tokens.word(j))) {
      if (tokens.is(j, 'FROM')) {
        const next = j + 1 < tokens.length && tokens.depth[j + 1]! >= depth && tokens.text(j + 1) !== ';' && tokens.text(j + 1) !== ')';
        return next ? null : { at: Math.max(tokens.at(j)!.end, ctx.replaceEnd), keyword: ' ' };
      }
      break;
    }
    last = j;
  }
  return { at: Math.max(tokens.at(last)!.end, ctx.replaceEnd), keyword: ' FROM ' };
}

const systemSchemas: ReadonlySet<string> = new Set(['pg_catalog', 'information_schema']);

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
