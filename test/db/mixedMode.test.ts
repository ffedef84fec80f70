/**
 * Mixed mode in the editor, over real LSP against the real server: the server's catalog wins,
 * and what the workspace's detected migrations (test/fixtures/layouts/flyway) create but the
 * server lacks is a warning naming the file and line that create it. A misspelling stays an
 * error, and a migration applied to the server (then a catalog refresh) ends the warning.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol';
import { startInProcessServer, type LspHarness } from '../support/lspServer';
import { connect, freshDatabase } from '../support/db';
import { RefreshCatalogNotification } from '../../shared/src/protocol';

const fixture = path.resolve(__dirname, '../fixtures/layouts/flyway');
const servers: LspHarness[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.shutdown()));
});

const shown = (d: Diagnostic[]): string[] =>
  d.map((x) => `${x.severity === DiagnosticSeverity.Warning ? 'warning' : 'error'} ${x.range.start.line + 1}: ${x.message}`);

async function settled(server: LspHarness, uri: string, text: string, done: (d: Diagnostic[]) => boolean, open = true): Promise<Diagnostic[]> {
  let diags = open ? await server.open(uri, text) : await server.change(uri, text);
  for (let i = 0; i < 100 && !done(diags); i++) {
    await new Promise((r) => setTimeout(r, 100));
    diags = await server.change(uri, text);
  }
  return diags;
}

test('names only the workspace migrations create are pending-migration warnings; misspellings stay errors', async () => {
  const v1 = fs.readFileSync(path.join(fixture, 'db/migration/V1__customers.sql'), 'utf8');
  const url = await freshDatabase('pgsight_mixed_lsp', v1);
  const server = await startInProcessServer({ connection: url, rootUri: pathToFileURL(fixture).toString() });
  servers.push(server);
  assert.equal((await server.waitForCatalog()).state, 'loaded');
  const text = 'SELECT c.full_name, c.phone FROM customers c;\nSELECT orderid FROM shop_orders;\nSELECT full_nmae FROM customers;\n';
  const diags = await settled(server, 'untitled:mixed.sql', text, (d) => d.some((x) => x.severity === DiagnosticSeverity.Warning) && d.length >= 3);
  assert.deepEqual(shown(diags), [
    'warning 1: column "phone" of relation "customers" is not on the server yet — pending migration? (added in db/migration/V1.1__phone.sql:1)',
    'warning 2: relation "shop_orders" is not on the server yet — pending migration? (created in db/migration/V10__renames.sql:1)',
    'error 3: column "full_nmae" does not exist\nHint: Perhaps you meant to reference the column "customers.full_name".',
  ]);
  assert.equal(diags[0]!.code, '42703');
  assert.equal(diags[1]!.code, '42P01');

  // the pending migration applied on the server, the catalog refreshed: the warning goes
  const client = await connect(url);
  try {
    await client.query(fs.readFileSync(path.join(fixture, 'db/migration/V1.1__phone.sql'), 'utf8'));
  } finally {
    await client.end();
  }
  void server.connection.sendNotification(RefreshCatalogNotification.type, {});
  const after = await settled(server, 'untitled:mixed.sql', text, (d) => d.length === 2, false);
  assert.deepEqual(
    shown(after).map((l) => l.split(':')[0]),
    ['warning 2', 'error 3'],
  );
});
