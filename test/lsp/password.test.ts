/**
 * Passwords and the LSP wire (issue 10 §2): the VS Code client sends the language server a
 * connection string without a password and answers `pgsight/password` when the server asks,
 * sealed to the server's one-time key. Every JSON-RPC byte both ways is captured (what
 * `pgsight.trace.server: verbose` could log) and searched for the password.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { testUrl } from '../support/db';
import { passwordRole } from '../support/passwordRole';
import { startServer } from '../support/lspServer';
import { MemorySecrets } from '../support/memorySecrets';
import { tempHome } from '../support/tempHome';
import { PasswordRequest, SetConnectionNotification } from '../../shared/src/protocol';
import { sealPassword } from '../../shared/src/sealedPassword';
import { PasswordVault, passwordForHost, targetEndpoint } from '../../client/src/connections/passwordVault';
import { profileTarget } from '../../client/src/connections/profile';
import { serverConnectionString } from '../../client/src/connections/serverConnection';
import { resolveTarget } from '../../client/src/connections/session';

const server = new URL(testUrl());
const host = server.hostname;
const port = server.port || '5432';
let user = '';
let password = '';
let dropRole: () => Promise<void> = async () => undefined;
before(async () => {
  ({ user, password, drop: dropRole } = await passwordRole());
});
after(() => dropRole());
const home = tempHome();
const resolve = { env: {}, home, osUser: 'nobody-here', sysconfdir: '/nonexistent' };
/** The server process: no PG* password source of its own. */
const env = { PATH: process.env.PATH, HOME: home, PGHOST: '/nonexistent', PGDATABASE: 'none' };
const prodTarget = () => profileTarget({ name: 'prod', host, port, user, dbname: 'postgres', sslmode: 'disable' });

/** What the VS Code client does (ConnectionStore.passwordForServer): answer only for the issued string and the bound endpoint. */
async function vscodeClient(): Promise<{ connection: string; handlers: Record<string, (p: unknown) => unknown>; asked: PasswordRequest.Params[] }> {
  const prod = prodTarget();
  const vault = new PasswordVault(new MemorySecrets());
  await vault.save(prod.id, targetEndpoint(prod, resolve), password, true);
  const connection = serverConnectionString(resolveTarget(prod, 'postgres', { resolve, password }));
  const asked: PasswordRequest.Params[] = [];
  const handlers = {
    [PasswordRequest.method]: async (raw: unknown): Promise<PasswordRequest.Result> => {
      const p = raw as PasswordRequest.Params;
      asked.push(p);
      if (p.connection !== connection) {
        return { sealed: null };
      }
      const answer = await passwordForHost(vault, prod, 'postgres', p, resolve);
      return { sealed: 'password' in answer ? sealPassword(p.recipientKey, answer.password) : null };
    },
  };
  return { connection, handlers, asked };
}

test('the VS Code client: no password in initializationOptions or setConnection; the server asks and no message carries it', async () => {
  const client = await vscodeClient();
  assert.ok(!client.connection.includes(password), 'serverConnectionString drops the password even when one was resolved');
  const lsp = await startServer({ env, settings: { settings: { connection: client.connection, passwordRequests: true } }, handlers: client.handlers });
  try {
    const status = await lsp.waitForCatalog();
    assert.equal(status.state, 'loaded', status.error);
    assert.equal(client.asked.length, 1);
    assert.deepEqual({ ...client.asked[0]!, recipientKey: undefined }, { connection: client.connection, host, hostaddr: null, port: Number(port), user, dbname: 'postgres', recipientKey: undefined });
    // a rebinding reconnects and asks again
    void lsp.connection.sendNotification(SetConnectionNotification.type, { connection: client.connection } satisfies SetConnectionNotification.Params);
    const again = await lsp.waitForCatalog();
    assert.equal(again.state, 'loaded');
    const wire = lsp.wire();
    assert.match(wire, /"method":"pgsight\/password"/);
    assert.match(wire, /"sealed":\{"ephemeralKey"/);
    assert.ok(!wire.includes(password), 'the password appears in no JSON-RPC message, either way');
    assert.ok(!wire.includes(Buffer.from(password).toString('base64')));
    assert.ok(!lsp.stderr().includes(password));
  } finally {
    await lsp.shutdown();
  }
});

test('a password request for another host or another string is answered with nothing; the catalog says so', async () => {
  const client = await vscodeClient();
  // the server was told about a string the client never issued (e.g. a stale binding)
  const other = `host=${host} port=${port} user=${user} dbname=template1 sslmode=disable`;
  const lsp = await startServer({ env, settings: { settings: { connection: other, passwordRequests: true } }, handlers: client.handlers });
  try {
    const status = await lsp.waitForCatalog();
    assert.equal(status.state, 'error');
    assert.equal(status.error, 'fe_sendauth: no password supplied');
    assert.equal(client.asked.length, 1);
    assert.ok(!lsp.wire().includes(password));
  } finally {
    await lsp.shutdown();
  }
});

test('standalone clients (contract 1): a password in initializationOptions.connection still works, and the server never asks', async () => {
  const asked: unknown[] = [];
  const withPassword = `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/postgres?sslmode=disable`;
  const lsp = await startServer({ env, connection: withPassword, handlers: { [PasswordRequest.method]: (p: unknown) => (asked.push(p), { sealed: null }) } });
  try {
    const status = await lsp.waitForCatalog();
    assert.equal(status.state, 'loaded', status.error);
    assert.equal(asked.length, 0);
  } finally {
    await lsp.shutdown();
  }
  const noPassword = await startServer({ env, connection: `host=${host} port=${port} user=${user} dbname=postgres sslmode=disable`, handlers: { [PasswordRequest.method]: (p: unknown) => (asked.push(p), { sealed: null }) } });
  try {
    const status = await noPassword.waitForCatalog();
    assert.equal(status.error, 'fe_sendauth: no password supplied');
    assert.equal(asked.length, 0, 'a client that did not set passwordRequests is never asked');
  } finally {
    await noPassword.shutdown();
  }
});
