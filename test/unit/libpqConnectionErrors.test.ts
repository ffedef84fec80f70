// Connection failures read as psql prints them (libpq 18's wording, checked against psql).
// Real connection attempts on this machine: a TCP port nothing listens on, a socket folder
// that does not exist, a host name that cannot resolve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { connectClient, resolveConnection } from '../../shared/src/libpq';

async function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function failure(conninfo: string): Promise<Error & { code?: string }> {
  const r = resolveConnection(conninfo, { env: {}, home: '/nonexistent-home' });
  try {
    const c = await connectClient(r, { timeoutMs: 5_000 });
    await c.end();
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error(`connecting with ${conninfo} succeeded`);
}

test('nothing listening on a TCP port: libpq\'s "Connection refused" message and hint', async () => {
  const port = await unusedPort();
  const err = await failure(`host=127.0.0.1 port=${port} user=x dbname=x sslmode=disable`);
  assert.equal(
    err.message,
    `connection to server at "127.0.0.1", port ${port} failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?`,
  );
  assert.equal(err.code, 'ECONNREFUSED', 'the error keeps its code for callers');
});

test('no server socket in the folder: libpq\'s socket message and hint', async () => {
  const err = await failure('host=/tmp/pgsight-no-such-socket-dir port=5999 user=x dbname=x');
  assert.equal(
    err.message,
    'connection to server on socket "/tmp/pgsight-no-such-socket-dir/.s.PGSQL.5999" failed: No such file or directory\n\tIs the server running locally and accepting connections on that socket?',
  );
});

test('a host name that does not resolve: libpq\'s "could not translate host name"', async () => {
  const err = await failure('host=nonexistent.invalid port=5999 user=x dbname=x sslmode=disable');
  assert.match(err.message, /^could not translate host name "nonexistent\.invalid" to address: (Name or service not known|Temporary failure in name resolution)$/);
});
