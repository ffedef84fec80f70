/**
 * The kinds of relation a query can name, typed once: what pgsight calls each pg_class.relkind
 * (the sidebar tree, the server's catalog and completion all use these words).
 */
const byRelkind = {
  r: 'table',
  p: 'partitioned table',
  v: 'view',
  m: 'materialized view',
  f: 'foreign table',
  S: 'sequence',
} as const;

export type RelationKind = (typeof byRelkind)[keyof typeof byRelkind];

/** What pgsight calls each kind of relation that a query can name, by pg_class.relkind. */
export const relationKindByRelkind: Readonly<Record<string, RelationKind>> = byRelkind;

/** The kinds in the tree's order: tables first, sequences last. */
export const relationKinds: readonly RelationKind[] = Object.values(byRelkind);

/** The relkinds as SQL literals, for `c.relkind in (…)`: `'r', 'p', 'v', 'm', 'f', 'S'`. */
export const relkindSqlList: string = Object.keys(byRelkind)
  .map((k) => `'${k}'`)
  .join(', ');
