/**
 * The client's connection plumbing without a server: profiles from settings (never a
 * password), the detail view's "where each parameter came from", the connection string sent
 * to the language server, and Debian's pg_lsclusters / postgresql.conf parsing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { toProfiles, profileConninfo, profileToSetting } from '../../client/src/connections/profile';
import { connectionDetailMarkdown } from '../../client/src/connections/detailReport';
import { serverConnectionString } from '../../client/src/connections/serverConnection';
import { confSetting, parseLsclusters } from '../../client/src/connections/discovery';
import { resolveTarget, type ClusterTarget } from '../../client/src/connections/session';
import { parseConninfo } from '../../shared/src/libpq';
import { tempHome } from '../support/tempHome';

test('profiles: fields override the connection string, malformed and duplicate entries are reported', () => {
  const { profiles, warnings } = toProfiles([
    { name: 'a', connection: 'host=/var/run/postgresql dbname=x', dbname: 'y', port: 5433 },
    { name: 'a', host: 'dup' },
    { name: 'bad', connection: "host='unterminated" },
    { host: 'nameless' },
    'junk',
  ]);
  assert.equal(profiles.length, 1);
  assert.deepEqual(Object.fromEntries(parseConninfo(profileConninfo(profiles[0]!))), { host: '/var/run/postgresql', dbname: 'y', port: '5433' });
  assert.deepEqual(profileToSetting(profiles[0]!), { name: 'a', connection: 'host=/var/run/postgresql dbname=x', port: '5433', dbname: 'y' });
  assert.deepEqual(warnings, [
    'duplicate connection name "a" ignored',
    'connection "bad": unterminated quoted string in connection info string',
    'a connection without a name was ignored',
  ]);
});

test('the detail view names the source of every parameter and never shows the password', () => {
  const h = tempHome();
  fs.writeFileSync(path.join(h, '.pg_service.conf'), '[shop]\nhost=db.internal\nport=6432\n');
  const target: ClusterTarget = { id: 'profile:shop', label: 'shop', kind: 'profile', conninfo: 'service=shop sslmode=disable' };
  const r = resolveTarget(target, null, { resolve: { env: { PGUSER: 'ann' }, home: h, osUser: 'os', sysconfdir: '/nonexistent' }, password: 'hunter2' });
  const text = connectionDetailMarkdown(target, r);
  assert.ok(!text.includes('hunter2'));
  assert.match(text, /\| host \| db\.internal \| service file: .*\.pg_service\.conf line 2 \[shop\] \|/);
  assert.match(text, /\| port \| 6432 \| service file: .* line 3 \[shop\] \|/);
  assert.match(text, /\| user \| ann \| environment: PGUSER \|/);
  assert.match(text, /\| dbname \| postgres \| override: pgsight maintenance database \|/);
  assert.match(text, /\| password \| •••••• \| override: VS Code SecretStorage \|/);
  assert.match(text, /\| sslmode \| disable \| connection string: settings \(pgsight\.connections "shop"\) \|/);
  assert.match(text, /- db\.internal:6432 without SSL/);
  assert.match(text, /\.pg_service\.conf — defines the service/);
});

test('the server gets explicit parameters (service expanded), not libpq defaults', () => {
  const h = tempHome();
  fs.writeFileSync(path.join(h, '.pg_service.conf'), '[shop]\nhost=db.internal\n');
  const target: ClusterTarget = { id: 'x', label: 'x', kind: 'profile', conninfo: "service=shop application_name='my app'" };
  const conn = serverConnectionString(resolveTarget(target, 'orders', { resolve: { env: {}, home: h, osUser: 'os', sysconfdir: '/nonexistent' } }));
  assert.deepEqual(Object.fromEntries(parseConninfo(conn)), { host: 'db.internal', user: 'os', dbname: 'orders', application_name: 'my app', port: '5432' });
});

test('pg_lsclusters --json and postgresql.conf are read like postgresql-common', () => {
  const json = JSON.stringify([
    { cluster: 'main', running: 0, socketdir: '/var/run/postgresql', port: '5432', pgdata: '/var/lib/postgresql/15/main', version: 15, configdir: '/etc/postgresql/15/main' },
    { cluster: 'dev', running: 1, socketdir: '', port: 5433, pgdata: '/srv/dev', version: 17 },
  ]);
  assert.deepEqual(parseLsclusters(json).map((c) => [c.id, c.label, c.port, c.socketDir, c.running, c.conninfo]), [
    ['debian:15/main', '15/main', 5432, '/var/run/postgresql', false, 'host=/var/run/postgresql port=5432'],
    ['debian:17/dev', '17/dev', 5433, '/var/run/postgresql', true, 'host=/var/run/postgresql port=5433'],
  ]);
  const conf = "port = 5433 # (change requires restart)\n#port = 9999\nunix_socket_directories = '/var/run/postgresql,/tmp'\ndata_directory='/var/lib/it''s'\nport=5434\n";
  assert.equal(confSetting(conf, 'port'), '5434');
  assert.equal(confSetting(conf, 'unix_socket_directories'), '/var/run/postgresql,/tmp');
  assert.equal(confSetting(conf, 'data_directory'), "/var/lib/it's");
  assert.equal(confSetting(conf, 'listen_addresses'), null);
});

test('a malformed URI with a password is reported without echoing it', () => {
  const { warnings } = toProfiles([{ name: 'p', connection: 'postgresql://u:s3cr%zzet@h/db' }]);
  assert.deepEqual(warnings, ['connection "p": invalid percent-encoded token: "********"']);
  assert.ok(!warnings.join('').includes('s3cr'));
});
