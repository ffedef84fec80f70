/**
 * Peer authentication over the unix socket with no password, as a local Debian cluster is
 * usually reached: a throwaway PostgreSQL of this file's own (its pg_hba.conf is changed, so
 * never the shared test server), a role named after the operating-system user, and the
 * resolver's defaults alone (no user, no password: libpq takes the OS user).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { resolveConnection, connectClient } from '../../shared/src/libpq';
import { discoverLocalClusters } from '../../client/src/connections/discovery';
import { tempHome } from '../support/tempHome';

interface Throwaway {
  url: string;
  port: number;
  socketDir: string;
  stop(): Promise<void>;
}

let server: Throwaway;
const osUser = os.userInfo().username;

before(async () => {
  const helper = '../../scripts/lib/embeddedPg.mjs';
  const { startEmbeddedPostgres } = (await import(helper)) as { startEmbeddedPostgres(): Promise<Throwaway> };
  server = await startEmbeddedPostgres();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`select format('create role %I login', $1::text)`, [osUser]).then((r) => admin.query(r.rows[0].format as string));
    const hbaFile = (await admin.query("select current_setting('hba_file') as f")).rows[0].f as string;
    fs.writeFileSync(hbaFile, `local all ${osUser} peer\n${fs.readFileSync(hbaFile, 'utf8')}`);
    await admin.query('select pg_reload_conf()');
    // pg_hba_file_rules shows the file as the server has now loaded it
    const rules = await admin.query("select auth_method from pg_hba_file_rules where type = 'local' order by rule_number limit 1");
    assert.equal(rules.rows[0]?.auth_method, 'peer');
  } finally {
    await admin.end();
  }
});

after(async () => {
  await server?.stop();
});

test('peer authentication over the socket: no user, no password, the OS user is the role', async () => {
  const home = tempHome();
  const r = resolveConnection(`host=${server.socketDir} port=${server.port} dbname=postgres`, { env: {}, home });
  assert.equal(r.params.user, osUser);
  assert.deepEqual(r.sources.user, { kind: 'default', detail: 'operating-system user' });
  assert.equal(r.params.password, undefined);
  // the password callback throws "no password supplied" if the server ever asks for one
  const c = await connectClient(r, { timeoutMs: 10_000 });
  try {
    const row = (await c.query('select current_user as u, system_user as s, inet_server_addr() as a')).rows[0];
    assert.deepEqual(row, { u: osUser, s: `peer:${osUser}`, a: null });
  } finally {
    await c.end();
  }
});

test('a socket found by discovery connects with peer authentication', async () => {
  const clusters = await discoverLocalClusters({ lsclusters: null, etcDir: '/nonexistent', socketDirs: [server.socketDir] });
  assert.deepEqual(clusters.map((c) => [c.source, c.port]), [['socket', server.port]]);
  const r = resolveConnection(`${clusters[0]!.conninfo} dbname=postgres`, { env: {}, home: tempHome() });
  const c = await connectClient(r);
  try {
    assert.equal((await c.query('select system_user as s')).rows[0].s, `peer:${osUser}`);
  } finally {
    await c.end();
  }
});
