/**
 * Every connection source, resolved from real files in a temporary HOME: the environment,
 * the user and system service files with libpq's precedence, ~/.pgpass with its wildcards,
 * escapes and permission check, defaults, and the pg config that comes out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { resolveConnection, displayParams, connectionUri, ConninfoError, passwordFromFile } from '../../shared/src/libpq';
import { tempHome } from '../support/tempHome';

const base = { osUser: 'osuser', defaultSocketDir: '/var/run/postgresql', sysconfdir: '/nonexistent-sysconf' };

test('nothing given: libpq defaults, the OS user, dbname = user, the default socket directory', () => {
  const r = resolveConnection(null, { ...base, env: {}, home: tempHome() });
  assert.equal(r.params.host, '/var/run/postgresql');
  assert.equal(r.params.port, '5432');
  assert.equal(r.params.user, 'osuser');
  assert.equal(r.params.dbname, 'osuser');
  assert.equal(r.params.sslmode, 'prefer');
  assert.deepEqual(r.sources.user, { kind: 'default', detail: 'operating-system user' });
  assert.deepEqual(r.sources.dbname, { kind: 'default', detail: 'same as the user name' });
  assert.deepEqual(r.sources.host, { kind: 'default', detail: 'default socket directory' });
  assert.equal(r.hosts[0]!.socket, true);
  assert.equal(r.pgConfig.host, '/var/run/postgresql');
  assert.equal(r.pgConfig.port, 5432);
  assert.equal(r.pgConfig.ssl, false, 'libpq never uses SSL over a unix socket');
  assert.equal(r.attempts.length, 1);
});

test('PG* environment variables fill what the string leaves unset; the string wins', () => {
  const env = { PGHOST: 'db.example.com', PGPORT: '6543', PGUSER: 'envuser', PGDATABASE: 'envdb', PGAPPNAME: 'envapp', PGSSLMODE: 'disable', PGCONNECT_TIMEOUT: '1', PGOPTIONS: '-c work_mem=64MB' };
  const r = resolveConnection('dbname=shop', { ...base, env, home: tempHome() });
  assert.equal(r.params.dbname, 'shop');
  assert.deepEqual(r.sources.dbname, { kind: 'connection string', detail: 'connection string' });
  assert.equal(r.params.host, 'db.example.com');
  assert.deepEqual(r.sources.host, { kind: 'environment', detail: 'PGHOST' });
  assert.deepEqual(r.sources.port, { kind: 'environment', detail: 'PGPORT' });
  assert.equal(r.pgConfig.port, 6543);
  assert.equal(r.pgConfig.user, 'envuser');
  assert.equal(r.pgConfig.application_name, 'envapp');
  assert.equal(r.pgConfig.options, '-c work_mem=64MB');
  assert.equal(r.pgConfig.connectionTimeoutMillis, 2000, 'libpq raises connect_timeout=1 to 2 s');
  assert.equal(r.pgConfig.ssl, false);
  assert.equal(r.attempts.length, 1, 'sslmode=disable: a single plain attempt');
});

test('PGPASSWORD is used and never shown by displayParams or the URI', async () => {
  const r = resolveConnection('host=h user=u', { ...base, env: { PGPASSWORD: 's3cret' }, home: tempHome() });
  assert.equal(r.params.password, 's3cret');
  assert.deepEqual(r.sources.password, { kind: 'environment', detail: 'PGPASSWORD' });
  assert.equal(await (r.pgConfig.password as () => string)(), 's3cret');
  assert.equal(displayParams(r).password, undefined);
  assert.equal(connectionUri(r), 'postgresql://u@h:5432/u');
});

test('service file: the service fills unset keywords before the environment; the string still wins', () => {
  const home = tempHome({ '.pg_service.conf': '# comment\n[other]\nhost=wrong\n\n[shop]\nhost=svc.example.com\nport=7000\ndbname=svcdb\n  user=svcuser  \n[after]\nhost=wrong2\n' });
  const r = resolveConnection('service=shop dbname=mine', { ...base, env: { PGHOST: 'envhost', PGUSER: 'envuser' }, home });
  assert.equal(r.params.host, 'svc.example.com', 'the service wins over PGHOST, as in libpq');
  assert.equal(r.params.port, '7000');
  assert.equal(r.params.user, 'svcuser', 'leading/trailing blanks of a line are ignored');
  assert.equal(r.params.dbname, 'mine');
  const file = path.join(home, '.pg_service.conf');
  assert.deepEqual(r.sources.host, { kind: 'service file', detail: `${file} line 6 [shop]` });
  assert.equal(r.service?.file, file);
});

test('PGSERVICE and PGSERVICEFILE; the system file (PGSYSCONFDIR) only when the user file lacks the service', () => {
  const home = tempHome({
    'custom.conf': '[a]\nhost=user-a\n',
    'sys/pg_service.conf': '[a]\nhost=sys-a\nport=1111\n[b]\nhost=sys-b\n',
  });
  const env = { PGSERVICEFILE: path.join(home, 'custom.conf'), PGSYSCONFDIR: path.join(home, 'sys') };
  const a = resolveConnection(null, { ...base, env: { ...env, PGSERVICE: 'a' }, home });
  assert.equal(a.params.host, 'user-a');
  assert.equal(a.params.port, '5432', 'a section found in the user file stops the search: the system file is not merged');
  assert.deepEqual(a.sources.service, { kind: 'environment', detail: 'PGSERVICE' });
  const b = resolveConnection('service=b', { ...base, env, home });
  assert.equal(b.params.host, 'sys-b');
  assert.deepEqual(b.service?.searched.map((s) => s.exists), [true, true]);
  assert.throws(() => resolveConnection('service=c', { ...base, env, home }), { message: 'definition of service "c" not found' });
});

test('service file syntax errors carry libpq messages', () => {
  const home = tempHome({ '.pg_service.conf': '[x]\nhost = spaced\n[y]\nservice=z\n[z]\nnoequals\n' });
  const file = path.join(home, '.pg_service.conf');
  assert.throws(() => resolveConnection('service=x', { ...base, env: {}, home }), { message: `syntax error in service file "${file}", line 2` });
  assert.throws(() => resolveConnection('service=y', { ...base, env: {}, home }), { message: `nested service specifications not supported in service file "${file}", line 4` });
  assert.throws(() => resolveConnection('service=z', { ...base, env: {}, home }), { message: `syntax error in service file "${file}", line 6` });
});

const pgpass = [
  '# host:port:database:user:password',
  'db.example.com:5432:shop:ann:first',
  'db.example.com:*:*:ann:wild\\:card\\\\pw',
  'localhost:5432:*:bob:socketpw',
  '/tmp/other-socket:5433:*:bob:dirpw',
  '*:*:*:*:fallback',
].join('\n');

test('~/.pgpass: first matching line wins, * wildcards, \\ escapes', () => {
  const home = tempHome({ '.pgpass': pgpass });
  const r1 = resolveConnection('host=db.example.com dbname=shop user=ann', { ...base, env: {}, home });
  assert.equal(r1.params.password, 'first');
  assert.deepEqual(r1.sources.password, { kind: 'password file', detail: `${path.join(home, '.pgpass')} line 2` });
  const r2 = resolveConnection('host=db.example.com port=6000 dbname=other user=ann', { ...base, env: {}, home });
  assert.equal(r2.params.password, 'wild:card\\pw');
  const r3 = resolveConnection('host=elsewhere user=carl', { ...base, env: {}, home });
  assert.equal(r3.params.password, 'fallback');
});

test('~/.pgpass: localhost matches the default socket directory; another directory only by its path', () => {
  const home = tempHome({ '.pgpass': pgpass.split('\n').slice(0, 5).join('\n') });
  const viaDefault = resolveConnection('user=bob', { ...base, env: {}, home });
  assert.equal(viaDefault.params.password, 'socketpw');
  const viaOther = resolveConnection('host=/tmp/other-socket port=5433 user=bob', { ...base, env: {}, home });
  assert.equal(viaOther.params.password, 'dirpw');
  const noMatch = resolveConnection('host=/tmp/third user=bob', { ...base, env: {}, home });
  assert.equal(noMatch.params.password, undefined);
  assert.equal(noMatch.hosts[0]!.password, null);
});

test('~/.pgpass readable by group or others is refused with libpq warning; PGPASSFILE chooses the file', async () => {
  const home = tempHome({ '.pgpass': '*:*:*:*:leaked', 'alt.pgpass': '*:*:*:*:alt' }, { '.pgpass': 0o644 });
  const r = resolveConnection('host=h user=u', { ...base, env: {}, home });
  assert.equal(r.params.password, undefined);
  assert.deepEqual(r.warnings, [`password file "${path.join(home, '.pgpass')}" has group or world access; permissions should be u=rw (0600) or less`]);
  await assert.rejects(async () => (r.pgConfig.password as () => string)(), { message: 'fe_sendauth: no password supplied' });
  const alt = resolveConnection('host=h user=u', { ...base, env: { PGPASSFILE: path.join(home, 'alt.pgpass') }, home });
  assert.equal(alt.params.password, 'alt');
  assert.deepEqual(alt.sources.passfile, { kind: 'environment', detail: 'PGPASSFILE' });
  assert.deepEqual(passwordFromFile(home, { host: 'h', port: '5432', dbname: 'u', user: 'u' }, '/tmp').warnings, [`password file "${home}" is not a plain file`]);
});

test('overrides (a SecretStorage password) win over everything and are labelled', () => {
  const home = tempHome({ '.pgpass': '*:*:*:*:filepw' });
  const r = resolveConnection('host=h password=inline', { ...base, env: { PGPASSWORD: 'envpw' }, home, overrides: { password: 'vault' }, overrideLabel: 'VS Code SecretStorage' });
  assert.equal(r.params.password, 'vault');
  assert.deepEqual(r.sources.password, { kind: 'override', detail: 'VS Code SecretStorage' });
  assert.equal(r.passfile, null, 'the password file is not read when a password is given');
});

test('sslmode: libpq order of attempts, validation and root certificate rules', () => {
  const home = tempHome();
  const prefer = resolveConnection('host=h', { ...base, env: {}, home });
  assert.deepEqual(prefer.attempts.map((a) => a.ssl), [true, false]);
  assert.equal(prefer.pgConfig.ssl, false, 'pgConfig is the attempt that works without SSL');
  assert.deepEqual(resolveConnection('host=h sslmode=allow', { ...base, env: {}, home }).attempts.map((a) => a.ssl), [false, true]);
  const require = resolveConnection('host=h sslmode=require', { ...base, env: {}, home });
  assert.deepEqual(require.attempts.map((a) => a.ssl), [true]);
  assert.equal((require.pgConfig.ssl as { rejectUnauthorized: boolean }).rejectUnauthorized, false);
  assert.throws(() => resolveConnection('host=h sslmode=verify-full', { ...base, env: {}, home }), (e: unknown) =>
    e instanceof ConninfoError && e.message.startsWith(`root certificate file "${path.join(home, '.postgresql', 'root.crt')}" does not exist`));
  assert.throws(() => resolveConnection('sslmode=sometimes', { ...base, env: {}, home }), { message: 'invalid sslmode value: "sometimes"' });
  const system = resolveConnection('host=h', { ...base, env: { PGSSLROOTCERT: 'system' }, home });
  assert.equal(system.params.sslmode, 'verify-full', 'sslrootcert=system makes verify-full the default');
  assert.throws(() => resolveConnection('host=h sslmode=require sslrootcert=system', { ...base, env: {}, home }), { message: 'weak sslmode "require" may not be used with sslrootcert=system (use "verify-full")' });
});

test('multiple hosts: one attempt per host in order, ports matched like libpq', () => {
  const r = resolveConnection('postgresql://a:1,b:2/db?sslmode=disable', { ...base, env: {}, home: tempHome() });
  assert.deepEqual(r.attempts.map((a) => `${a.config.host}:${a.config.port}`), ['a:1', 'b:2']);
  assert.throws(() => resolveConnection('host=a,b,c port=1,2', { ...base, env: {}, home: tempHome() }), { message: 'could not match 2 port numbers to 3 hosts' });
  assert.throws(() => resolveConnection('port=x', { ...base, env: {}, home: tempHome() }), { message: 'invalid integer value "x" for connection option "port"' });
});
