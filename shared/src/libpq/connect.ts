/**
 * Connecting the libpq way with node-postgres: every attempt in libpq's order (shuffled per
 * host for load_balance_hosts=random), the password asked for only when the server wants
 * one, channel_binding=require enforced before anything derived from the password is sent,
 * and target_session_attrs checked on each server reached (fe-connect.c's
 * PQconnectPoll states CONNECTION_CHECK_TARGET / CONNECTION_CHECK_STANDBY).
 */
import type { EventEmitter } from 'node:events';
import pg from 'pg';
import type { ClientConfig } from 'pg';
import { explainConnectionError } from './connectionErrors';
import { NoPasswordSuppliedError, type ConnectAttempt } from './pgConfig';
import type { ResolvedParams } from './resolve';

export interface ConnectOptions {
  /** Called when the server asks for a password and none was resolved (e.g. prompt the user). */
  askPassword?: (host: ConnectAttempt['host']) => Promise<string | undefined>;
  /** Overall connect timeout in ms when the parameters set none (default 10 s). */
  timeoutMs?: number;
  /** For load_balance_hosts=random (default Math.random). */
  random?: () => number;
}

/** libpq's words when channel_binding=require cannot be met (fe-auth.c). */
export const channelBindingMessages = {
  /** SASL offered, but not SCRAM-SHA-256-PLUS (or no SSL to bind to) */
  notOffered: 'channel binding is required, but server did not offer an authentication method that supports channel binding',
  /** a cleartext or MD5 password request */
  notSupported: "channel binding required but not supported by server's authentication request",
  /** the server let the client in without any authentication exchange (trust) */
  notUsed: 'channel binding required, but server authenticated client without channel binding',
} as const;

/** A refusal made by pgsight before sending anything derived from the password. */
export class ChannelBindingError extends Error {
  readonly code = 'PGSIGHT_CHANNEL_BINDING';
  constructor(message: string) {
    super(message);
    this.name = 'ChannelBindingError';
  }
}

/** A server that does not have the session attributes target_session_attrs asks for. */
export class TargetSessionError extends Error {
  readonly code = 'PGSIGHT_TARGET_SESSION';
}

type AuthRequest = 'none' | 'cleartext' | 'md5' | 'sasl' | 'sasl-plus';

/** Records which authentication the server asked for (listeners run before pg's own). */
function watchAuthentication(client: pg.Client): () => AuthRequest {
  let seen: AuthRequest = 'none';
  const con = (client as unknown as { connection: EventEmitter }).connection;
  con.prependListener('authenticationCleartextPassword', () => (seen = 'cleartext'));
  con.prependListener('authenticationMD5Password', () => (seen = 'md5'));
  con.prependListener('authenticationSASL', (msg: { mechanisms?: string[] }) => {
    seen = msg.mechanisms?.includes('SCRAM-SHA-256-PLUS') ? 'sasl-plus' : 'sasl';
  });
  return () => seen;
}

/** The refusal libpq would make for channel_binding=require, or null. */
export function channelBindingRefusal(auth: AuthRequest, ssl: boolean): string | null {
  if (auth === 'cleartext' || auth === 'md5') {
    return channelBindingMessages.notSupported;
  }
  if (auth === 'sasl' || (auth === 'sasl-plus' && !ssl)) {
    return channelBindingMessages.notOffered;
  }
  if (auth === 'none') {
    return channelBindingMessages.notUsed;
  }
  return null;
}

/** The attempts in the order to try them: libpq's, or per host shuffled (load_balance_hosts=random). */
function ordered(attempts: ConnectAttempt[], params: Record<string, string>, random: () => number): ConnectAttempt[] {
  if (params.load_balance_hosts !== 'random') {
    return attempts;
  }
  const hosts = [...new Set(attempts.map((a) => a.host))];
  for (let i = hosts.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [hosts[i], hosts[j]] = [hosts[j]!, hosts[i]!];
  }
  return hosts.flatMap((h) => attempts.filter((a) => a.host === h));
}

