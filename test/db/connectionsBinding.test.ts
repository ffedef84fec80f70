/**
 * New Query's binding reaches the real language server: the connection string the client
 * sends in `pgsight/setConnection` (built from a settings profile, without its SecretStorage
 * password: the server asks for it with `pgsight/password`) makes the server load that
 * database's catalog, and switching follows.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase, testUrl } from '../support/db';
import { startServer } from '../support/lspServer';
import { CatalogChangedNotification, PasswordRequest, SetConnectionNotification, type CatalogStatus } from '../../shared/src/protocol';
import { sealPassword } from '../../shared/src/sealedPassword';
import { resolveTarget, type ClusterTarget } from '../../client/src/connections/session';
import { serverConnectionString } from '../../client/src/connections/serverConnection';
import { parseConninfo } from '../../shared/src/libpq';
import { tempHome } from '../support/tempHome';

test('setConnection from a binding loads the bound database\'s catalog, and a switch reloads it', async () => {
  const withTables = new URL(await freshDatabase('bind_a', 'create table a1(x int); create table a2(y int); create view a3 as select 1 as z;'));
  const empty = new URL(await freshDatabase('bind_b'));
  const server = new URL(testUrl());
  const target: ClusterTarget = { id: 'profile:test', label: 'test', kind: 'profile', conninfo: `host=${server.hostname} port=${server.port} user=${decodeURIComponent(server.username)} sslmode=disable` };
  const home = tempHome();
  const options = { resolve: { env: {}, home, osUser: 'nobody' }, password: decodeURIComponent(server.password) };
  const connA = serverConnectionString(resolveTarget(target, withTables.pathname.slice(1), options));
  const connB = serverConnectionString(resolveTarget(target, empty.pathname.slice(1), options));
  assert.equal(parseConninfo(connA).get('dbname'), withTables.pathname.slice(1));
  assert.equal(parseConninfo(connA).has('password'), false, 'the password never travels in the connection string');
  assert.ok(!parseConninfo(connA).has('sslcompression'), 'libpq defaults are not spelled out');

  const asked: string[] = [];
  const lsp = await startServer({
    env: { ...process.env, PGHOST: '/nonexistent', PGDATABASE: 'none', PGPASSWORD: undefined, HOME: home },
    settings: { settings: { passwordRequests: true } },
    handlers: {
      [PasswordRequest.method]: (raw: unknown): PasswordRequest.Result => {
        const p = raw as PasswordRequest.Params;
        asked.push(p.dbname);
        return { sealed: p.connection === connA || p.connection === connB ? sealPassword(p.recipientKey, options.password) : null };
      },
    },
  });
  after(() => lsp.shutdown());
  // the start-up load (from the environment, which points nowhere) settles first
  assert.equal((await lsp.waitForCatalog()).state, 'error');
  const loaded: CatalogStatus[] = [];
  const waiters: ((s: CatalogStatus) => void)[] = [];
  lsp.connection.onNotification(CatalogChangedNotification.type, (s: CatalogStatus) => {
    if (s.state === 'loaded' || s.state === 'error') {
      loaded.push(s);
      waiters.shift()?.(s);
    }
  });
  const next = () => new Promise<CatalogStatus>((resolve) => waiters.push(resolve));

  let done = next();
  await lsp.connection.sendNotification(SetConnectionNotification.type, { connection: connA } satisfies SetConnectionNotification.Params);
  const a = await done;
  assert.equal(a.state, 'loaded', a.error);
  done = next();
  await lsp.connection.sendNotification(SetConnectionNotification.type, { connection: connB } satisfies SetConnectionNotification.Params);
  const b = await done;
  assert.equal(b.state, 'loaded', b.error);
  assert.equal(a.relations - b.relations, 3, `a1, a2, a3 are in the first catalog only (${a.relations} vs ${b.relations})`);
  assert.deepEqual(asked, [withTables.pathname.slice(1), empty.pathname.slice(1)], 'the server asked once per connection');
});
