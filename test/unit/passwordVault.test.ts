/**
 * Passwords bound to their endpoint, without a server: what SecretStorage holds, when a
 * saved password is handed out, how bare passwords of earlier versions are migrated, and the
 * sealing that keeps them out of LSP traces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSecret, describeEndpoint, encodeSecret, PasswordVault, sameEndpoint, secretKey, targetEndpoint, targetPassword } from '../../client/src/connections/passwordVault';
import { profileTarget } from '../../client/src/connections/profile';
import { serverConnectionString } from '../../client/src/connections/serverConnection';
import { resolveTarget } from '../../client/src/connections/session';
import { parseConninfo } from '../../shared/src/libpq';
import { passwordRecipient, sealPassword } from '../../shared/src/sealedPassword';
import { MemorySecrets } from '../support/memorySecrets';
import { tempHome } from '../support/tempHome';

const resolve = { env: {}, home: tempHome(), osUser: 'os', sysconfdir: '/nonexistent', defaultSocketDir: '/var/run/postgresql' };
const prod = profileTarget({ name: 'prod', host: 'db.example.com', port: '5432', user: 'app', dbname: 'shop' });

test('the endpoint: every host with its address and port, the user and the database, normalized', () => {
  const e = targetEndpoint(profileTarget({ name: 'x', connection: 'host=DB.Example.com.,/tmp/ hostaddr=10.0.0.1, port=5432,5433 user=u' }), resolve);
  assert.deepEqual(e, {
    hosts: [
      { host: 'db.example.com', hostaddr: '10.0.0.1', port: 5432 },
      { host: '/tmp', hostaddr: null, port: 5433 },
    ],
    user: 'u',
    dbname: 'postgres',
  });
  assert.equal(describeEndpoint(e), 'u@db.example.com (10.0.0.1):5432,/tmp:5433/postgres');
  const same = targetEndpoint(profileTarget({ name: 'y', connection: 'host=db.example.com,/tmp hostaddr=10.0.0.1, port=5432,5433 user=u dbname=postgres' }), resolve);
  assert.ok(sameEndpoint(e, same));
});

test('a saved password is handed out only while host, hostaddr, port, user and database are unchanged', async () => {
  const secrets = new MemorySecrets();
  const vault = new PasswordVault(secrets);
  await vault.save(prod.id, targetEndpoint(prod, resolve), 's3cret', true);
  assert.deepEqual(await targetPassword(vault, prod, resolve), { kind: 'bound', password: 's3cret' });
  const raw = secrets.values.get(secretKey(prod.id))!;
  const stored = decodeSecret(raw);
  assert.ok(!('legacy' in stored));
  assert.deepEqual(stored.endpoint.hosts, [{ host: 'db.example.com', hostaddr: null, port: 5432 }]);
  for (const moved of [
    { host: 'evil.example.com' },
    { port: '6543' },
    { user: 'postgres' },
    { dbname: 'other' },
    { connection: 'hostaddr=203.0.113.9' },
  ]) {
    const target = profileTarget({ name: 'prod', host: 'db.example.com', port: '5432', user: 'app', dbname: 'shop', ...moved });
    const found = await targetPassword(vault, target, resolve);
    assert.equal(found.kind, 'endpoint changed', JSON.stringify(moved));
  }
  // session-only passwords are bound the same way, and never reach SecretStorage
  const memoryOnly = new MemorySecrets();
  const v2 = new PasswordVault(memoryOnly);
  await v2.save(prod.id, targetEndpoint(prod, resolve), 'typed', false);
  assert.equal(memoryOnly.values.size, 0);
  assert.equal((await targetPassword(v2, profileTarget({ name: 'prod', host: 'evil' }), resolve)).kind, 'endpoint changed');
});

test('a bare password from an earlier version is bound to the profile as first read (user settings), then checked like any', async () => {
  const secrets = new MemorySecrets();
  secrets.values.set(secretKey(prod.id), 'legacy-pw');
  const vault = new PasswordVault(secrets);
  assert.deepEqual(await targetPassword(vault, prod, resolve), { kind: 'bound', password: 'legacy-pw' });
  const migrated = decodeSecret(secrets.values.get(secretKey(prod.id))!);
  assert.ok(!('legacy' in migrated) && sameEndpoint(migrated.endpoint, targetEndpoint(prod, resolve)), 'rewritten with the endpoint it is now bound to');
  const elsewhere = profileTarget({ name: 'prod', host: 'evil.example.com' });
  assert.equal((await targetPassword(new PasswordVault(secrets), elsewhere, resolve)).kind, 'endpoint changed');
  // a stored value that merely looks like JSON is still a password
  assert.deepEqual(decodeSecret('{"v":1}'), { legacy: '{"v":1}' });
  assert.ok(!('legacy' in decodeSecret(encodeSecret(targetEndpoint(prod, resolve), 'x'))));
});

test('editing a profile in pgsight and keeping its password moves it to the new name and endpoint; forget removes it', async () => {
  const secrets = new MemorySecrets();
  const vault = new PasswordVault(secrets);
  await vault.save(prod.id, targetEndpoint(prod, resolve), 'pw', true);
  const renamed = profileTarget({ name: 'prod2', host: 'db2.example.com', user: 'app', dbname: 'shop' });
  await vault.carryOver(prod.id, renamed.id, targetEndpoint(prod, resolve), targetEndpoint(renamed, resolve));
  assert.equal(secrets.values.has(secretKey(prod.id)), false);
  assert.deepEqual(await targetPassword(new PasswordVault(secrets), renamed, resolve), { kind: 'bound', password: 'pw' });
  await vault.forget(renamed.id);
  assert.deepEqual(await targetPassword(vault, renamed, resolve), { kind: 'none' });
});

test('the language server\'s connection string never holds a secret, even when one was resolved', () => {
  const r = resolveTarget(profileTarget({ name: 'p', connection: 'host=h sslpassword=keypass' }), 'shop', { resolve, password: 'hunter2' });
  assert.equal(r.params.password, 'hunter2');
  const conn = serverConnectionString(r);
  assert.ok(!conn.includes('hunter2') && !conn.includes('keypass'), conn);
  assert.deepEqual([...parseConninfo(conn).keys()].sort(), ['dbname', 'host', 'port', 'user']);
});

test('a sealed password opens only with its recipient\'s key, and not after tampering', () => {
  const recipient = passwordRecipient();
  const sealed = sealPassword(recipient.publicKey, 'pässwörd');
  assert.equal(recipient.open(sealed), 'pässwörd');
  assert.ok(!JSON.stringify(sealed).includes('pässwörd'));
  assert.throws(() => passwordRecipient().open(sealed));
  const data = Buffer.from(sealed.data, 'base64');
  data[0] = data[0]! ^ 1;
  assert.throws(() => recipient.open({ ...sealed, data: data.toString('base64') }));
});
