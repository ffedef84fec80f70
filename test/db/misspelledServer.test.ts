/**
 * End to end through the real server process: it connects to a real PostgreSQL itself
 * (DESIGN contract 1), loads the catalog, and explains a misspelled column exactly as
 * PostgreSQL does; the quick fix and the "Refresh catalog" action work over JSON-RPC.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { connect, freshDatabase } from '../support/db';
import { startServer } from '../support/lspServer';

test('catalog-backed diagnostics, quick fix and catalog refresh over the real server', async () => {
  const url = await freshDatabase('misspelled_server', 'create table orders (orderid int primary key, customer text); create schema audit; create table audit.log (id int)');
  const server = await startServer({ connection: url, settings: { diagnosticsDelay: 0 } });
  try {
    const status = await server.waitForCatalog();
    assert.equal(status.state, 'loaded', status.error);
    const uri = 'file:///query.sql';
    const text = 'select * from orders where order_id = 5;\nselect * from ordrs;\nselect * from log;\n';
    const diags = await server.open(uri, text);
    assert.deepEqual(
      diags.map((d) => [d.code, d.message, d.range.start.line, d.range.start.character, d.range.end.character]),
      [
        ['42703', 'column "order_id" does not exist\nHint: Perhaps you meant to reference the column "orders.orderid".', 0, 27, 35],
        ['42P01', 'relation "ordrs" does not exist', 1, 14, 19],
        // `log` exists in a schema off the search path: the catalog may be stale, say nothing
      ],
    );

    const fixFor = async (d: Diagnostic): Promise<CodeAction[]> =>
      server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const columnFixes = await fixFor(diags[0]!);
    assert.equal(columnFixes[0]!.title, 'Change to "orderid"');
    assert.equal(columnFixes[0]!.isPreferred, true);
    const tableFixes = await fixFor(diags[1]!);
    assert.equal(tableFixes[0]!.title, 'Change to "orders"');
    assert.equal(tableFixes[0]!.edit!.changes![uri]![0]!.newText, 'orders');

    // the column appears in the database; "Refresh catalog" reloads, and the open document
    // is checked again by itself (no edit): the error goes away
    const c = await connect(url);
    try {
      await c.query('alter table orders add column order_id int');
    } finally {
      await c.end();
    }
    const republished = new Promise<Diagnostic[]>((resolve) => {
      // from here on this test listens to the server's pushes itself
      server.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
        if (p.uri === uri && !p.diagnostics.some((d) => d.code === '42703')) {
          resolve(p.diagnostics);
        }
      });
    });
    const refresh = columnFixes.find((a) => a.title === 'Refresh catalog');
    assert.ok(refresh?.command, JSON.stringify(columnFixes));
    // the server answers the command once the reload has finished
    await server.request('workspace/executeCommand', { command: refresh.command.command, arguments: refresh.command.arguments ?? [] });
    assert.equal((await server.status()).catalog.state, 'loaded');
    assert.deepEqual((await republished).map((d) => d.code), ['42P01']);
  } finally {
    await server.shutdown();
  }
});
