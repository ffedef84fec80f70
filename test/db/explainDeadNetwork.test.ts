/**
 * A dead network cannot hang EXPLAIN for good. The session goes through a TCP proxy (written
 * here with node:net) that forwards to the test server and can freeze mid-query: it stops
 * forwarding both ways and keeps every socket open, as a dropped VPN or a sleeping laptop
 * does. The client-side deadline, and Cancel (PostgreSQL's cancel request with the backend key,
 * then dropping the socket), end the run within a bounded time with a clear message, and the
 * table keeps its rows.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import pg from 'pg';
import { connect, freshDatabase } from '../support/db';
import { ExplainError, ExplainRun } from '../../client/src/explain/explainRunner';

const database = freshDatabase('explain_deadnet', `create table t(id int primary key); insert into t select generate_series(1, 50);`);

/** Forwards to PostgreSQL; `freeze()` black-holes the open connections (and, when told, new ones). */
class FreezingProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly pairs: { frozen: boolean }[] = [];
  private hangNew = false;
  /** Connections forwarded so far. */
  connections = 0;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    this.server = net.createServer((inbound) => {
      this.sockets.add(inbound);
      inbound.on('error', () => undefined);
      if (this.hangNew) {
        return; // accepted, never answered
      }
      this.connections++;
      const pair = { frozen: false };
      this.pairs.push(pair);
      const outbound = net.connect(this.port, this.host);
      this.sockets.add(outbound);
      outbound.on('error', () => undefined);
      // frozen: bytes are dropped, not queued, and the sockets stay open
      inbound.on('data', (chunk) => void (pair.frozen || outbound.write(chunk)));
      outbound.on('data', (chunk) => void (pair.frozen || inbound.write(chunk)));
      const done = () => {
        inbound.destroy();
        outbound.destroy();
      };
      inbound.on('close', done);
      outbound.on('close', done);
    });
  }

  /** Stops forwarding on every open connection; 'hang' also swallows new ones, 'pass' forwards them. */
  freeze(newConnections: 'pass' | 'hang'): void {
    for (const p of this.pairs) {
      p.frozen = true;
    }
    this.hangNew = newConnections === 'hang';
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) {
      s.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let url: string;
let direct: pg.Client;

before(async () => {
  url = await database;
  direct = await connect(url);
});

after(async () => {
  await direct.end();
});

async function rows(): Promise<number> {
  return Number((await direct.query<{ n: string }>('select count(*) as n from t')).rows[0]!.n);
}

/** A session to the test database through the proxy. */
async function throughProxy(port: number): Promise<pg.Client> {
  const u = new URL(url);
  const c = new pg.Client({ host: '127.0.0.1', port, user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database: u.pathname.slice(1), keepAlive: true });
  c.on('error', () => undefined);
  await c.connect();
  return c;
}

/** The backend's pid from BackendKeyData (node-postgres keeps it; its types do not declare it). */
function backendPid(c: pg.Client): number {
  return (c as unknown as { processID: number }).processID;
}

/** Waits (on events: one query after another) until the backend runs the EXPLAIN. */
async function untilActive(pid: number): Promise<void> {
  for (;;) {
    const r = await direct.query("select 1 from pg_stat_activity where pid = $1 and state = 'active' and query like 'EXPLAIN (%'", [pid]);
    if (r.rowCount! > 0) {
      return;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function backendState(pid: number): Promise<string | undefined> {
  const r = await direct.query<{ state: string }>('select state from pg_stat_activity where pid = $1', [pid]);
  return r.rows[0]?.state;
}

/** A DELETE that sleeps in an InitPlan before deleting anything: still running when the network dies. */
const slowDelete = 'delete from t where id > (select 5 from pg_sleep(30))';

test('the client-side deadline ends a run whose server went silent, and nothing is deleted', { timeout: 20_000 }, async () => {
  const proxy = new FreezingProxy('127.0.0.1', Number(new URL(url).port));
  const client = await throughProxy(await proxy.listen());
  try {
    const pid = backendPid(client);
    const t0 = Date.now();
    const outcome = new ExplainRun(client, { graceMs: 1000 }).run({ sql: slowDelete, analyze: true, timeoutMs: 1000, confirmWrite: async () => true }).then(
      () => undefined,
      (err: unknown) => err,
    );
    await untilActive(pid);
    proxy.freeze('hang');
    const err = await outcome;
    const elapsed = Date.now() - t0;
    assert.ok(err instanceof ExplainError, String(err));
    assert.equal(err.kind, 'timeout');
    assert.match(err.message, /^The server did not answer within 2\.0 s \(statement_timeout \+ 1 s\), so pgsight dropped the connection\. Nothing was committed/);
    assert.ok(elapsed < 6000, `ended after ${elapsed} ms`);
    assert.equal(await rows(), 50);
    // once the path closes, the server ends the backend and its transaction never commits
    await proxy.close();
    while ((await backendState(pid)) !== undefined) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(await rows(), 50);
  } finally {
    await proxy.close();
    await client.end().catch(() => undefined);
  }
});

test('Cancel reaches the server with the backend key although the session is frozen, then drops the socket', { timeout: 20_000 }, async () => {
  const proxy = new FreezingProxy('127.0.0.1', Number(new URL(url).port));
  const client = await throughProxy(await proxy.listen());
  try {
    const pid = backendPid(client);
    const run = new ExplainRun(client, { graceMs: 3000 });
    const outcome = run.run({ sql: slowDelete, analyze: true, timeoutMs: 0, confirmWrite: async () => true }).then(
      () => undefined,
      (err: unknown) => err,
    );
    await untilActive(pid);
    // this session is frozen; a new connection (the cancel request's) still goes through
    proxy.freeze('pass');
    const before = proxy.connections;
    const t0 = Date.now();
    assert.equal(await run.cancel(), true, 'the server took the cancel request');
    assert.equal(proxy.connections, before + 1, 'on a socket of its own, with no login');
    // the server did cancel (before pgsight drops the silent socket): the backend left the statement
    let state = await backendState(pid);
    while (state === 'active') {
      state = await backendState(pid);
    }
    assert.equal(state, 'idle in transaction (aborted)');
    const err = await outcome;
    const elapsed = Date.now() - t0;
    assert.ok(err instanceof ExplainError, String(err));
    assert.equal(err.kind, 'cancelled');
    assert.match(err.message, /^Cancelled: the server did not stop the statement within 3 s, so pgsight dropped the connection/);
    assert.ok(elapsed < 8000, `ended after ${elapsed} ms`);
    assert.equal(await rows(), 50);
  } finally {
    await proxy.close();
    await client.end().catch(() => undefined);
  }
});

test('Cancel on a network where nothing answers still ends the run in bounded time', { timeout: 20_000 }, async () => {
  const proxy = new FreezingProxy('127.0.0.1', Number(new URL(url).port));
  const client = await throughProxy(await proxy.listen());
  try {
    const pid = backendPid(client);
    const run = new ExplainRun(client, { graceMs: 1000 });
    const outcome = run.run({ sql: slowDelete, analyze: true, timeoutMs: 0, confirmWrite: async () => true }).then(
      () => undefined,
      (err: unknown) => err,
    );
    await untilActive(pid);
    proxy.freeze('hang');
    const t0 = Date.now();
    assert.equal(await run.cancel(), false, 'the cancel request got no answer');
    const err = await outcome;
    assert.ok(err instanceof ExplainError, String(err));
    assert.equal(err.kind, 'cancelled');
    assert.ok(Date.now() - t0 < 5000);
    assert.equal(await rows(), 50);
    // the statement is still running on the server, rolled back when the path closes
    assert.equal(await backendState(pid), 'active');
    await proxy.close();
    while ((await backendState(pid)) !== undefined) {
      await direct.query('select pg_cancel_backend($1)', [pid]);
    }
    assert.equal(await rows(), 50);
  } finally {
    await proxy.close();
    await client.end().catch(() => undefined);
  }
});
