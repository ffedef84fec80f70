/** What pgsight calls each kind of relation that a query can name, by pg_class.relkind. */
export const relationKindByRelkind: Readonly<Record<string, 'table' | 'partitioned table' | 'view' | 'materialized view' | 'foreign table' | 'sequence'>> = {
  r: 'table',
  p: 'partitioned table',
  v: 'view',
  m: 'materialized view',
  f: 'foreign table',
  S: 'sequence',
};
