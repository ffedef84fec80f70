import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { startInProcessServer, type LspHarness } from '../support/lspServer';

// No database here: the document's own DDL is the schema (the in-document overlay).
let server: LspHarness;
before(async () => {
  server = await startInProcessServer({ connection: null });
});
after(async () => {
  await server.shutdown();
});

const textOf = (text: string, d: Diagnostic): string => {
  const lines = text.split('\n');
  const line = lines[d.range.start.line]!;
  return line.slice(d.range.start.character, d.range.start.line === d.range.end.line ? d.range.end.character : undefined);
};

test('one broken statement never hides the others; ranges start at PostgreSQL\'s cursor', async () => {
  const text = ['select 1 frm t;', "select '😀' as \"é\", from t;", 'select * from t where', ''].join('\n');
  const diags = await server.open('file:///syntax.sql', text);
  assert.deepEqual(
    diags.map((d) => [d.code, d.message, d.range.start.line, textOf(text, d), d.source]),
    [
      ['42601', 'syntax error at or near "t"', 0, 't', 'pgsight'],
      ['42601', 'syntax error at or near "from"', 1, 'from', 'pgsight'],
      ['42601', 'syntax error at end of input', 2, '', 'pgsight'],
    ],
  );
  // the emoji is two UTF-16 code units: the cursor must account for it
  assert.equal(diags[1]!.range.start.character, text.split('\n')[1]!.indexOf(', from') + 2);
  assert.equal(diags[2]!.range.start.character, 'select * from t where'.length);
});

test('a migration that creates then uses a table: misspelled column explained as PostgreSQL does, fixed in one action', async () => {
  const uri = 'file:///migration.sql';
  const text = [
    'create table orders (orderid int primary key, customer text);',
    'alter table orders add column placed_at timestamptz;',
    'select * from orders where order_id = 5;',
    'select o.placed_at, o.customer from orders o;',
    '',
  ].join('\n');
  const diags = await server.open(uri, text);
  assert.equal(diags.length, 1, JSON.stringify(diags));
  const d = diags[0]!;
  assert.equal(d.code, '42703');
  assert.equal(d.message, 'column "order_id" does not exist\nHint: Perhaps you meant to reference the column "orders.orderid".');
  assert.equal(textOf(text, d), 'order_id');
  const actions = await server.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: d.range,
    context: { diagnostics: [d] },
  });
  const change = actions.find((a) => a.title === 'Change to "orderid"');
  assert.ok(change, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(change.isPreferred, true);
  assert.equal(change.kind, 'quickfix');
  const edit = change.edit!.changes![uri]![0]!;
  assert.deepEqual(edit.range, d.range);
  assert.equal(edit.newText, 'orderid');
  assert.ok(actions.some((a) => a.title === 'Refresh catalog' && a.command !== undefined));
  // applying the fix clears the diagnostic
  const fixed = text.replace('order_id', 'orderid');
  assert.deepEqual(await server.change(uri, fixed), []);
});

test('qualified references keep their qualifier; quoting follows PostgreSQL', async () => {
  const uri = 'file:///qualified.sql';
  const text = ['create table "Items" ("ItemId" int, qty int);', 'select i.qtty, i."itemid" from "Items" i;', ''].join('\n');
  const diags = await server.open(uri, text);
  assert.deepEqual(diags.map((d) => [d.message, textOf(text, d)]), [
    ['column i.qtty does not exist\nHint: Perhaps you meant to reference the column "i.qty".', 'i.qtty'],
    ['column i.itemid does not exist\nHint: Perhaps you meant to reference the column "i.ItemId".', 'i."itemid"'],
  ]);
  const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diags[1]!.range, context: { diagnostics: [diags[1]] } });
  const change = actions.find((a) => a.title === 'Change to "ItemId"');
  assert.ok(change, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(change.edit!.changes![uri]![0]!.newText, '"ItemId"');
  assert.equal(textOf(text, { ...diags[1]!, range: change.edit!.changes![uri]![0]!.range }), '"itemid"');
});

test('the server keeps answering after hostile input', async () => {
  const uri = 'file:///hostile.sql';
  await server.open(uri, "select $$ unterminated; select 'also");
  await server.change(uri, '\u0000\uffff\ud800 select ;;; /* ');
  const status = await server.status();
  assert.equal(typeof status.version, 'string');
  // and it still checks the document: the next edit gets its diagnostics
  const after = await server.change(uri, 'select * from t wher id;');
  assert.deepEqual(after.map((d) => [d.code, d.message]), [['42601', 'syntax error at or near "id"']]);
});
