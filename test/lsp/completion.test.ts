/**
 * textDocument/completion over the real server and JSON-RPC, with the catalog loaded from a
 * real PostgreSQL holding the shop schema.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CompletionItem, CompletionList, TextEdit } from 'vscode-languageserver-protocol';
import { connect, freshDatabase } from '../support/db';
import { startInProcessServer } from '../support/lspServer';

const shopSql = fs.readFileSync(path.resolve(__dirname, '../fixtures/catalog/shop.sql'), 'utf8');

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

test('completion over LSP: columns after alias., tables after FROM, edits with exact ranges', async () => {
  const url = await freshDatabase('lspcomp', shopSql);
  const server = await startInProcessServer({ connection: url });
  try {
    assert.equal((await server.waitForCatalog()).state, 'loaded');
    assert.deepEqual(server.initializeResult.capabilities.completionProvider?.triggerCharacters, ['.', '"']);
    const uri = 'file:///tmp/completion.sql';
    const text = 'select 1;\nselect o.to from orders o\n  join cus';
    await server.open(uri, text);

    const afterDot = await server.request<CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: position(text, text.indexOf('o.to') + 4),
    });
    assert.deepEqual(
      afterDot.items.map((i) => i.label),
      ['total'],
    );
    const edit = afterDot.items[0]!.textEdit as TextEdit;
    assert.deepEqual(edit.range, { start: { line: 1, character: 9 }, end: { line: 1, character: 11 } });
    assert.equal(edit.newText, 'total');
    assert.equal(afterDot.items[0]!.detail, 'numeric(12,2)');

    const join = await server.request<CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: position(text, text.length),
    });
    const first = join.items[0]!;
    assert.equal(first.label, 'customers');
    assert.equal(first.kind, 7 /* Class */);
    assert.equal((first.documentation as { value: string }).value, 'People who buy things');
    assert.ok(join.items.some((i) => i.label === 'customer_orders' && i.kind === 8 /* Interface: view */));

    // a function is a snippet with the cursor inside the parentheses
    const text2 = 'select order_tot';
    await server.change(uri, text2);
    const fn = await server.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: position(text2, text2.length) });
    const item = fn.items.find((i: CompletionItem) => i.label === 'order_total')!;
    assert.equal(item.insertTextFormat, 2 /* Snippet */);
    assert.equal((item.textEdit as TextEdit).newText, 'order_total($0)');
    assert.equal(item.detail, 'order_total(p_orderid bigint) → numeric');

    // inside a string literal there is nothing to complete
    const inString = "select 'o.";
    await server.change(uri, inString);
    const none = await server.request<CompletionList | null>('textDocument/completion', {
      textDocument: { uri },
      position: position(inString, inString.length),
    });
    assert.equal(none, null);
  } finally {
    await server.shutdown();
  }
});

test('completion without a database: keywords, and no crash', async () => {
  const server = await startInProcessServer({ connection: 'postgres://postgres:x@127.0.0.1:1/none' });
  try {
    assert.equal((await server.waitForCatalog()).state, 'error');
    const uri = 'file:///tmp/nodb.sql';
    await server.open(uri, 'sel');
    const list = await server.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 3 } });
    assert.deepEqual(
      list.items.map((i) => i.label),
      ['select'],
    );
    assert.equal(list.items[0]!.kind, 14 /* Keyword */);
  } finally {
    await server.shutdown();
  }
});

