/**
 * How PostgreSQL finds a name on the search path (namespace.c): a qualified name is looked up
 * in its schema only; an unqualified one in the temporary schema first (unless the path lists
 * pg_temp elsewhere), then along the path. The one place pgsight states that rule, for the
 * binder (SchemaView) and for completion and hover (CatalogIndex).
 */

/** The schemas searched for a name, in order. */
export function schemasToSearch(searchPath: readonly string[], schema: string | null | undefined): readonly string[] {
  if (schema !== null && schema !== undefined) {
    return [schema];
  }
  return searchPath.includes('pg_temp') ? searchPath : ['pg_temp', ...searchPath];
}

/** The first candidate found along the search path (or in `schema`), or null. */
export function firstOnSearchPath<T extends { schema: string }>(candidates: readonly T[], searchPath: readonly string[], schema: string | null): T | null {
  for (const s of schemasToSearch(searchPath, schema)) {
    const hit = candidates.find((c) => c.schema === s);
    if (hit) {
      return hit;
    }
  }
  return null;
}
