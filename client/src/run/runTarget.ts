/**
 * Where an editor's Run session connects: the same choice as EXPLAIN's
 * (explain/explainTargetChoice.ts: the editor's binding, else pgsight.explain.connection, else a
 * libpq environment that names a server), and how `\c db` reaches another database of the same
 * server. No vscode here.
 */
import { displayParams, formatConninfo, resolveConnection, type ResolvedConnection } from '../../../shared/src/libpq';

/** Whether a connection is listed by name in a setting: its tree name, or its full "db on name" label. */
export function listed(label: string, names: readonly string[]): boolean {
  return names.some((n) => n !== '' && (label === n || label.endsWith(` on ${n}`)));
}

/**
 * The same server and user, another database (psql's `\\c db`), resolved again from the
 * parameters without secrets: a password is saved for an endpoint including its database, so
 * one database's password is never sent to another; ~/.pgpass is looked up for the new
 * database, as psql would.
 */
export function onDatabase(r: ResolvedConnection, dbname: string): ResolvedConnection {
  return resolveConnection(formatConninfo(Object.entries({ ...displayParams(r), dbname })));
}
