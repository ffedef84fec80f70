/**
 * The attack of issue 10 §2 against a real PostgreSQL: a repository's .vscode/settings.json
 * redefines the user's saved connection "prod" to point at a host that captures what it is
 * sent. The capture is a TCP proxy in front of the real server (test/support/captureProxy.ts),
 * so a password sent through it would really be used; afterwards the test reads what went
 * through the socket.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { testUrl } from '../support/db';
import { passwordRole } from '../support/passwordRole';
import { captureProxy } from '../support/captureProxy';
import { MemorySecrets } from '../support/memorySecrets';
import { tempHome } from '../support/tempHome';
import { userScopedValue } from '../../shared/src/settings';
import { connectClient, resolveConnection, ChannelBindingError, channelBindingMessages, NoPasswordSuppliedError } from '../../shared/src/libpq';
import { toProfiles, profileTarget } from '../../client/src/connections/profile';
import { openSession, classifyConnectError } from '../../client/src/connections/session';
import { PasswordVault, secretKey, targetPassword, targetEndpoint, decodeSecret, passwordForHost, type PasswordLookup } from '../../client/src/connections/passwordVault';

const server = new URL(testUrl());
const host = server.hostname;
const port = Number(server.port || '5432');
let user = '';
let password = '';
let dropRole: () => Promise<void> = async () => undefined;
before(async () => {
  ({ user, password, drop: dropRole } = await passwordRole());
});
after(() => dropRole());
/** No PG* variables, no ~/.pgpass: only what the test gives. */
const resolve = { env: {}, home: tempHome(), osUser: 'nobody-here', sysconfdir: '/nonexistent' };
/** The user's own saved connection. */
const prodProfile = () => ({ name: 'prod', host, port: String(port), user, dbname: 'postgres', sslmode: 'disable' });

/** What a session is opened with: the vault's password only when it is bound. */
function given(found: PasswordLookup): string | undefined {
  return found.kind === 'bound' ? found.password : undefined;
}

function sentPassword(types: string[][]): boolean {
  return types.some((t) => t.includes('p'));
}

test('attack: a workspace "prod" pointing elsewhere is ignored; the capturing host is never contacted', async () => {
  const proxy = await captureProxy({ host, port });
  try {
    const secrets = new MemorySecrets();
    // saved by an earlier pgsight: a bare password under the profile name
    secrets.values.set(secretKey('profile:prod'), password);
    const vault = new PasswordVault(secrets);
    const evil = { ...prodProfile(), host: '127.0.0.1', port: String(proxy.port) };

    // VS Code passes the workspace value on (it should not, the setting is machine-scoped): still ignored
    const { profiles } = toProfiles(userScopedValue<unknown>({ globalValue: [prodProfile()], workspaceValue: [evil], workspaceFolderValue: [evil] }, []));
    assert.deepEqual(profiles.map((p) => [p.name, p.port]), [['prod', String(port)]]);
    // a workspace alone defines no cluster at all, so nothing is probed until the user adds one
    assert.deepEqual(toProfiles(userScopedValue<unknown>({ defaultValue: [], workspaceValue: [evil] }, [])).profiles, []);

    // the tree opens and probes every cluster it shows, with the saved password
    for (const target of profiles.map(profileTarget)) {
      const found = await targetPassword(vault, target, resolve);
      assert.equal(found.kind, 'bound', 'the legacy password is bound to the user\'s own prod at its first read');
      const c = await openSession(target, null, { resolve, password: given(found) });
      await c.end();
    }
    assert.equal(proxy.sessions.length, 0, 'the workspace\'s host received no connection');
    const stored = decodeSecret(secrets.values.get(secretKey('profile:prod'))!);
    assert.ok(!('legacy' in stored) && stored.endpoint.hosts[0]!.port === port, 'the migrated secret records the endpoint it is for');
  } finally {
    await proxy.close();
  }
});

