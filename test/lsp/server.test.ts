import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startInProcessServer, startServer, serverPath } from '../support/lspServer';

test('standalone server answers initialize and pgsight/status over --stdio', async () => {
  const server = await startServer({ connection: null });
  try {
    assert.equal(server.initializeResult.serverInfo?.name, 'pgsight');
    assert.match(server.initializeResult.serverInfo?.version ?? '', /^\d+\.\d+\.\d+/);
    const status = await server.status();
    assert.equal(status.version, server.initializeResult.serverInfo?.version);
    assert.ok(['loading', 'error'].includes(status.catalog.state), status.catalog.state);
    // no connection given: the libpq environment the harness sets (PGHOST=/nonexistent) is tried, and fails
    const catalog = await server.waitForCatalog();
    assert.equal(catalog.state, 'error');
    assert.match(catalog.error ?? '', /\/nonexistent/);
    assert.equal(catalog.relations, 0);
  } finally {
    await server.shutdown();
  }
  assert.equal(server.process.exitCode, 0, `server exited with ${server.process.exitCode}: ${server.stderr()}`);
});

test('dist/server.js --version prints the package version', () => {
  const r = spawnSync(process.execPath, [serverPath, '--version'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  assert.match(r.stdout.trim(), /^\d+\.\d+\.\d+$/);
});

test('two servers in one process share no state: documents, problems and catalog are per connection', async () => {
  const a = await startInProcessServer({ connection: null });
  const b = await startInProcessServer({ connection: null });
  try {
    const uri = 'file:///shared-name.sql';
    const fromA = await a.open(uri, 'select from where;');
    const fromB = await b.open(uri, 'select 1;');
    assert.deepEqual(fromA.map((d) => d.code), ['42601']);
    assert.deepEqual(fromB, [], 'b parsed its own text, not a\'s cached parse of the same uri');
    // a's document changes; b's parse of the same uri is untouched
    assert.deepEqual(await a.change(uri, 'select 2;'), []);
    const hover = await b.request<{ contents: unknown } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 7 } });
    assert.equal(hover, null, 'no catalog: b answers from its own empty state');
    assert.equal((await a.status()).catalog.state === 'loaded', false);
  } finally {
    await a.shutdown();
    await b.shutdown();
  }
});
