/**
 * The catalog over the real server and real JSON-RPC: the connection from
 * initializationOptions (contract 1), the status a client waits on, refresh, reconnect, and
 * a server that is down or disappears.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freshDatabase, connect } from '../support/db';
import { startInProcessServer } from '../support/lspServer';
import { CatalogChangedNotification, RefreshCatalogNotification, SetConnectionNotification, type CatalogStatus } from '../../shared/src/protocol';

const shopSql = fs.readFileSync(path.resolve(__dirname, '../fixtures/catalog/shop.sql'), 'utf8');

async function expectedCounts(url: string): Promise<{ relations: number; columns: number }> {
  const c = await connect(url);
  try {
    const r = await c.query<{ relations: string; columns: string }>(`
      SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ('r','p','v','m','f','S') AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)') AS relations,
             (SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r','p','v','m','f','S')
                AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)') AS columns`);
    return { relations: Number(r.rows[0]!.relations), columns: Number(r.rows[0]!.columns) };
  } finally {
    await c.end();
  }
}

/** Starts a server with `options` and checks that it loads the catalog of the database at `url`. */
async function assertLoadsCatalogOf(url: URL, options: Parameters<typeof startInProcessServer>[0]): Promise<void> {
  const server = await startInProcessServer(options);
  try {
    const status = await server.waitForCatalog();
    assert.equal(status.state, 'loaded', status.error);
    assert.equal(status.relations, (await expectedCounts(url.toString())).relations);
  } finally {
    await server.shutdown();
  }
}

/** Waits for the next catalogChanged notification whose state is final. */
function nextFinalStatus(server: Awaited<ReturnType<typeof startInProcessServer>>): Promise<CatalogStatus> {
  return new Promise((resolve) => {
    const d = server.connection.onNotification(CatalogChangedNotification.type, (s: CatalogStatus) => {
      if (s.state === 'loaded' || s.state === 'error') {
        d.dispose();
        resolve(s);
      }
    });
  });
}

test('initializationOptions.connection loads the catalog: status loaded with the right counts', async () => {
  const url = await freshDatabase('lspcat', shopSql);
  const expected = await expectedCounts(url);
  const server = await startInProcessServer({ connection: url });
  try {
    const status = await server.waitForCatalog();
    assert.equal(status.state, 'loaded', status.error);
    assert.equal(status.relations, expected.relations);
    assert.equal(status.columns, expected.columns);
    assert.match(status.serverVersion ?? '', /^\d+(\.\d+)?/);
    assert.deepEqual((await server.status()).catalog, status);
  } finally {
    await server.shutdown();
  }
});

test('a key/value connection string works too', async () => {
  const url = new URL(await freshDatabase('lspcatkv', 'create table only_one(a int, b text)'));
  const kv = `host=${url.hostname} port=${url.port} dbname=${url.pathname.slice(1)} user=${decodeURIComponent(url.username)} password='${decodeURIComponent(url.password).replace(/['\\]/g, '\\$&')}'`;
  await assertLoadsCatalogOf(url, { connection: kv });
});

test('without initializationOptions the libpq environment (PGHOST, PGPORT …) is used', async () => {
  const url = new URL(await freshDatabase('lspcatenv', 'create table from_env(x int)'));
  await assertLoadsCatalogOf(url, {
    env: {
      ...process.env,
      PGHOST: url.hostname,
      PGPORT: url.port,
      PGUSER: decodeURIComponent(url.username),
      PGPASSWORD: decodeURIComponent(url.password),
      PGDATABASE: url.pathname.slice(1),
    },
  });
});

test('pgsight/refreshCatalog picks up DDL run since the last load', async () => {
  const url = await freshDatabase('lspcatref', 'create table t1(a int)');
  const server = await startInProcessServer({ connection: url });
  try {
    const first = await server.waitForCatalog();
    assert.equal(first.state, 'loaded', first.error);
    const c = await connect(url);
    try {
      await c.query('create table t2(a int, b int, c int)');
    } finally {
      await c.end();
    }
    const next = nextFinalStatus(server);
    await server.connection.sendNotification(RefreshCatalogNotification.type, {});
    const second = await next;
    assert.equal(second.state, 'loaded', second.error);
    assert.equal(second.relations, first.relations + 1);
    assert.equal(second.columns, first.columns + 3);
  } finally {
    await server.shutdown();
  }
});

