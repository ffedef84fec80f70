import { formatConninfo, type ResolvedConnection } from '../../../shared/src/libpq';

/** Keywords the server gets explicitly; service files were already expanded here. */
const skipped = new Set(['service', 'servicefile']);

/**
 * The connection string sent to the language server for a binding: the effective host,
 * port, user and database plus everything not defaulted, with the password only in memory.
 */
export function serverConnectionString(r: ResolvedConnection): string {
  const always = ['host', 'port', 'user', 'dbname'];
  const entries: [string, string][] = [];
  for (const [k, v] of Object.entries(r.params)) {
    if (skipped.has(k)) {
      continue;
    }
    if (always.includes(k) || r.sources[k]?.kind !== 'default') {
      entries.push([k, v]);
    }
  }
  return formatConninfo(entries);
}
