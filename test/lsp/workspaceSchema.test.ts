/**
 * `pgsight.schema.files` in the editor: with no server reachable, an open document is checked
 * against the workspace's migrations (test/fixtures/check/db), replayed by the language server.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { startInProcessServer, type LspHarness } from '../support/lspServer';

const fixture = path.resolve(__dirname, '../fixtures/check');
const servers: LspHarness[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.shutdown()));
});

/** Diagnostics once the workspace catalog has arrived (it is replayed after `initialized`). */
async function settled(server: LspHarness, uri: string, text: string, done: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
  let diags = await server.open(uri, text);
  for (let i = 0; i < 50 && !done(diags); i++) {
    await new Promise((r) => setTimeout(r, 100));
    diags = await server.change(uri, text);
  }
  return diags;
}

test('an editor with no database is checked against the workspace schema files', async () => {
  const server = await startInProcessServer({ connection: null, rootUri: pathToFileURL(fixture).toString(), settings: { schemaFiles: ['db/*.sql'] } });
  servers.push(server);
  const text =
    'SELECT order_id FROM shop_orders;\nSELECT full_name, spent FROM order_totals;\nSELECT * FROM order_lines;\nSELECT now(), pid FROM pg_stat_activity;\n';
  const diags = await settled(server, 'file:///q.sql', text, (d) => d.length > 0);
  assert.deepEqual(
    diags.map((d) => [d.code, d.message, d.range.start.line]),
    [
      ['42703', 'column "order_id" does not exist\nHint: Perhaps you meant to reference the column "shop_orders.orderid".', 0],
      ['42P01', 'relation "order_lines" does not exist', 2],
    ],
  );
});

test('globs outside the workspace folder are ignored', async () => {
  const server = await startInProcessServer({
    connection: null,
    rootUri: pathToFileURL(path.join(fixture, 'queries')).toString(),
    settings: { schemaFiles: ['../db/*.sql', path.join(fixture, 'db/*.sql')] },
  });
  servers.push(server);
  // wait for the server's (empty) replay to finish, then check nothing was loaded
  for (let i = 0; i < 200 && (await server.status()).workspaceSchema.generation < 1; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal((await server.status()).workspaceSchema.files, 0);
  const diags = await server.open('file:///q2.sql', 'SELECT order_id FROM shop_orders;\n');
  assert.deepEqual(diags, []);
  assert.match(server.stderr(), /ignoring \.\.\/db\/\*\.sql, .*outside the workspace folder/);
});