test("hover over LSP: a column's facts with its range; a keyword gets the manual link", async () => {
  const url = await freshDatabase('lsphover', shopSql);
  const server = await startInProcessServer({ connection: url });
  try {
    assert.equal((await server.waitForCatalog()).state, 'loaded');
    assert.equal(server.initializeResult.capabilities.hoverProvider, true);
    const uri = 'file:///tmp/hover.sql';
    const text = '-- café ☕\nselect c.email from customers c\nwhere c.is_active';
    await server.open(uri, text);
    const hover = await server.request<{ contents: { kind: string; value: string }; range: unknown }>('textDocument/hover', {
      textDocument: { uri },
      position: position(text, text.indexOf('email') + 2),
    });
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /\(column\) email email_address NOT NULL/);
    assert.match(hover.contents.value, /Column 4 of table `public.customers` \(as `c`\)/);
    assert.match(hover.contents.value, /Login and receipts go here/);
    assert.deepEqual(hover.range, { start: { line: 1, character: 9 }, end: { line: 1, character: 14 } });

    const keyword = await server.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: position(text, text.indexOf('where') + 1),
    });
    assert.ok(keyword, 'a keyword has a hover with the docs link');
    assert.match(keyword.contents.value, /command:pgsight\.docs\.open\?/);
    assert.match(keyword.contents.value, /https:\/\/www\.postgresql\.org\/docs\/18\//);

    const table = await server.request<{ contents: { value: string } }>('textDocument/hover', {
      textDocument: { uri },
      position: position(text, text.indexOf('customers') + 3),
    });
    assert.match(table.contents.value, /^```sql\ntable public.customers\n```\n\n7 columns\n\nPeople who buy things/);
    assert.doesNotMatch(table.contents.value, /docs\.open/, "the user's own table has no manual page");
  } finally {
    await server.shutdown();
  }
});

/** Offset of an LSP position in `text`. */
function offsetAt(text: string, p: { line: number; character: number }): number {
  const lines = text.split('\n');
  return lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
}

/** The text after accepting `item` as the editor does: its edit (a snippet's placeholders filled with their defaults) and its other edits. */
function applyItem(text: string, item: CompletionItem): string {
  const main = item.textEdit as TextEdit;
  const defaults = new Map([...main.newText.matchAll(/\$\{(\d+):([^}]*)\}/g)].map((m) => [m[1]!, m[2]!]));
  const newText =
    item.insertTextFormat === 2
      ? main.newText.replace(/\$\{(\d+)(?::([^}]*))?\}|\$(\d+)/g, (_m, n: string, d: string | undefined, bare: string) => d ?? defaults.get(n ?? bare) ?? '')
      : main.newText;
  const edits = [{ ...main, newText }, ...(item.additionalTextEdits ?? [])]
    .map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start);
  for (const e of edits) {
    text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  }
  return text;
}

test('accepted over LSP, foreign-key joins and a column picked before FROM leave SQL that binds cleanly and PostgreSQL runs', async () => {
  const url = await freshDatabase('lspjoins', shopSql);
  const server = await startInProcessServer({ connection: url });
  const db = await connect(url);
  try {
    assert.equal((await server.waitForCatalog()).state, 'loaded');
    const uri = 'file:///tmp/joins.sql';
    const pick = async (text: string, label: string): Promise<{ item: CompletionItem; after: string }> => {
      const cursor = text.indexOf('|');
      const doc = text.slice(0, cursor) + text.slice(cursor + 1);
      await server.change(uri, doc);
      const list = await server.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: position(doc, cursor) });
      const item = list.items.find((i) => i.label === label);
      assert.ok(
        item,
        `${label} not offered: ${list.items
          .slice(0, 8)
          .map((i) => i.label)
          .join(' | ')}`,
      );
      return { item, after: applyItem(doc, item) };
    };
    await server.open(uri, '');
    const cases: [string, string, string][] = [
      [
        'select * from customers c\n  join |',
        'orders o ON o.customer_id = c.customer_id',
        'select * from customers c\n  join orders o ON o.customer_id = c.customer_id',
      ],
      [
        'select * from order_items i join order_returns r on |',
        'r.orderid = i.orderid AND r.line_no = i.line_no',
        'select * from order_items i join order_returns r on r.orderid = i.orderid AND r.line_no = i.line_no',
      ],
      ['select * from orders;\nselect |', 'total', 'select * from orders;\nselect total FROM orders'],
      ['select 1, em|, 2 where true', 'email', 'select 1, email, 2 FROM customers where true'],
    ];
    for (const [before, label, expected] of cases) {
      const { item, after } = await pick(before, label);
      assert.equal(after, expected);
      if (label === 'total' || label === 'email') {
        assert.equal(item.labelDetails?.description, label === 'total' ? 'orders' : 'customers', 'labelled with its table');
      }
      assert.deepEqual(await server.change(uri, after), [], `no diagnostics for ${after}`);
      for (const statement of after.split(';')) {
        await db.query(statement); // PostgreSQL accepts it (the tables are empty)
      }
    }
  } finally {
    await db.end();
    await server.shutdown();
  }
});
