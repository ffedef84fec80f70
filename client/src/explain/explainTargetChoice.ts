/**
 * Which database an editor's EXPLAIN runs on, decided from the editor's own binding, never
 * from whichever database was bound last in another editor: the editor's binding, else the
 * `pgsight.explain.connection` setting, else the libpq environment when it names a server or
 * database (PGHOST, PGHOSTADDR, PGDATABASE or PGSERVICE, as psql would use), else the user is
 * asked. Sessions get TCP keepalives, so a dead network is noticed. No vscode here.
 */
import type { ResolvedConnection } from '../../../shared/src/libpq';

/** An editor's binding as the tree's QueryBindings resolves it. */
export type EditorConnection =
  | { kind: 'bound'; label: string; connection: ResolvedConnection }
  /** Bound to a connection that no longer exists (or cannot be resolved). */
  | { kind: 'stale'; label: string; problem: string }
  | { kind: 'unbound' };

export type ExplainTargetChoice =
  | { kind: 'binding'; label: string; connection: ResolvedConnection }
  | { kind: 'setting'; conninfo: string }
  | { kind: 'environment' }
  | { kind: 'ask'; why: string };

/** libpq environment variables that say where to connect (PGUSER or PGPASSWORD alone do not). */
const placeVariables = ['PGHOST', 'PGHOSTADDR', 'PGDATABASE', 'PGSERVICE'];

export function chooseExplainTarget(editor: EditorConnection, setting: string, env: Record<string, string | undefined>): ExplainTargetChoice {
  if (editor.kind === 'bound') {
    return { kind: 'binding', label: editor.label, connection: editor.connection };
  }
  if (editor.kind === 'stale') {
    return { kind: 'ask', why: `This editor is bound to ${editor.label}, which cannot be used: ${editor.problem}.` };
  }
  if (setting.trim() !== '') {
    return { kind: 'setting', conninfo: setting.trim() };
  }
  if (placeVariables.some((v) => (env[v] ?? '') !== '')) {
    return { kind: 'environment' };
  }
  return { kind: 'ask', why: 'This editor is not bound to a database, pgsight.explain.connection is not set and the libpq environment names no server.' };
}

/** Seconds of silence before the first TCP keepalive probe on an EXPLAIN session. */
export const keepAliveDelayMs = 10_000;

/** The connection with TCP keepalives on every attempt (node-postgres `keepAlive`). */
export function withKeepAlive(r: ResolvedConnection): ResolvedConnection {
  return {
    ...r,
    pgConfig: { ...r.pgConfig, keepAlive: true, keepAliveInitialDelayMillis: keepAliveDelayMs },
    attempts: r.attempts.map((a) => ({ ...a, config: { ...a.config, keepAlive: true, keepAliveInitialDelayMillis: keepAliveDelayMs } })),
  };
}