test('a server that is down gives a clear error state, and setConnection recovers', async () => {
  // a port nobody listens on: connect fails at once with ECONNREFUSED
  const down = 'postgres://postgres:x@127.0.0.1:1/postgres';
  const server = await startInProcessServer({ connection: down });
  try {
    const status = await server.waitForCatalog();
    assert.equal(status.state, 'error');
    // in libpq's words, as psql prints it
    assert.equal(
      status.error,
      'connection to server at "127.0.0.1", port 1 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?',
    );
    // the server is still alive and answering
    assert.equal((await server.status()).catalog.state, 'error');

    const url = await freshDatabase('lspcatrec', 'create table back(a int)');
    const next = nextFinalStatus(server);
    await server.connection.sendNotification(SetConnectionNotification.type, { connection: url });
    const recovered = await next;
    assert.equal(recovered.state, 'loaded', recovered.error);
    assert.equal(recovered.relations, (await expectedCounts(url)).relations);

    await server.connection.sendNotification(SetConnectionNotification.type, { connection: null });
    // null disconnects: state none, not an error
    await new Promise<void>((resolve) => {
      const d = server.connection.onNotification(CatalogChangedNotification.type, (s: CatalogStatus) => {
        if (s.state === 'none') {
          d.dispose();
          resolve();
        }
      });
    });
    assert.deepEqual((await server.status()).catalog, { state: 'none', relations: 0, columns: 0, serverVersion: null });
  } finally {
    await server.shutdown();
  }
});

test('PostgreSQL errors (wrong password, missing database) are reported with its message', async () => {
  const u = new URL(await freshDatabase('lspcaterr'));
  u.pathname = '/pgsight_no_such_database';
  const server = await startInProcessServer({ connection: u.toString() });
  try {
    const status = await server.waitForCatalog();
    assert.equal(status.state, 'error');
    assert.equal(status.error, 'database "pgsight_no_such_database" does not exist');
  } finally {
    await server.shutdown();
  }
});

test('a connection killed during the load ends in error, and refresh recovers', { timeout: 30_000 }, async () => {
  const url = await freshDatabase('lspcatkill', 'create table k(a int)');
  const server = await startInProcessServer({ connection: url });
  try {
    assert.equal((await server.waitForCatalog()).state, 'loaded');
    // a lock on pg_description (which connection start-up never reads) makes the next load
    // wait inside its queries; we then terminate its backend
    const locker = await connect(url);
    const admin = await connect(url);
    try {
      await locker.query('begin; lock table pg_catalog.pg_description in access exclusive mode');
      const next = nextFinalStatus(server);
      await server.connection.sendNotification(RefreshCatalogNotification.type, {});
      let killed = 0;
      while (killed === 0) {
        const r = await admin.query(
          "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'pgsight catalog' and datname = current_database() and wait_event_type = 'Lock'",
        );
        killed = r.rowCount ?? 0;
        if (killed === 0) {
          // paces the polling until the load is seen waiting (an event, not an assertion on time)
          await admin.query('select pg_sleep(0.02)');
        }
      }
      const failed = await next;
      assert.equal(failed.state, 'error');
      assert.match(failed.error ?? '', /terminat/i);
      await locker.query('rollback');
      const again = nextFinalStatus(server);
      await server.connection.sendNotification(RefreshCatalogNotification.type, {});
      assert.equal((await again).state, 'loaded');
    } finally {
      await locker.end();
      await admin.end();
    }
  } finally {
    await server.shutdown();
  }
});

test('a server that accepts the connection but never answers ends in error, not a hang', async () => {
  // a TCP listener that swallows the startup packet: only the connect timeout can end this
  const sockets: net.Socket[] = [];
  const silent = net.createServer((socket) => {
    sockets.push(socket);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as net.AddressInfo).port;
  const server = await startInProcessServer({ connection: `postgres://postgres:x@127.0.0.1:${port}/postgres`, settings: { catalogTimeout: 300 } });
  try {
    const status = await server.waitForCatalog();
    assert.equal(status.state, 'error');
    assert.match(status.error ?? '', /timeout/i);
    assert.equal((await server.status()).catalog.state, 'error');
  } finally {
    await server.shutdown();
    for (const s of sockets) {
      s.destroy();
    }
    silent.close();
  }
});
