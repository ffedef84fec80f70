/**
 * The foreign keys of a catalog snapshot by table, both ends, and the join conditions they
 * imply between two FROM items: what `JOIN x ON` completes first, which tables `JOIN `
 * offers first, and how a column of a table not yet in FROM gets joined in.
 */
import type { Catalog, CatalogForeignKey, CatalogRelation } from '../../catalog/model';
import type { CatalogIndex } from '../tokens/catalogIndex';
import type { FromItem } from '../tokens/scopeReader';
import { refName } from '../tokens/scopeReader';

const byTable = new WeakMap<Catalog, Map<string, CatalogForeignKey[]>>();

const tableKey = (schema: string, name: string): string => `${schema}\u0000${name}`;

/** The foreign keys that have `relation` at either end (computed once per snapshot). */
export function foreignKeysOf(catalog: Catalog, relation: CatalogRelation): readonly CatalogForeignKey[] {
  let map = byTable.get(catalog);
  if (!map) {
    map = new Map();
    for (const fk of catalog.foreignKeys ?? []) {
      for (const key of new Set([tableKey(fk.schema, fk.table), tableKey(fk.refSchema, fk.refTable)])) {
        const list = map.get(key);
        if (list) {
          list.push(fk);
        } else {
          map.set(key, [fk]);
        }
      }
    }
    byTable.set(catalog, map);
  }
  return map.get(tableKey(relation.schema, relation.name)) ?? [];
}

/** One foreign key read as a join: `columns` of one side equal `otherColumns` of the other, pairwise. */
export interface KeyJoin {
  key: CatalogForeignKey;
  columns: string[];
  otherColumns: string[];
}

/**
 * The joins the foreign keys between `relation` and `other` imply, from `relation`'s side:
 * it references `other`, or `other` references it (a key of a table to itself gives both).
 */
export function keyJoins(catalog: Catalog, relation: CatalogRelation, other: CatalogRelation): KeyJoin[] {
  const joins: KeyJoin[] = [];
  const is = (r: CatalogRelation, schema: string, name: string) => r.schema === schema && r.name === name;
  for (const key of foreignKeysOf(catalog, relation)) {
    if (key.columns.length === 0 || key.columns.length !== key.refColumns.length) {
      continue;
    }
    if (is(relation, key.schema, key.table) && is(other, key.refSchema, key.refTable)) {
      joins.push({ key, columns: key.columns, otherColumns: key.refColumns });
    }
    if (is(relation, key.refSchema, key.refTable) && is(other, key.schema, key.table)) {
      joins.push({ key, columns: key.refColumns, otherColumns: key.columns });
    }
  }
  return joins;
}

/** `a.x = b.y AND a.z = b.w`: `quote` quotes a name where needed. */
export function conditionText(join: KeyJoin, ref: string, otherRef: string, quote: (name: string) => string): string {
  return join.columns.map((c, i) => `${ref}.${quote(c)} = ${otherRef}.${quote(join.otherColumns[i]!)}`).join(' AND ');
}

/** The catalog relations a foreign key links to one of `items` (the most recently joined item first), with the item and the join read from the relation's side. */
export function relatedRelations(index: CatalogIndex, items: readonly FromItem[]): { relation: CatalogRelation; item: FromItem; join: KeyJoin }[] {
  const related: { relation: CatalogRelation; item: FromItem; join: KeyJoin }[] = [];
  for (const item of [...items].reverse()) {
    if (!item.relation || refName(item) === null) {
      continue;
    }
    for (const key of foreignKeysOf(index.catalog, item.relation)) {
      if (key.columns.length === 0 || key.columns.length !== key.refColumns.length) {
        continue;
      }
      // the other end: it references the item, or the item references it (a key of a table to itself: both)
      if (item.relation.schema === key.refSchema && item.relation.name === key.refTable) {
        const relation = index.resolveRelation(key.schema, key.table);
        if (relation) {
          related.push({ relation, item, join: { key, columns: key.columns, otherColumns: key.refColumns } });
        }
      }
      if (item.relation.schema === key.schema && item.relation.name === key.table) {
        const relation = index.resolveRelation(key.refSchema, key.refTable);
        if (relation) {
          related.push({ relation, item, join: { key, columns: key.refColumns, otherColumns: key.columns } });
        }
      }
    }
  }
  return related;
}

/** A short alias for a relation not yet in the statement: its words' initials (`order_items` → `oi`), unique among `taken`. */
export function aliasFor(name: string, taken: ReadonlySet<string>, plain: (alias: string) => boolean): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => /^[a-z]/.test(w));
  const base = words.map((w) => w[0]).join('') || 't';
  for (let n = 1; n < 1_000; n++) {
    const alias = n === 1 ? base : `${base}${n}`;
    if (!taken.has(alias) && plain(alias)) {
      return alias;
    }
  }
  return `${base}_`;
}
