/**
 * Opening database sessions for a cluster of the tree: resolve its libpq parameters (with
 * the database to use and a SecretStorage password on top), connect the libpq way with a
 * timeout, and classify failures the way the tree shows them. No vscode here.
 */
import pg from 'pg';
import {
  connectClient,
  resolveConnection,
  NoPasswordSuppliedError,
  type ResolveOptions,
  type ResolvedConnection,
  type ResolvedHost,
} from '../../../shared/src/libpq';
import type { LocalCluster } from './discovery';

/** Something the tree shows as a cluster: a profile, a discovered local cluster, or the environment. */
export interface ClusterTarget {
  /** `profile:<name>`, `debian:15/main`, `socket:/tmp:5432`, or `environment`. */
  id: string;
  label: string;
  kind: 'profile' | 'local' | 'environment';
  /** libpq string (no password), or null for the libpq environment alone. */
  conninfo: string | null;
  local?: LocalCluster;
}

export interface SessionOptions {
  resolve?: ResolveOptions;
  /** Password kept in SecretStorage for this cluster. */
  password?: string;
  /** Asked when the server wants a password and none was resolved. */
  askPassword?: (host: ResolvedHost) => Promise<string | undefined>;
  /** Connect timeout, ms, when the parameters set none (default 10 s). */
  connectTimeoutMs?: number;
  /** Server-side statement_timeout and client-side query timeout, ms (default 10 s). */
  statementTimeoutMs?: number;
}

/** The database a cluster-level query uses when the user named none: `postgres`, as pgAdmin and psql's createdb do. */
export const maintenanceDatabase = 'postgres';

/**
 * Resolves the target's parameters. `dbname` null means the cluster's maintenance database:
 * the one the connection names explicitly, else `postgres` (libpq's default, the user name,
 * rarely exists).
 */
export function resolveTarget(target: ClusterTarget, dbname: string | null, options: SessionOptions = {}): ResolvedConnection {
  const overrides: Record<string, string> = { ...(options.resolve?.overrides ?? {}) };
  if (options.password !== undefined) {
    overrides.password = options.password;
  }
  const label = target.kind === 'profile' ? `settings (pgsight.connections "${target.label}")` : target.kind === 'local' ? `local cluster ${target.label}` : 'connection string';
  const base = { ...options.resolve, overrides, overrideLabel: options.password !== undefined ? 'VS Code SecretStorage' : 'pgsight', inputLabel: label };
  let r = resolveConnection(target.conninfo, base);
  const wanted = dbname ?? (r.sources.dbname?.kind === 'default' ? maintenanceDatabase : null);
  if (wanted !== null && wanted !== r.params.dbname) {
    r = resolveConnection(target.conninfo, { ...base, overrides: { ...overrides, dbname: wanted } });
    r.sources.dbname = { kind: 'override', detail: dbname === null ? 'pgsight maintenance database' : 'database chosen in the tree' };
  }
  return r;
}

/** Opens a session; the caller ends it. Every query on it has the statement timeout. */
export async function openSession(target: ClusterTarget, dbname: string | null, options: SessionOptions = {}): Promise<pg.Client> {
  const r = resolveTarget(target, dbname, options);
  const timeout = options.statementTimeoutMs ?? 10_000;
  for (const a of r.attempts) {
    a.config.statement_timeout = timeout;
    // the client-side timeout catches a server that stops answering altogether
    a.config.query_timeout = timeout + 2_000;
  }
  return connectClient(r, { askPassword: options.askPassword, timeoutMs: options.connectTimeoutMs ?? 10_000 });
}

export type ClusterStatus = 'online' | 'down' | 'unreachable' | 'auth needed' | 'error';

/** How the tree shows a failed connection. */
export function classifyConnectError(err: unknown): ClusterStatus {
  const e = err as { code?: string; message?: string };
  if (err instanceof NoPasswordSuppliedError || e.code === '28P01' || e.code === 'PGSIGHT_NO_PASSWORD') {
    return 'auth needed';
  }
  if (e.code === '28000' && /password|authentication/i.test(e.message ?? '')) {
    return 'auth needed';
  }
  // no server behind the socket or port; a starting or stopping server (57P03) is down too
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOENT' || e.code === '57P03') {
    return 'down';
  }
  if (['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET'].includes(e.code ?? '') || /timeout/i.test(e.message ?? '')) {
    return 'unreachable';
  }
  return 'error';
}
