/** What pgsight calls each kind of relation that a query can name, by pg_class.relkind. */
export type RelationKind = 'table' | 'partitioned table' | 'view' | 'materialized view' | 'foreign table' | 'sequence';

export const relationKindByRelkind: Readonly<Record<string, RelationKind>> = {
  r: 'table',
  p: 'partitioned table',
  v: 'view',
  m: 'materialized view',
  f: 'foreign table',
  S: 'sequence',
};

/** `('r', 'p', 'v', 'm', 'f', 'S')`: the relkinds above, for `c.relkind IN …` in catalog queries. */
export const relkindsSql = `(${Object.keys(relationKindByRelkind)
  .map((k) => `'${k}'`)
  .join(', ')})`;
