/**
 * textDocument/signatureHelp over the server's JSON-RPC, with the catalog loaded from a real
 * PostgreSQL holding the shop schema: every overload of the function, the parameter the
 * cursor is on, the overload that fits, and nothing outside a known call.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { SignatureHelp } from 'vscode-languageserver-protocol';
import { freshDatabase } from '../support/db';
import { startInProcessServer } from '../support/lspServer';

const shopSql = fs.readFileSync(path.resolve(__dirname, '../fixtures/catalog/shop.sql'), 'utf8');

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

test('signature help over LSP: overloads from the catalog, the active parameter and overload', async () => {
  const url = await freshDatabase('lspsig', shopSql);
  const server = await startInProcessServer({ connection: url });
  try {
    assert.equal((await server.waitForCatalog()).state, 'loaded');
    assert.deepEqual(server.initializeResult.capabilities.signatureHelpProvider?.triggerCharacters, ['(', ',']);
    const uri = 'file:///tmp/signature.sql';
    const text = "select 1;\nselect date_trunc('month', created_at, ) from customers;\nselect order_total(";
    await server.open(uri, text);
    const at = (offset: number) =>
      server.request<SignatureHelp | null>('textDocument/signatureHelp', { textDocument: { uri }, position: position(text, offset) });

    // on the second argument of date_trunc: all four overloads, parameter 1
    const second = (await at(text.indexOf("'month', ") + "'month', ".length))!;
    const labels = second.signatures.map((s) => s.label).sort();
    assert.deepEqual(labels, [
      'date_trunc(text, interval) → interval',
      'date_trunc(text, timestamp with time zone) → timestamp with time zone',
      'date_trunc(text, timestamp with time zone, text) → timestamp with time zone',
      'date_trunc(text, timestamp without time zone) → timestamp without time zone',
    ]);
    assert.equal(second.activeParameter, 1);
    // parameters are offsets into the label: the second one reads as the second type
    const active = second.signatures[second.activeSignature!]!;
    const [from, to] = active.parameters![1]!.label as [number, number];
    assert.match(active.label.slice(from, to), /^(interval|timestamp (with|without) time zone)$/);

    // on the third argument only the three-parameter overload fits
    const third = (await at(text.indexOf('created_at, ') + 'created_at, '.length))!;
    assert.equal(third.activeParameter, 2);
    assert.equal(third.signatures[third.activeSignature!]!.label, 'date_trunc(text, timestamp with time zone, text) → timestamp with time zone');

    // the user's own function, in a call still open at the end of the document, with its comment
    const own = (await at(text.length))!;
    assert.deepEqual(
      own.signatures.map((s) => s.label),
      ['order_total(p_orderid bigint) → numeric'],
    );
    assert.equal(own.activeParameter, 0);
    assert.match((own.signatures[0]!.documentation as { value: string }).value, /^Sum of the order/);
    const [s0, e0] = own.signatures[0]!.parameters![0]!.label as [number, number];
    assert.equal(own.signatures[0]!.label.slice(s0, e0), 'p_orderid bigint');

    // outside any call, and in a parenthesis that is no call: nothing
    assert.equal(await at(text.indexOf('from customers')), null);
    const notACall = 'select * from orders where orderid in (1, ';
    await server.change(uri, notACall);
    assert.equal(await server.request('textDocument/signatureHelp', { textDocument: { uri }, position: position(notACall, notACall.length) }), null);
  } finally {
    await server.shutdown();
  }
});
