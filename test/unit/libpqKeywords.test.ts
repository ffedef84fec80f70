/**
 * libpq keywords node-postgres has no option for: each one is honoured (mapped onto the pg
 * config) or refused with a message naming it, never dropped silently; connection-string
 * errors never quote a password back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { resolveConnection, parseConninfo, ConninfoError, keywords } from '../../shared/src/libpq';
import { channelBindingRefusal, channelBindingMessages } from '../../shared/src/libpq/connect';
import { tempHome } from '../support/tempHome';

const base = { osUser: 'osuser', defaultSocketDir: '/var/run/postgresql', sysconfdir: '/nonexistent-sysconf', env: {} };
const resolve = (s: string, env: NodeJS.ProcessEnv = {}) => resolveConnection(s, { ...base, env, home: tempHome() });

test('keywords pgsight cannot honour are refused, naming the keyword (from the string or the environment)', () => {
  const cases: [string, RegExp][] = [
    ['host=h tcp_user_timeout=5000', /"tcp_user_timeout=5000" is not supported by pgsight: .*TCP_USER_TIMEOUT/],
    ['host=h keepalives_interval=10', /"keepalives_interval=10" is not supported/],
    ['host=h keepalives_count=3', /"keepalives_count=3" is not supported/],
    ['host=/tmp requirepeer=postgres', /"requirepeer=postgres" is not supported/],
    ['host=h gssencmode=require', /"gssencmode=require" is not supported.*GSSAPI/],
    ['host=h krbsrvname=pg', /"krbsrvname=pg" is not supported.*Kerberos/],
    ['host=h gsslib=gssapi', /"gsslib=gssapi" is not supported/],
    ['host=h require_auth=scram-sha-256', /"require_auth=scram-sha-256" is not supported/],
    ['host=h sslnegotiation=direct', /"sslnegotiation=direct" is not supported/],
    ['host=h sslcertmode=require', /"sslcertmode=require" is not supported/],
    ['host=h replication=database', /"replication=database" is not supported/],
    ['host=h min_protocol_version=3.2', /"min_protocol_version=3.2" is not supported/],
    ['host=h oauth_issuer=https://x', /"oauth_issuer=https:\/\/x" is not supported/],
  ];
  for (const [conninfo, message] of cases) {
    assert.throws(() => resolve(conninfo), (e: unknown) => e instanceof ConninfoError && message.test(e.message), conninfo);
  }

  assert.throws(() => resolve('host=h', { PGREQUIREPEER: 'postgres' }), /"requirepeer=postgres" is not supported/);
  assert.throws(() => resolve('host=h', { PGTARGETSESSIONATTRS: 'sometimes' }), { message: 'invalid target_session_attrs value: "sometimes"' });
  assert.throws(() => resolve('host=h channel_binding=maybe'), { message: 'invalid channel_binding value: "maybe"' });
  assert.throws(() => resolve('host=h load_balance_hosts=roundrobin'), { message: 'invalid load_balance_hosts value: "roundrobin"' });
});

test('the harmless values of those keywords still connect', () => {
  for (const conninfo of [
    'host=h tcp_user_timeout=0',
    'host=h keepalives=0 keepalives_interval=10 keepalives_count=3',
    'host=h gssencmode=disable krbsrvname=postgres',
    'host=h replication=false max_protocol_version=latest min_protocol_version=3.0',
    'host=h target_session_attrs=read-write load_balance_hosts=random channel_binding=require sslcertmode=disable',
  ]) {
    assert.doesNotThrow(() => resolve(conninfo), conninfo);
  }
});

test('keepalives, keepalives_idle, sslcrldir and sslcertmode=disable are honoured', () => {
  assert.equal(resolve('host=h').pgConfig.keepAlive, true);
  assert.equal(resolve('host=h keepalives=0').pgConfig.keepAlive, false);
  assert.equal(resolve('host=h keepalives_idle=7').pgConfig.keepAliveInitialDelayMillis, 7000);
  assert.throws(() => resolve('host=h keepalives=yes'), { message: 'invalid integer value "yes" for connection option "keepalives"' });

  const home = tempHome();
  const dir = path.join(home, 'crls');
  fs.mkdirSync(dir);
  const crl = '-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n';
  fs.writeFileSync(path.join(dir, 'abcd1234.r0'), crl);
  fs.writeFileSync(path.join(dir, 'README'), 'not a CRL');
  const r = resolveConnection(`host=h sslmode=require sslcrldir=${dir}`, { ...base, home });
  const tls = r.attempts[0]!.config.ssl as { crl?: Buffer[] };
  assert.deepEqual(tls.crl?.map((b) => b.toString()), [crl]);
  assert.throws(() => resolveConnection(`host=h sslmode=require sslcrldir=${path.join(home, 'none')}`, { ...base, home }), /could not open SSL certificate revocation list directory/);

  fs.mkdirSync(path.join(home, '.postgresql'));
  fs.writeFileSync(path.join(home, '.postgresql', 'postgresql.crt'), 'CERT');
  fs.writeFileSync(path.join(home, '.postgresql', 'postgresql.key'), 'KEY', { mode: 0o600 });
  const withCert = resolveConnection('host=h sslmode=require', { ...base, home }).attempts[0]!.config.ssl as { cert?: Buffer };
  assert.equal(withCert.cert?.toString(), 'CERT');
  const noCert = resolveConnection('host=h sslmode=require sslcertmode=disable', { ...base, home }).attempts[0]!.config.ssl as { cert?: Buffer };
  assert.equal(noCert.cert, undefined);
});

test('every libpq keyword is either mapped, checked or at a default that needs nothing', () => {
  // a new keyword in keywords.ts must be given a place in pgConfig.ts or keywordSupport.ts
  const handled = new Set([
    'service', 'servicefile', 'user', 'password', 'passfile', 'channel_binding', 'connect_timeout', 'dbname', 'host', 'hostaddr', 'port',
    'client_encoding', 'options', 'application_name', 'fallback_application_name', 'keepalives', 'keepalives_idle', 'keepalives_interval',
    'keepalives_count', 'tcp_user_timeout', 'sslmode', 'sslnegotiation', 'sslcompression', 'sslcert', 'sslkey', 'sslcertmode', 'sslpassword',
    'sslrootcert', 'sslcrl', 'sslcrldir', 'sslsni', 'requirepeer', 'require_auth', 'min_protocol_version', 'max_protocol_version',
    'ssl_min_protocol_version', 'ssl_max_protocol_version', 'gssencmode', 'krbsrvname', 'gsslib', 'gssdelegation', 'replication',
    'target_session_attrs', 'load_balance_hosts', 'scram_client_key', 'scram_server_key', 'oauth_issuer', 'oauth_client_id',
    'oauth_client_secret', 'oauth_scope',
  ]);
  assert.deepEqual(keywords.map((k) => k.keyword).filter((k) => !handled.has(k)), []);
});

test('channel_binding=require: refused for every authentication request but SCRAM-SHA-256-PLUS over SSL', () => {
  assert.equal(channelBindingRefusal('sasl', true), channelBindingMessages.notOffered);
  assert.equal(channelBindingRefusal('sasl-plus', false), channelBindingMessages.notOffered);
  assert.equal(channelBindingRefusal('md5', true), channelBindingMessages.notSupported);
  assert.equal(channelBindingRefusal('cleartext', true), channelBindingMessages.notSupported);
  assert.equal(channelBindingRefusal('none', true), channelBindingMessages.notUsed);
  assert.equal(channelBindingRefusal('sasl-plus', true), null);
});

test('connection-string errors never quote a password back', () => {
  const secret = 'Tr0ub4dor';
  const bad = [
    `password=${secret} ${secret}2`,
    `password='x' ${secret}=1 other`,
    `password=x ${secret}`,
    `postgresql://u:${secret}%zz@h/db`,
    `postgresql://u:${secret}%00@h/db`,
    `postgresql://u:${secret}@[::1/db`,
    `postgresql://u:${secret}@[]/db`,
    `postgresql://u:${secret}@[::1]x/db`,
    `postgresql://h/db?password=${secret}%zz`,
    `postgresql://h/db?sslpassword=${secret}%00`,
    `postgresql://u:${secret}@h/db?password=${secret}&bogus=1`,
  ];
  for (const s of bad) {
    assert.throws(
      () => parseConninfo(s),
      (e: unknown) => e instanceof ConninfoError && !e.message.includes(secret) && !e.message.includes('Tr0ub'),
      s,
    );
  }
  // the rest of libpq's message stays, so a user still sees what is wrong
  assert.throws(() => parseConninfo(`postgresql://u:${secret}@[::1/db`), {
    message: 'end of string reached when looking for matching "]" in IPv6 host address in URI: "postgresql://u:********@[::1/db"',
  });
  assert.throws(() => parseConninfo('host=h bogus'), { message: 'missing "=" after "bogus" in connection info string' });
});
