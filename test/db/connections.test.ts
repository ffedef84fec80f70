/**
 * Every connection source against a real PostgreSQL, from files in a temporary HOME: the
 * unix socket, ~/.pgpass (wildcards, a socket-directory line, wrong permissions),
 * pg_service.conf, PG* variables, a profile with a SecretStorage password, a discovered
 * local cluster, and how failures are classified and shown.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { testUrl } from '../support/db';
import { resolveConnection, connectClient } from '../../shared/src/libpq';
import { openSession, resolveTarget, classifyConnectError, type ClusterTarget } from '../../client/src/connections/session';
import { pgErrorInfo } from '../../client/src/pgError';
import { discoverLocalClusters, scanSockets } from '../../client/src/connections/discovery';
import { toProfiles, profileConninfo } from '../../client/src/connections/profile';
import { tempHome } from '../support/tempHome';

const server = new URL(testUrl());
const port = server.port || '5432';
const user = decodeURIComponent(server.username);
const password = decodeURIComponent(server.password);

function socketDir(): string {
  const dir = process.env.PGSIGHT_TEST_SOCKET_DIR;
  if (!dir) {
    throw new Error('PGSIGHT_TEST_SOCKET_DIR is not set: run through `npm test` (it exports the throwaway server\'s socket directory) or set it to the socket directory of the server in PGSIGHT_TEST_URL (/tmp/pgsight-dev-pg for the dev server).');
  }
  return dir;
}

async function whoAmI(c: pg.Client): Promise<{ db: string; user: string; addr: string | null }> {
  try {
    const r = await c.query('select current_database() as db, current_user as user, inet_server_addr()::text as addr');
    return r.rows[0];
  } finally {
    await c.end();
  }
}

const noEnv = { osUser: 'nobody-here', sysconfdir: '/nonexistent' };

test('unix socket: host is the socket directory, password from a ~/.pgpass line naming that directory', async () => {
  const dir = socketDir();
  const home = tempHome({ '.pgpass': `${dir.replace(/:/g, '\\:')}:${port}:*:${user}:${password.replace(/:/g, '\\:')}\n` });
  const r = resolveConnection(`host=${dir} port=${port} user=${user} dbname=postgres`, { ...noEnv, env: {}, home, defaultSocketDir: '/var/run/postgresql' });
  assert.equal(r.hosts[0]!.socket, true);
  assert.deepEqual(r.sources.password, { kind: 'password file', detail: `${path.join(home, '.pgpass')} line 1` });
  const me = await whoAmI(await connectClient(r));
  assert.deepEqual(me, { db: 'postgres', user, addr: null }, 'inet_server_addr() is null over a unix socket');
});

test('unix socket as the default host: PGHOST unset, the socket directory is libpq\'s default', async () => {
  const dir = socketDir();
  const r = resolveConnection(null, { ...noEnv, env: { PGPORT: port, PGUSER: user, PGPASSWORD: password, PGDATABASE: 'postgres' }, home: tempHome(), defaultSocketDir: dir });
  assert.deepEqual(r.sources.host, { kind: 'default', detail: 'default socket directory' });
  assert.equal((await whoAmI(await connectClient(r))).addr, null);
});

test('~/.pgpass with wildcards over TCP; a group-readable file is refused and the server asks for a password', async () => {
  const line = `*:${port}:*:${user}:${password}\n`;
  const good = resolveConnection(`host=${server.hostname} port=${port} user=${user} dbname=postgres sslmode=disable`, { ...noEnv, env: {}, home: tempHome({ '.pgpass': line }) });
  assert.equal((await whoAmI(await connectClient(good))).user, user);

  const home = tempHome({ '.pgpass': line }, { '.pgpass': 0o640 });
  const bad = resolveConnection(`host=${server.hostname} port=${port} user=${user} dbname=postgres sslmode=disable`, { ...noEnv, env: {}, home });
  assert.deepEqual(bad.warnings, [`password file "${path.join(home, '.pgpass')}" has group or world access; permissions should be u=rw (0600) or less`]);
  await assert.rejects(connectClient(bad), (err: unknown) => {
    assert.equal((err as Error).message, 'fe_sendauth: no password supplied');
    assert.equal(classifyConnectError(err), 'auth needed');
    return true;
  });
});

test('pg_service.conf via PGSERVICE and PGSERVICEFILE, PG* variables for the rest', async () => {
  const home = tempHome({ 'services.conf': `[testsvc]\nhost=${server.hostname}\nport=${port}\ndbname=postgres\nsslmode=disable\n` });
  const env = { PGSERVICE: 'testsvc', PGSERVICEFILE: path.join(home, 'services.conf'), PGUSER: user, PGPASSWORD: password, PGAPPNAME: 'svc-test' };
  const r = resolveConnection(null, { ...noEnv, env, home });
  assert.equal(r.sources.host!.kind, 'service file');
  assert.deepEqual(r.sources.user, { kind: 'environment', detail: 'PGUSER' });
  const c = await connectClient(r);
  const app = (await c.query("select current_setting('application_name') as a")).rows[0].a;
  assert.equal(app, 'svc-test');
  assert.equal((await whoAmI(c)).db, 'postgres');
});

test('a settings profile has no password; SecretStorage supplies it; cluster queries use the maintenance database', async () => {
  const { profiles, warnings } = toProfiles([{ name: 'dev', connection: `postgresql://${user}:leaked@${server.hostname}:${port}/?sslmode=disable`, password: 'x' }]);
  assert.deepEqual(warnings, [
    'connection "dev": a password in settings is ignored; pgsight keeps passwords in VS Code\'s SecretStorage',
    'connection "dev": the password in its connection string is ignored; use SecretStorage',
  ]);
  assert.ok(!profileConninfo(profiles[0]!).includes('leaked'));
  const target: ClusterTarget = { id: 'profile:dev', label: 'dev', kind: 'profile', conninfo: profileConninfo(profiles[0]!) };
  const opts = { resolve: { ...noEnv, env: {}, home: tempHome() }, password };
  const r = resolveTarget(target, null, opts);
  assert.equal(r.params.dbname, 'postgres');
  assert.deepEqual(r.sources.password, { kind: 'override', detail: 'VS Code SecretStorage' });
  assert.deepEqual(r.sources.host, { kind: 'connection string', detail: 'settings (pgsight.connections "dev")' });
  const s = await openSession(target, null, { ...opts, statementTimeoutMs: 1500 });
  try {
    assert.equal((await s.query("select current_setting('statement_timeout') as t")).rows[0].t, '1500ms');
    await assert.rejects(s.query('select pg_sleep(5)'), (err: unknown) => pgErrorInfo(err).sqlstate === '57014');
  } finally {
    await s.end();
  }
  // asked only when the server wants one
  let asked = 0;
  const prompted = await openSession(target, null, { resolve: opts.resolve, askPassword: async () => (asked++, password) });
  assert.equal(asked, 1);
  await prompted.end();
});

test('failures: wrong password is 28P01 with PostgreSQL\'s message; nothing listening is "down"', async () => {
  const r = resolveConnection(`host=${server.hostname} port=${port} user=${user} password=wrong dbname=postgres sslmode=disable`, { ...noEnv, env: {}, home: tempHome() });
  await assert.rejects(connectClient(r), (err: unknown) => {
    const info = pgErrorInfo(err);
    assert.equal(info.sqlstate, '28P01');
    assert.equal(info.message, `password authentication failed for user "${user}"`);
    assert.equal(classifyConnectError(err), 'auth needed');
    return true;
  });
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'pgsight-nosock-'));
  const down = resolveConnection(`host=${empty} port=${port} user=${user}`, { ...noEnv, env: {}, home: tempHome() });
  await assert.rejects(connectClient(down, { timeoutMs: 3000 }), (err: unknown) => classifyConnectError(err) === 'down');
});

test('discovery: the server socket is found, and a Debian-style /etc/postgresql cluster pointing at it connects', async () => {
  const dir = socketDir();
  assert.ok(scanSockets([dir]).some((s) => s.port === Number(port)), `no .s.PGSQL.${port} in ${dir}`);
  const etc = fs.mkdtempSync(path.join(os.tmpdir(), 'pgsight-etc-'));
  fs.mkdirSync(path.join(etc, '18', 'main'), { recursive: true });
  fs.writeFileSync(path.join(etc, '18', 'main', 'postgresql.conf'), `# test cluster\nport = ${port}\t\t# comment\nunix_socket_directories = '${dir}'\ndata_directory = '/srv/pg/18/main'\n`);
  const clusters = await discoverLocalClusters({ lsclusters: null, etcDir: etc, socketDirs: [dir] });
  assert.deepEqual(clusters.map((c) => [c.id, c.source, c.port, c.socketDir, c.dataDirectory, c.running]), [
    ['debian:18/main', '/etc/postgresql', Number(port), dir, '/srv/pg/18/main', true],
  ], 'the socket is claimed by the cluster, not listed twice');
  const target: ClusterTarget = { id: clusters[0]!.id, label: clusters[0]!.label, kind: 'local', conninfo: clusters[0]!.conninfo, local: clusters[0] };
  const s = await openSession(target, null, { resolve: { ...noEnv, env: { PGUSER: user }, home: tempHome() }, password });
  assert.deepEqual(await whoAmI(s), { db: 'postgres', user, addr: null });

  const bare = await discoverLocalClusters({ lsclusters: null, etcDir: path.join(etc, 'none'), socketDirs: [dir] });
  assert.deepEqual(bare.map((c) => [c.source, c.label]), [['socket', `${dir}:${port}`]]);
});