/** Checks target_session_attrs on a connected session; returns libpq's complaint or null. */
async function sessionMismatch(client: pg.Client, wanted: string): Promise<string | null> {
  if (wanted === 'any' || wanted === '') {
    return null;
  }
  const { rows } = await client.query<{ standby: boolean; read_only: boolean }>(
    "select pg_is_in_recovery() as standby, current_setting('transaction_read_only') = 'on' as read_only",
  );
  const { standby, read_only: readOnly } = rows[0]!;
  switch (wanted) {
    case 'read-write':
      return readOnly ? 'session is read-only' : null;
    case 'read-only':
      return readOnly ? null : 'session is not read-only';
    case 'primary':
      return standby ? 'server is in hot standby mode' : null;
    case 'standby':
      return standby ? null : 'server is not in hot standby mode';
    default:
      return null;
  }
}

function where(a: ConnectAttempt): string {
  return a.host.socket
    ? `connection to server on socket "${a.host.host.replace(/\/$/, '')}/.s.PGSQL.${a.host.port}" failed`
    : `connection to server at "${a.host.hostaddr ?? a.host.host}", port ${a.host.port} failed`;
}

/** Errors after which libpq goes on with the next attempt (SSL refused, host unreachable, wrong session kind). */
function worthNextAttempt(err: unknown): boolean {
  if (err instanceof ChannelBindingError) {
    return false;
  }
  const e = err as { code?: string };
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && e.code !== '28000') {
    // a real answer from PostgreSQL (bad password, no such database…): libpq stops too,
    // except that a pg_hba rejection may accept the other SSL mode
    return false;
  }
  return true;
}

/** One attempt: connected, or the error to report. */
async function attemptOnce(attempt: ConnectAttempt, r: ResolvedParams, options: ConnectOptions, wanted: string): Promise<pg.Client> {
  const config: ClientConfig = { ...attempt.config };
  config.connectionTimeoutMillis ??= options.timeoutMs ?? 10_000;
  const requireBinding = r.params.channel_binding === 'require';
  let password = config.password;
  if (attempt.host.password === null && options.askPassword) {
    const ask = options.askPassword;
    password = async () => {
      const answer = await ask(attempt.host);
      if (answer === undefined) {
        throw new NoPasswordSuppliedError();
      }
      return answer;
    };
  }
  let auth: () => AuthRequest = () => 'none';
  // pg calls the password function only when the server asks for a password, right before
  // it answers: the last moment to refuse without sending anything derived from it
  config.password = async () => {
    const refusal = requireBinding ? channelBindingRefusal(auth(), attempt.ssl) : null;
    if (refusal !== null) {
      throw new ChannelBindingError(`${where(attempt)}: ${refusal}`);
    }
    if (password === undefined) {
      throw new NoPasswordSuppliedError();
    }
    return typeof password === 'function' ? password() : password;
  };
  const client = new pg.Client(config);
  auth = watchAuthentication(client);
  // an error after connecting (server shutdown) must not crash the process
  client.on('error', () => undefined);
  try {
    await client.connect();
    if (requireBinding && auth() !== 'sasl-plus') {
      throw new ChannelBindingError(`${where(attempt)}: ${channelBindingMessages.notUsed}`);
    }
    const mismatch = await sessionMismatch(client, wanted);
    if (mismatch !== null) {
      throw new TargetSessionError(`${where(attempt)}: ${mismatch}`);
    }
    return client;
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
}

/**
 * Connects like libpq: each attempt in order until one succeeds; the last error is thrown
 * (PostgreSQL's own error with code/detail/hint when the server answered).
 */
export async function connectAttemptsInOrder(r: ResolvedParams & { attempts: ConnectAttempt[] }, options: ConnectOptions = {}): Promise<pg.Client> {
  const attempts = ordered(r.attempts, r.params, options.random ?? Math.random);
  const wanted = r.params.target_session_attrs ?? 'any';
  // prefer-standby: a standby first; any server when no standby answers
  const passes = wanted === 'prefer-standby' ? ['standby', 'any'] : [wanted];
  let lastError: unknown = new Error('no host to connect to');
  for (const pass of passes) {
    for (const attempt of attempts) {
      try {
        return await attemptOnce(attempt, r, options, pass);
      } catch (err) {
        lastError = explainConnectionError(err, attempt.host);
        if (!worthNextAttempt(err)) {
          throw lastError;
        }
      }
    }
  }
  throw lastError;
}
