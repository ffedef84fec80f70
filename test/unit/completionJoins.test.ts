/**
 * What the foreign keys suggest while a join is written, and the FROM clause a column picked
 * before FROM brings along, on the shop catalog captured from a real PostgreSQL
 * (test/fixtures/catalog, whose foreign keys come from pg_constraint). `|` marks the cursor.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadParser, ParsedDocumentCache } from '../../server/src/parser';
import { completeAt, type CompletionCandidate } from '../../server/src/analysis/completion/completeAt';
import { analyzeDocument } from '../../server/src/analysis/analyzeDocument';
import type { Catalog } from '../../server/src/catalog/model';
import { builtinCatalog } from '../../server/src/workspace/builtinCatalog';
import { replaySchemaFiles } from '../../server/src/workspace/workspaceCatalog';

const shop = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../fixtures/catalog/shop.json'), 'utf8')) as Catalog;

before(async () => {
  await loadParser();
});

function answer(sql: string, catalog: Catalog = shop) {
  const offset = sql.indexOf('|');
  const text = sql.slice(0, offset) + sql.slice(offset + 1);
  const a = completeAt(ParsedDocumentCache.parseText(text), offset, catalog);
  assert.ok(a, `no completion for ${sql}`);
  return { text, ...a, items: [...a.items].sort((x, y) => (x.sortText < y.sortText ? -1 : 1)) };
}

const labels = (sql: string) => answer(sql).items.map((i) => i.label);

/** The text after accepting `item` as a client without snippets would (tab stops dropped, placeholders kept). */
function accept(sql: string, pick: (i: CompletionCandidate) => boolean): string {
  const a = answer(sql);
  const item = a.items.find(pick);
  assert.ok(item, `no such item in ${a.items.map((i) => i.label).join(', ')}`);
  const plain = item.snippet
    ? item.insertText
        .replace(/\$\{\d+:([^}]*)\}/g, '$1')
        .replace(/\$\{1\}/g, /\$\{1:([^}]*)\}/.exec(item.insertText)?.[1] ?? '')
        .replace(/\$\d/g, '')
    : item.insertText;
  const edits = [{ start: a.replaceStart, end: a.replaceEnd, newText: plain }, ...(item.additionalEdits ?? [])].sort((x, y) => y.start - x.start);
  let text = a.text;
  for (const e of edits) {
    text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  }
  return text;
}

test('the catalog carries the foreign keys, a composite one with its columns in key order', () => {
  const composite = shop.foreignKeys?.find((k) => k.table === 'order_returns');
  assert.deepEqual(composite && { columns: composite.columns, ref: composite.refTable, refColumns: composite.refColumns }, {
    columns: ['orderid', 'line_no'],
    ref: 'order_items',
    refColumns: ['orderid', 'line_no'],
  });
});

test('after JOIN x ON: the condition the foreign key implies comes first, with the aliases in scope', () => {
  const list = answer('select * from customers c join orders o on |').items;
  assert.equal(list[0]!.label, 'o.customer_id = c.customer_id');
  assert.equal(list[0]!.kind, 'join');
  assert.equal(list[0]!.detail, 'foreign key orders_customer_id_fkey');
  // the other direction: the joined table is referenced
  assert.equal(labels('select * from orders o join customers c on |')[0], 'c.customer_id = o.customer_id');
  // no alias: the table's own name
  assert.equal(labels('select * from orders join customers on |')[0], 'customers.customer_id = orders.customer_id');
  // a schema off the search path, keys through another item than the nearest
  assert.equal(labels('select * from orders o join customers c on c.customer_id = o.customer_id join billing.invoices i on |')[0], 'i.orderid = o.orderid');
});

test('typing the other alias offers the condition written from its side', () => {
  assert.equal(labels('select * from customers c join orders o on c|')[0], 'c.customer_id = o.customer_id');
  assert.equal(labels('select * from customers c join orders o on o|')[0], 'o.customer_id = c.customer_id');
});

test('a composite key is one condition joined with AND; a key of a table to itself goes both ways', () => {
  assert.equal(labels('select * from order_items i join order_returns r on |')[0], 'r.orderid = i.orderid AND r.line_no = i.line_no');
  assert.deepEqual(labels('select * from categories c join categories parent on |').slice(0, 2), [
    'parent.parent_id = c.category_id',
    'parent.category_id = c.parent_id',
  ]);
  // no key between them: the joined item's columns, no condition
  assert.ok(!answer('select * from customers c join suppliers s on |').items.some((i) => i.kind === 'join'));
  // ON of something else than a join
  assert.ok(!answer('insert into orders (orderid) values (1) on |').items.some((i) => i.kind === 'join'));
});

test('JOIN x USING (: the key columns first, a composite key also as one list', () => {
  assert.deepEqual(labels('select * from order_items i join order_returns r using (|)'), ['orderid, line_no', 'orderid', 'line_no']);
  assert.deepEqual(labels('select * from orders o join customers c using (|)'), ['customer_id']);
  // later in the list, the columns only
  assert.deepEqual(labels('select * from order_items i join order_returns r using (orderid, |)'), ['line_no', 'orderid']);
});

