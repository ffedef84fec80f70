import type { ResolvedHost } from './resolve';

/**
 * Rewrites node's socket errors (ECONNREFUSED, ENOENT …) in the words libpq 18 prints, so
 * a connection failure reads the same in pgsight as in psql. The error object is kept (its
 * `code` still tells callers what happened); only its message changes. Answers from
 * PostgreSQL itself (SQLSTATE codes) are left as they are.
 */
export function explainConnectionError(err: unknown, host: ResolvedHost): unknown {
  const e = err as { code?: unknown; message?: unknown };
  if (!(err instanceof Error) || typeof e.code !== 'string' || /^[0-9A-Z]{5}$/.test(e.code)) {
    return err;
  }
  const where = host.socket
    ? `connection to server on socket "${host.host.replace(/\/$/, '')}/.s.PGSQL.${host.port}" failed`
    : `connection to server at "${host.hostaddr ?? host.host}", port ${host.port} failed`;
  const reason = systemReasons[e.code];
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') {
    err.message = `could not translate host name "${host.host}" to address: ${e.code === 'ENOTFOUND' ? 'Name or service not known' : 'Temporary failure in name resolution'}`;
  } else if (reason) {
    const hint = host.socket
      ? 'Is the server running locally and accepting connections on that socket?'
      : 'Is the server running on that host and accepting TCP/IP connections?';
    err.message = e.code === 'ECONNREFUSED' || e.code === 'ENOENT' ? `${where}: ${reason}\n\t${hint}` : `${where}: ${reason}`;
  }
  return err;
}

/** strerror() texts libpq appends, for the errors node reports while connecting. */
const systemReasons: Record<string, string> = {
  ECONNREFUSED: 'Connection refused',
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  ETIMEDOUT: 'Connection timed out',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  ECONNRESET: 'Connection reset by peer',
};
