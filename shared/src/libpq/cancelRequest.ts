/**
 * PostgreSQL's cancel request (protocol: CancelRequest, code 80877102, with the BackendKeyData
 * the server sent at startup) on a new socket to the same host and port as the session, the
 * way libpq's PQcancel does. It needs no login, so it works where a second session cannot
 * (no password at hand, too many connections) and behind PgBouncer, which maps the key to the
 * server session it forwards to — unlike pg_cancel_backend(pid) on a new connection.
 */
import net from 'node:net';
import type pg from 'pg';

/** The parts of a connected pg.Client a cancel request needs (node-postgres keeps them after connect). */
interface SessionKey {
  host?: string;
  port?: number;
  processID: number | null;
  secretKey: number | null;
}

/**
 * Sends the cancel request. Resolves true once the server took it (it closes the socket after
 * reading it), false when there is no key, the socket fails, or nothing happens in `timeoutMs`.
 */
export function sendCancelRequest(client: pg.Client, timeoutMs: number): Promise<boolean> {
  const key = client as unknown as SessionKey;
  if (key.processID === null || key.secretKey === null) {
    return Promise.resolve(false);
  }
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt16BE(1234, 4);
  packet.writeInt16BE(5678, 6);
  packet.writeInt32BE(key.processID, 8);
  packet.writeInt32BE(key.secretKey, 12);
  const host = key.host ?? 'localhost';
  const port = key.port ?? 5432;
  return new Promise((resolve) => {
    const socket = host.startsWith('/') ? net.connect(`${host}/.s.PGSQL.${port}`) : net.connect(port, host);
    let done = false;
    const finish = (ok: boolean) => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        socket.destroy();
        resolve(ok);
      }
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    let sent = false;
    socket.on('connect', () => {
      socket.write(packet, () => {
        sent = true;
      });
    });
    // the server closes the connection once it has read the request
    socket.on('close', () => finish(sent));
    socket.on('end', () => finish(sent));
    socket.on('error', () => finish(false));
  });
}
