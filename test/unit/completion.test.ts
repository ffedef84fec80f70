/**
 * Completion on the shop catalog captured from a real PostgreSQL (test/fixtures/catalog),
 * on complete and incomplete statements. `|` marks the cursor.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { keywordKind, loadParser, ParsedDocumentCache } from '../../server/src/parser';
import { completeAt, type CompletionAnswer } from '../../server/src/analysis/completion/completeAt';
import { fuzzyScore } from '../../server/src/analysis/tokens/catalogIndex';
import { keywordsByPlace } from '../../server/src/analysis/completion/completionKeywords';
import type { Catalog } from '../../server/src/catalog/model';

const shop = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../fixtures/catalog/shop.json'), 'utf8')) as Catalog;
const ordersColumns = ['orderid', 'customer_id', 'order_date', 'status', 'shipping_address_id', 'total', 'notes'];

before(async () => {
  await loadParser();
});

function complete(sql: string, catalog: Catalog | null = shop): CompletionAnswer | null {
  const offset = sql.indexOf('|');
  assert.ok(offset >= 0, 'cursor mark | missing');
  const text = sql.slice(0, offset) + sql.slice(offset + 1);
  return completeAt(ParsedDocumentCache.parseText(text), offset, catalog);
}

function labels(sql: string, kind?: string, catalog: Catalog | null = shop): string[] {
  const a = complete(sql, catalog);
  assert.ok(a, `no completion for ${sql}`);
  return a.items.filter((i) => kind === undefined || i.kind === kind).map((i) => i.label);
}

test('after alias. : that FROM item\'s columns, in table order', () => {
  assert.deepEqual(labels('select o.| from orders o'), ordersColumns);
  assert.deepEqual(labels('select c.| from customers c join orders o using (customer_id)'), [
    'customer_id', 'first_name', 'last_name', 'email', 'phone', 'created_at', 'is_active',
  ]);
  // a table without alias answers to its own name; schema-qualified too
  assert.deepEqual(labels('select tax_rates.| from billing.tax_rates'), ['country', 'rate']);
  assert.deepEqual(labels('select billing.invoices.| from billing.invoices'), ['invoice_id', 'orderid', 'issued_on', 'amount']);
});

test('prefix after alias. filters and the range covers the typed part', () => {
  const a = complete('select o.st| from orders o')!;
  assert.deepEqual(a.items.map((i) => i.label), ['status']);
  assert.equal(a.replaceStart, 'select o.'.length);
  assert.equal(a.replaceEnd, 'select o.st'.length);
  const b = complete('select o.sta|tus from orders o')!;
  assert.equal(b.replaceEnd, 'select o.status'.length, 'the rest of the word is replaced too');
});

test('incomplete statements: the FROM clause after the cursor and broken text around it', () => {
  assert.deepEqual(labels('select * from orders o where o.|'), ordersColumns);
  assert.deepEqual(labels('select o.| from orders o where (('), ordersColumns);
  assert.deepEqual(labels('select o.|, from orders o join'), ordersColumns);
  assert.ok(labels('select * from orders o where o.customer_id = 1 and |', 'column').includes('order_date'));
});

test('column detail: owner, type, not null; comments as documentation', () => {
  const items = complete('select | from customers')!.items;
  const email = items.find((i) => i.label === 'email')!;
  assert.equal(email.kind, 'column');
  assert.equal(email.detail, 'customers.email · email_address · not null');
  assert.equal(email.documentation, 'Login and receipts go here');
});

test('a column name in two FROM items is inserted qualified', () => {
  const a = complete('select customer_id| from orders o join customers c using (customer_id)')!;
  const cols = a.items.filter((i) => i.kind === 'column');
  // the most recently joined item's first
  assert.deepEqual(cols.map((i) => i.insertText), ['c.customer_id', 'o.customer_id']);
  const single = complete('select order_d| from orders o join customers c using (customer_id)')!;
  assert.equal(single.items[0]!.insertText, 'order_date');
});

test('names that need quotes are inserted quoted; a typed quote is replaced too', () => {
  const cols = complete('select | from "CartItems"')!.items.filter((i) => i.kind === 'column');
  assert.deepEqual(cols.map((i) => i.insertText), ['"CartItemId"', '"CustomerId"', '"ProductId"', '"Quantity"', '"addedAt"']);
  const a = complete('select * from "Cart|')!;
  assert.equal(a.items[0]!.label, 'CartItems');
  assert.equal(a.items[0]!.insertText, '"CartItems"');
  assert.equal(a.replaceStart, 'select * from '.length);
  // a quoted prefix is case-sensitive, as the name it will become
  assert.ok(!labels('select * from "cart|').includes('CartItems'));
  // reserved words as column names need quotes too
  const kw = complete('select r.| from reviews r')!.items.find((i) => i.label === 'createdAt')!;
  assert.equal(kw.insertText, '"createdAt"');
});

test('after FROM/JOIN: tables, views and set-returning functions; prefix first, fuzzy after', () => {
  const a = complete('select * from ord|')!;
  assert.equal(a.items[0]!.label, 'orders');
  assert.equal(a.items[0]!.kind, 'table');
  assert.equal(a.items[0]!.detail, 'table in public · 7 columns');
  assert.ok(a.items.some((i) => i.label === 'order_items'));
  const view = a.items.find((i) => i.label === 'customer_orders')!;
  assert.equal(view.kind, 'view');
  assert.ok(a.items.some((i) => i.label === 'orders_of' && i.kind === 'function'));
  assert.ok(!a.items.some((i) => i.label === 'order_total'), 'a scalar function is not offered as a FROM item');
  const joined = labels('select * from orders o join prod|');
  assert.equal(joined[0], 'products');
  assert.ok(labels('select * from product_sales p, |').includes('events'));
  // system catalogs only when their schema is named or `pg` is typed, after the user's relations
  assert.ok(!labels('select * from cla|').includes('pg_class'));
  assert.equal(labels('select * from pg_cla|')[0], 'pg_class');
  assert.ok(!labels('select * from p|').includes('pg_class'));
  assert.equal(labels('select * from pg_catalog.pg_cla|')[0], 'pg_class');
});

test('schema. lists that schema; a table off the search path is inserted qualified', () => {
  assert.deepEqual(labels('select * from billing.|'), ['invoices', 'tax_rates']);
  const inv = complete('select * from invoi|')!.items.find((i) => i.label === 'invoices')!;
  assert.equal(inv.insertText, 'billing.invoices');
  assert.equal(inv.documentation, 'Invoices sent to customers');
  const schema = complete('select * from bil|')!.items.find((i) => i.kind === 'schema')!;
  assert.equal(schema.insertText, 'billing.');
  assert.equal(schema.retrigger, true);
});

test('after a complete FROM item: clause keywords, no tables', () => {
  const l = labels('select * from orders o |');
  assert.ok(l.includes('WHERE') && l.includes('LEFT JOIN') && l.includes('ORDER BY'));
  assert.ok(!l.includes('orders'));
});

test('INSERT column list and UPDATE SET: the target\'s columns only', () => {
  assert.deepEqual(labels('insert into orders (|'), ordersColumns);
  assert.deepEqual(labels('insert into orders (notes, |) values (1, 2)'), ordersColumns);
  assert.deepEqual(labels('insert into billing.tax_rates (|'), ['country', 'rate']);
  assert.deepEqual(labels('update orders set |'), ordersColumns);
  assert.deepEqual(labels('update orders set notes = \'x\', st|'), ['status']);
  // the right-hand side is an expression: functions and keywords too
  assert.ok(labels('update orders set notes = |').includes('now'));
});

test('CTEs, subqueries, VALUES and table functions expose their output columns', () => {
  assert.deepEqual(labels('with x as (select orderid, total t, count(*) n, o.notes from orders o) select x.| from x'), ['orderid', 't', 'n', 'notes']);
  assert.deepEqual(labels('with x(a, b) as (select 1, 2) select x.| from x'), ['a', 'b']);
  assert.deepEqual(labels('with x as (select * from billing.tax_rates) select x.| from x'), ['country', 'rate']);
  assert.deepEqual(labels('select s.| from (select orderid, total as t from orders) s'), ['orderid', 't']);
  assert.deepEqual(labels('select v.| from (values (1, 2, 3)) v'), ['column1', 'column2', 'column3']);
  assert.deepEqual(labels('select v.| from (values (1, 2)) v(a, b)'), ['a', 'b']);
  assert.deepEqual(labels('select g.| from generate_series(1, 3) g'), ['g']);
  assert.deepEqual(labels('select h.| from customer_order_history(1) h'), ['orderid', 'order_date', 'total']);
  assert.deepEqual(labels('select s.| from product_stock(1) s'), ['warehouse', 'qty']);
  assert.deepEqual(labels('select r.| from json_to_record(\'{}\') as r(a int, b text)'), ['a', 'b']);
  const relationCompletion = labels('with recent as (select 1) select * from rec|');
  assert.equal(relationCompletion[0], 'recent');
});

test('correlated subqueries see the outer FROM items; inner ones are not visible outside', () => {
  assert.deepEqual(labels('select * from orders o where exists (select 1 from order_items i where i.orderid = o.|)'), ordersColumns);
  const inner = labels('select * from orders o where exists (select 1 from order_items i where i.| = 1)');
  assert.deepEqual(inner, ['orderid', 'line_no', 'product_id', 'quantity', 'unit_price', 'discount', 'line_total']);
  assert.deepEqual(labels('select i.| from orders o where exists (select 1 from order_items i)'), []);
});

test('each statement of a document has its own scope', () => {
  assert.deepEqual(labels('select * from customers c;\nselect o.| from orders o;\nselect 1'), ordersColumns);
  const second = labels('select * from customers;\nselect | from orders', 'column');
  assert.ok(second.includes('orderid') && !second.includes('first_name'));
});

test('functions carry their signature; snippets put the cursor inside the parentheses', () => {
  const fn = complete('select order_to|')!.items.find((i) => i.label === 'order_total')!;
  assert.equal(fn.kind, 'function');
  assert.equal(fn.detail, 'order_total(p_orderid bigint) → numeric');
  assert.equal(fn.insertText, 'order_total($0)');
  assert.equal(fn.snippet, true);
  const now = complete('select now|')!.items.find((i) => i.label === 'now')!;
  assert.equal(now.insertText, 'now()');
  const count = complete('select coun|')!.items.find((i) => i.label === 'count')!;
  assert.equal(count.kind, 'aggregate');
  assert.match(count.detail, /\(\+1 overload\)$/);
  assert.ok(!labels('select int4p|').includes('int4pl'), 'operator implementations stay out');
  assert.deepEqual(labels('call |'), ['cancel_order']);
});

test('keywords: statement starts, in the case the user types', () => {
  const upper = labels('|');
  assert.equal(upper[0], 'SELECT');
  assert.ok(upper.includes('INSERT INTO'));
  assert.deepEqual(labels('sel|'), ['select']);
  const co = complete('select coal|')!.items[0]!;
  assert.equal(co.label, 'coalesce');
  assert.equal(co.insertText, 'coalesce($0)');
});

test('every keyword offered is one of PostgreSQL\'s keywords', () => {
  for (const [place, phrases] of Object.entries(keywordsByPlace)) {
    for (const phrase of phrases) {
      for (const word of phrase.replace(/\(\)$/, '').split(' ')) {
        assert.ok(keywordKind(word.toLowerCase()) > 0, `${place}: ${word} is not a PostgreSQL keyword`);
      }
    }
  }
});

test('nothing inside strings, comments, or after a number', () => {
  assert.equal(complete("select 'ord|"), null);
  assert.equal(complete("select 'a', $$ord|"), null);
  assert.equal(complete('select 1 /* ord|'), null);
  assert.equal(complete('select 1 -- ord|'), null);
  assert.equal(complete('select 1.|'), null);
});

test('UTF-16 offsets: text with emoji and accents before the cursor', () => {
  const sql = "select '😀 café', o.to| from orders o";
  const a = complete(sql)!;
  assert.deepEqual(a.items.map((i) => i.label), ['total']);
  assert.equal(a.replaceStart, sql.indexOf('to|'));
});

test('without a catalog: keywords and names the statement itself defines', () => {
  assert.equal(labels('|', undefined, null)[0], 'SELECT');
  assert.deepEqual(labels('with x(a, b) as (select 1, 2) select x.| from x', undefined, null), ['a', 'b']);
  assert.deepEqual(labels('select o.| from orders o', undefined, null), []);
});

test('fuzzy score: prefix > word starts > scattered; first letter must start a word', () => {
  assert.ok(fuzzyScore('ord', 'orders') > fuzzyScore('oi', 'order_items'));
  assert.ok(fuzzyScore('oi', 'order_items') > 0);
  assert.ok(fuzzyScore('ordit', 'order_items') > fuzzyScore('ordit', 'ordxxixxt'));
  assert.equal(fuzzyScore('rders', 'orders'), 0);
  assert.equal(fuzzyScore('xyz', 'orders'), 0);
  assert.ok(fuzzyScore('orders', 'orders') > fuzzyScore('orders', 'orders_2'));
  const ranked = labels('select * from oi|');
  assert.equal(ranked[0], 'order_items');
});

test('tables the document creates earlier are completed, with their columns (migration files)', () => {
  const ddl = 'create table widgets (widget_id int, label text);\nalter table widgets add column price numeric;\n';
  assert.deepEqual(labels(`${ddl}select w.| from widgets w`), ['widget_id', 'label', 'price']);
  const table = complete(`${ddl}select * from wid|`)!.items[0]!;
  assert.equal(table.label, 'widgets');
  assert.equal(table.detail, 'created earlier in this document · 3 columns');
  // later statements only: the table does not exist before its CREATE
  assert.deepEqual(labels('select * from wid|;\ncreate table widgets (a int)'), []);
  // a dropped table is gone
  assert.deepEqual(labels('create table gone (a int);\ndrop table gone;\nselect g.| from gone g'), []);
});

test('ON CONFLICT … excluded. offers the target\'s columns; a FROM subquery does not see itself', () => {
  // the columns the statement already names rank first
  const excluded = labels("insert into orders (orderid, notes) values (1, 'x') on conflict (orderid) do update set notes = excluded.|");
  assert.deepEqual([...excluded].sort(), [...ordersColumns].sort());
  assert.deepEqual(excluded.slice(0, 2), ['orderid', 'notes']);
  assert.deepEqual(labels('merge into orders o using payments p on p.orderid = o.orderid when matched then update set |'), ordersColumns);
  const inner = complete('select * from (select | from orders) s')!.items;
  assert.ok(!inner.some((i) => i.kind === 'alias' && i.label === 's'));
  assert.deepEqual(labels('select * from orders o, lateral (select o.|) x'), ordersColumns);
});

test('types: SQL spellings, then the user\'s types, in column definitions, casts and ALTER', () => {
  const defs = complete('create table t (id |')!.items;
  assert.deepEqual(defs.slice(0, 3).map((i) => i.label), ['INTEGER', 'BIGINT', 'SMALLINT']);
  assert.ok(defs.every((i) => i.kind === 'type'));
  assert.equal(defs.find((i) => i.label === 'order_status')?.detail, 'enum in public');
  assert.equal(defs.find((i) => i.label === 'email_address')?.detail, 'domain in public');
  assert.ok(!defs.some((i) => i.label === 'trigger' || i.label === '"timestamp"'), 'no pseudo-types, no quoted keyword names');
  assert.equal(labels('create table if not exists s.t (id int, name te|')[0], 'text');
  assert.deepEqual(labels('alter table orders add column c order_st|'), ['order_status']);
  assert.ok(labels('alter table orders alter column notes type |').includes('INTEGER'));
  assert.ok(labels('select cast(1 as |').includes('NUMERIC'));
  assert.ok(labels('select 1::|').includes('BOOLEAN'));
  // the start of a CREATE TABLE element: a new name or a table constraint
  assert.deepEqual(labels('create table t (id int, |'), ['CONSTRAINT', 'PRIMARY KEY', 'UNIQUE', 'CHECK', 'FOREIGN KEY', 'EXCLUDE', 'LIKE']);
});