test('after JOIN: the tables a foreign key links to the FROM items first, each also as a whole join', () => {
  const list = answer('select * from customers c join |').items;
  const linked = list.slice(0, 6).map((i) => i.label);
  assert.deepEqual(linked, [
    'addresses',
    'addresses a ON a.customer_id = c.customer_id',
    'orders',
    'orders o ON o.customer_id = c.customer_id',
    'reviews',
    'reviews r ON r.customer_id = c.customer_id',
  ]);
  const join = list[3]!;
  assert.equal(join.kind, 'join');
  assert.equal(join.snippet, true);
  // the alias is a placeholder the user may retype, mirrored in the condition
  assert.equal(join.insertText, 'orders ${1:o} ON ${1}.customer_id = c.customer_id$0');
  assert.equal(join.filterText, 'orders');
  // a typed prefix filters both
  assert.deepEqual(labels('select * from customers c join ord|').slice(0, 2), ['orders', 'orders o ON o.customer_id = c.customer_id']);
  // an alias already taken gets a number; a table off the search path is qualified
  assert.ok(labels('select * from orders o join order_items oi on oi.orderid = o.orderid join |').includes('order_items oi2 ON oi2.orderid = o.orderid'));
  assert.ok(labels('select * from orders o join |').includes('billing.invoices i ON i.orderid = o.orderid'));
});

test('the whole-join snippet only where the FROM item may end: not when its alias and ON follow', () => {
  assert.ok(answer('select * from customers c join | where true').items.some((i) => i.kind === 'join'));
  assert.ok(!answer('select * from customers c join ord| o on true').items.some((i) => i.kind === 'join'));
  // the plain table is still first
  assert.equal(labels('select * from customers c join ord| o on true')[0], 'orders');
});

test('accepted joins bind without a diagnostic', () => {
  for (const [sql, label] of [
    ['select * from customers c join |', 'orders o ON o.customer_id = c.customer_id'],
    // `or` is a reserved word: the alias gets a number
    ['select * from order_items i join | where true', 'order_returns or2 ON or2.orderid = i.orderid AND or2.line_no = i.line_no'],
    ['select * from order_items i join order_returns r on |', 'r.orderid = i.orderid AND r.line_no = i.line_no'],
  ] as const) {
    const text = accept(sql, (i) => i.label === label);
    assert.deepEqual(analyzeDocument(ParsedDocumentCache.parseText(text), shop), [], text);
  }
});

test('a column picked before FROM adds its table as the FROM clause', () => {
  // the list ends at the cursor: the FROM comes with the column, the cursor stays after the column
  const item = answer('select * from orders;\nselect |').items[0]!;
  assert.equal(item.insertText, 'orderid$0 FROM orders');
  assert.equal(
    accept('select * from orders;\nselect |', (i) => i.label === 'total'),
    'select * from orders;\nselect total FROM orders',
  );
  // more of the list and a WHERE after the cursor: the FROM goes before the WHERE
  assert.equal(
    accept('select 1, em|, 2 where true', (i) => i.label === 'email'),
    'select 1, email, 2 FROM customers where true',
  );
  assert.equal(
    accept('select em| from ', (i) => i.label === 'email'),
    'select email from customers ',
  );
  // a table off the search path is named with its schema
  const doc = 'select * from billing.tax_rates;\nselect ra|';
  const tax = answer(doc).items.find((i) => i.label === 'rate');
  assert.equal(tax?.description, 'tax_rates');
  assert.equal(
    accept(doc, (i) => i.label === 'rate'),
    'select * from billing.tax_rates;\nselect rate FROM billing.tax_rates',
  );
  // inside an unclosed call there is no place for the FROM yet: the column only
  assert.equal(answer('select count(em|').items.find((i) => i.label === 'email')!.insertText, 'email');
  for (const text of [
    accept('select * from orders;\nselect |', (i) => i.label === 'total'),
    accept('select 1, em|, 2 where true', (i) => i.label === 'email'),
  ]) {
    assert.deepEqual(analyzeDocument(ParsedDocumentCache.parseText(text), shop), [], text);
  }
});

test('a workspace schema (no database) gives the same join suggestions: keys from the replayed DDL', () => {
  const { catalog } = replaySchemaFiles(
    [{ path: 'shop.sql', text: fs.readFileSync(path.resolve(__dirname, '../fixtures/catalog/shop.sql'), 'utf8') }],
    builtinCatalog(),
  );
  const sql = 'select * from order_items i join order_returns r on |';
  const offset = sql.indexOf('|');
  const a = completeAt(ParsedDocumentCache.parseText(sql.replace('|', '')), offset, catalog);
  assert.equal(a?.items[0]?.label, 'r.orderid = i.orderid AND r.line_no = i.line_no');
});