test('attack: when prod itself is moved to another endpoint, its saved password is not sent there', async () => {
  const proxy = await captureProxy({ host, port });
  try {
    const vault = new PasswordVault(new MemorySecrets());
    const original = profileTarget(prodProfile());
    await vault.save(original.id, targetEndpoint(original, resolve), password, true);
    // the same name, now at the capturing host (hand-edited settings, or an older pgsight reading a workspace)
    const moved = profileTarget({ ...prodProfile(), host: '127.0.0.1', port: String(proxy.port) });
    const found = await targetPassword(vault, moved, resolve);
    assert.equal(found.kind, 'endpoint changed');
    // what the tree does without a click: connect with what the vault gave (nothing); the server asks, no one answers
    await assert.rejects(openSession(moved, null, { resolve, password: given(found) }), (err: unknown) => {
      assert.ok(err instanceof NoPasswordSuppliedError);
      assert.equal(classifyConnectError(err), 'auth needed');
      return true;
    });
    // and the language server's request for that host gets nothing either
    const asked = await passwordForHost(vault, moved, 'postgres', { host: '127.0.0.1', hostaddr: null, port: proxy.port, user }, resolve);
    assert.ok('refused' in asked);
    assert.equal(proxy.sessions.length, 1);
    assert.ok(!sentPassword(proxy.messageTypes()), `no password message went through: ${JSON.stringify(proxy.messageTypes())}`);
    assert.ok(!proxy.sessions[0]!.sent.includes(Buffer.from(password)));

    // control: the capture does see a password when one is sent
    const c = await openSession(moved, null, { resolve, password });
    await c.end();
    assert.ok(sentPassword(proxy.messageTypes().slice(1)), 'the capture sees a password message');
  } finally {
    await proxy.close();
  }
});

test('a server request for a password is answered only for the cluster\'s own host and user', async () => {
  const vault = new PasswordVault(new MemorySecrets());
  const target = profileTarget(prodProfile());
  await vault.save(target.id, targetEndpoint(target, resolve), password, false);
  assert.deepEqual(await passwordForHost(vault, target, 'shop', { host: host.toUpperCase(), hostaddr: null, port, user }, resolve), { password });
  assert.ok('refused' in (await passwordForHost(vault, target, 'shop', { host, hostaddr: null, port: port + 1, user }, resolve)));
  assert.ok('refused' in (await passwordForHost(vault, target, 'shop', { host, hostaddr: null, port, user: 'someone_else' }, resolve)));
  assert.ok('refused' in (await passwordForHost(vault, target, 'shop', { host: 'evil.example', hostaddr: null, port, user }, resolve)));
});

test('channel_binding=require against the real server (no SSL, so no SCRAM-PLUS): refused before any password is sent', async () => {
  const proxy = await captureProxy({ host, port });
  try {
    const r = resolveConnection(`host=127.0.0.1 port=${proxy.port} user=${user} dbname=postgres sslmode=disable channel_binding=require`, { ...resolve, overrides: { password } });
    await assert.rejects(connectClient(r), (err: unknown) => {
      assert.ok(err instanceof ChannelBindingError, String(err));
      // the real server asks for a cleartext password (pg_hba "password"): psql 18 prints exactly this for it
      assert.equal((err as Error).message, `connection to server at "127.0.0.1", port ${proxy.port} failed: ${channelBindingMessages.notSupported}`);
      return true;
    });
    assert.equal(proxy.sessions.length, 1);
    assert.ok(!sentPassword(proxy.messageTypes()), `no password message: ${JSON.stringify(proxy.messageTypes())}`);
    assert.ok(!proxy.sessions[0]!.sent.includes(Buffer.from(password)));
    // without channel_binding=require the same connection works (so the refusal is the check, not the network)
    const ok = await connectClient(resolveConnection(`host=127.0.0.1 port=${proxy.port} user=${user} dbname=postgres sslmode=disable`, { ...resolve, overrides: { password } }));
    await ok.end();
  } finally {
    await proxy.close();
  }
});

test('channel_binding=require: a listener that never answers gets only the startup packet', async () => {
  const listener = await captureProxy(null);
  try {
    const r = resolveConnection(`host=127.0.0.1 port=${listener.port} user=${user} dbname=postgres sslmode=disable channel_binding=require connect_timeout=2`, { ...resolve, overrides: { password } });
    await assert.rejects(connectClient(r));
    assert.deepEqual(listener.messageTypes(), [[]]);
    assert.ok(!listener.sessions[0]!.sent.includes(Buffer.from(password)));
  } finally {
    await listener.close();
  }
});

test('target_session_attrs is honoured on the real server: a primary is not read-only, is not a standby', async () => {
  const base = `host=${host} port=${port} user=${user} dbname=postgres sslmode=disable`;
  for (const attrs of ['read-write', 'primary', 'prefer-standby', 'any']) {
    const c = await connectClient(resolveConnection(`${base} target_session_attrs=${attrs}`, { ...resolve, overrides: { password } }));
    await c.end();
  }
  await assert.rejects(connectClient(resolveConnection(`${base} target_session_attrs=standby`, { ...resolve, overrides: { password } })), {
    message: `connection to server at "${host}", port ${port} failed: server is not in hot standby mode`,
  });
  await assert.rejects(connectClient(resolveConnection(`${base} target_session_attrs=read-only`, { ...resolve, overrides: { password } })), /session is not read-only/);
});
