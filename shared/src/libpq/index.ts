/**
 * Connections the libpq way, for both the server and the client (no vscode here).
 *
 *   const r = resolveConnection('service=shop sslmode=require', { env, home });
 *   r.params   // effective libpq parameters: { host, port, user, dbname, sslmode, … }
 *   r.sources  // where each came from: { host: { kind: 'service file', detail: '…/.pg_service.conf line 2 [shop]' }, … }
 *   r.warnings // e.g. 'password file "/home/me/.pgpass" has group or world access; …'
 *   r.pgConfig // new pg.Client(r.pgConfig): the first host (for sslmode=prefer without SSL, so
 *              // it works against servers without SSL); unix sockets are host: '/dir'
 *   await connectClient(r) // libpq's order: every host, SSL per sslmode; returns a connected pg.Client
 *
 * `input` is what PQconnectdb accepts: a `key=value` string or a `postgresql://` URI; null or
 * '' means "the libpq environment only". Sources, in libpq's precedence: the string (and
 * `overrides`, e.g. a SecretStorage password) → the service (`service=` or PGSERVICE) from
 * the user file (servicefile / PGSERVICEFILE / ~/.pg_service.conf), else
 * PGSYSCONFDIR/pg_service.conf → PG* environment variables → libpq's compiled defaults → the
 * OS user → dbname = user → default socket directory → ~/.pgpass / PGPASSFILE (refused with
 * libpq's warning when group/world accessible). Invalid input throws `ConninfoError` with
 * libpq's message. Secrets (password, sslpassword) are in `params` for connecting only:
 * use `displayParams` for anything shown or logged.
 */
import os from 'node:os';
import pg from 'pg';
import type { ClientConfig } from 'pg';
import { connectAttempts, type ConnectAttempt } from './pgConfig';
import { connectAttemptsInOrder, type ConnectOptions } from './connect';
import { checkSupported } from './keywordSupport';
import { resolveParams, type ResolveOptions, type ResolvedParams } from './resolve';
import { secretKeywords } from './keywords';
import { formatUri } from './conninfo';

export { ConninfoError, parseConninfo, formatConninfo, formatUri, isConnectionString } from './conninfo';
export { NoPasswordSuppliedError, type ConnectAttempt } from './pgConfig';
export { ChannelBindingError, TargetSessionError, channelBindingMessages, type ConnectOptions } from './connect';
export type { ParamSource, SourceKind, ResolveOptions, ResolvedHost } from './resolve';
export { keywords, sslModes, secretKeywords, type SslMode } from './keywords';
export { passwordFromFile } from './pgpass';

export interface ResolvedConnection extends ResolvedParams {
  /** Config for `new pg.Client()`: the first host; plain for sslmode=prefer (connectClient follows libpq's SSL order). */
  pgConfig: ClientConfig;
  /** Every attempt libpq would make, in order. */
  attempts: ConnectAttempt[];
}

export function resolveConnection(input: string | null, options: ResolveOptions = {}): ResolvedConnection {
  const resolved = resolveParams(input, options);
  checkSupported(resolved);
  const attempts = connectAttempts(resolved, options.home ?? os.homedir());
  // for sslmode=prefer, the plain attempt: it works against servers without SSL too
  const firstHost = attempts[0]!.host;
  const pgConfig = (attempts.find((a) => a.host === firstHost && !a.ssl) ?? attempts[0]!).config;
  return { ...resolved, pgConfig, attempts };
}

/** The parameters without secrets, for display and logs. */
export function displayParams(r: Pick<ResolvedParams, 'params'>): Record<string, string> {
  return Object.fromEntries(Object.entries(r.params).filter(([k]) => !secretKeywords.has(k)));
}

/** A `postgresql://` URI of the effective host, port, user and database, without the password. */
export function connectionUri(r: Pick<ResolvedParams, 'params'>, extra: string[] = ['sslmode', 'application_name']): string {
  const p = r.params;
  const values = new Map<string, string>();
  for (const k of ['user', 'host', 'port', 'dbname', ...extra]) {
    if (p[k] !== undefined && p[k] !== '' && !(k === 'sslmode' && p[k] === 'prefer')) {
      values.set(k, p[k]!);
    }
  }
  return formatUri(values);
}

/**
 * Connects like libpq: each attempt in order until one succeeds; the last error is thrown
 * (PostgreSQL's own error with code/detail/hint when the server answered).
 */
export function connectClient(r: ResolvedConnection, options: ConnectOptions = {}): Promise<pg.Client> {
  return connectAttemptsInOrder(r, options);
}
