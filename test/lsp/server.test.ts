import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, serverPath } from '../support/lspServer';

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
