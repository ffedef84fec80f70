import { formatConninfo, secretKeywords, type ResolvedConnection } from '../../../shared/src/libpq';

/** Keywords the server gets explicitly; service files were already expanded here. */
const skipped = new Set(['service', 'servicefile']);

/**
 * The connection string sent to the language server for a binding: the effective host,
 * port, user and database plus everything not defaulted — never a password or another
 * secret (the server asks for one with `pgsight/password` when PostgreSQL wants it).
 */
export function serverConnectionString(r: ResolvedConnection): string {
  const always = ['host', 'port', 'user', 'dbname'];
  const entries: [string, string][] = [];
  for (const [k, v] of Object.entries(r.params)) {
    if (skipped.has(k) || secretKeywords.has(k)) {
      continue;
    }
    if (always.includes(k) || r.sources[k]?.kind !== 'default') {
      entries.push([k, v]);
    }
  }
  return formatConninfo(entries);
}
