/**
 * Completion ranks by what the place asks for, on the shop catalog captured from a real
 * PostgreSQL (test/fixtures/catalog): columns in scope before functions before keywords,
 * the nearest FROM item first, relations in search-path order, functions first before `(`,
 * the SELECT list's output names in ORDER BY / GROUP BY, names the document already uses
 * first, derived tables' and CTEs' columns. `|` marks the cursor.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadParser, ParsedDocumentCache } from '../../server/src/parser';
import { completeAt, type CompletionCandidate } from '../../server/src/analysis/completion/completeAt';
import type { Catalog } from '../../server/src/catalog/model';

const shop = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../fixtures/catalog/shop.json'), 'utf8')) as Catalog;
const ordersColumns = ['orderid', 'customer_id', 'order_date', 'status', 'shipping_address_id', 'total', 'notes'];
const customersColumns = ['customer_id', 'first_name', 'last_name', 'email', 'phone', 'created_at', 'is_active'];

before(async () => {
  await loadParser();
});

function items(sql: string): CompletionCandidate[] {
  const offset = sql.indexOf('|');
  const a = completeAt(ParsedDocumentCache.parseText(sql.slice(0, offset) + sql.slice(offset + 1)), offset, shop);
  assert.ok(a, `no completion for ${sql}`);
  // the order the editor shows: sortText
  return [...a.items].sort((x, y) => (x.sortText < y.sortText ? -1 : x.sortText > y.sortText ? 1 : 0));
}

const labels = (sql: string) => items(sql).map((i) => i.label);

test('a column place: the columns in scope, then functions, then keywords', () => {
  const list = items('select | from orders o');
  assert.deepEqual(
    list.slice(0, 7).map((i) => i.label),
    ordersColumns,
  );
  const kinds = list.map((i) => i.kind);
  const lastColumn = kinds.lastIndexOf('column');
  const firstFunction = kinds.findIndex((k) => k === 'function' || k === 'aggregate');
  const firstKeyword = kinds.indexOf('keyword');
  assert.ok(lastColumn < firstFunction, 'columns before functions');
  assert.ok(firstKeyword === -1 || firstFunction < firstKeyword, 'functions before keywords');
  // the common functions first: count before corr
  const fns = list.filter((i) => i.kind === 'aggregate' || i.kind === 'function').map((i) => i.label);
  assert.equal(fns[0], 'count');
  const c = labels('select c| from orders');
  assert.deepEqual(c.slice(0, 2), ['customer_id', 'count']);
});

test('the nearest FROM item first: the innermost level, the most recently joined item', () => {
  // (after the join condition the foreign key implies: see completionJoins.test.ts)
  assert.deepEqual(labels('select * from customers c join orders o on |').slice(1, 8), ordersColumns);
  assert.deepEqual(labels('select * from orders o join customers c on |').slice(1, 8), customersColumns);
  assert.deepEqual(labels('select * from customers c join suppliers s on |').slice(0, 3), ['supplier_id', 'name', 'contact_email']);
  assert.deepEqual(labels('select * from customers c where exists (select 1 from orders o where |)').slice(0, 7), ordersColumns);
});

test('a relation place: CTEs, then relations in search-path order, sequences last', () => {
  const list = items('with recent as (select 1) select * from |');
  assert.equal(list[0]!.label, 'recent');
  const names = list.map((i) => i.label);
  // billing is not on the search path: its tables come after public's
  const lastPublic = list.map((i) => i.kind !== 'sequence' && i.detail.includes(' in public')).lastIndexOf(true);
  assert.ok(names.indexOf('invoices') > lastPublic, `${names.join(' ')}`);
  const ord = items('select * from ord|');
  assert.ok(ord.findIndex((i) => i.kind === 'sequence') > ord.findIndex((i) => i.label === 'order_items'));
});

test('a `(` after the word asks for a function; a `.` for a qualifier', () => {
  assert.equal(labels('select c|(*) from orders')[0], 'count');
  // the user's own functions right after the most common built-ins
  const own = labels('select o|(1) from orders');
  assert.ok(own.indexOf('order_total') < own.indexOf('octet_length'), own.join(' '));
  assert.equal(labels('select |.status from orders o')[0], 'o');
  assert.ok(labels('select bil|.invoices.amount from billing.invoices').includes('billing'));
  // in FROM any plain function can be called, the set-returning ones first; no aggregates there
  const from = items('select * from js|(null::orders)');
  assert.equal(from[0]!.label, 'jsonb_array_elements');
  assert.ok(from.some((i) => i.label === 'json_populate_record'));
  assert.ok(!from.some((i) => i.kind === 'aggregate'));
  // INSERT INTO t ( is a column list: the table, not a function
  assert.equal(labels('insert into or|(orderid) values (1)')[0], 'orders');
});

test('JOIN … USING (: only the columns both sides have', () => {
  assert.deepEqual(labels('select * from orders o join customers c using (|)'), ['customer_id']);
  assert.deepEqual(labels('select * from orders o join customers c using (customer_id, |)'), ['customer_id']);
});

test('relation places of DELETE/MERGE USING and of DDL', () => {
  assert.equal(labels('delete from orders o using cust|')[0], 'customers');
  assert.equal(labels('merge into orders o using pay|')[0], 'payments');
  assert.equal(labels('create index on ord|')[0], 'orders');
  assert.equal(labels('create unique index if not exists o_idx on ord|')[0], 'orders');
  assert.equal(labels('alter table t add foreign key (a) references cust|')[0], 'customers');
  assert.equal(labels('comment on column ord|')[0], 'orders');
  assert.equal(labels('vacuum (verbose) ord|')[0], 'orders');
});

test("ORDER BY / GROUP BY: the SELECT list's output names first; not in HAVING, expressions or windows", () => {
  const order = items('select status, count(*) as n from orders group by status order by |');
  assert.equal(order[0]!.label, 'n');
  assert.equal(order[0]!.detail, 'output column of the SELECT list');
  assert.equal(labels('select status as st from orders group by |')[0], 'st');
  assert.equal(labels('select status, count(*) as n from orders group by status order by status desc, |')[0], 'n');
  // PostgreSQL looks output names up only as a bare ORDER BY / GROUP BY item
  assert.ok(!labels('select status, count(*) as n from orders group by status order by 1 + |').includes('n'));
  assert.ok(!labels('select status, count(*) as n from orders group by status having |').includes('n'));
  assert.ok(!labels('select row_number() over (order by |) as rn from orders').includes('rn'));
  assert.ok(!labels("select string_agg(notes, ',' order by |) as all_notes from orders").includes('all_notes'));
});

test('names the statement already uses rank first; items already in the list last', () => {
  const list = labels("select total, | from orders where status = 'x'");
  assert.equal(list[0], 'status');
  const columns = items("select total, | from orders where status = 'x'")
    .filter((i) => i.kind === 'column')
    .map((i) => i.label);
  assert.equal(columns[columns.length - 1], 'total');
  // a nearby statement counts too, less than this one
  assert.equal(labels('select notes from orders;\nselect | from orders')[0], 'notes');
  assert.deepEqual(labels('insert into orders (orderid, |) values (1, 2)').slice(-1), ['orderid']);
});

test('derived tables and CTEs: their output columns in the outer query and in later CTEs', () => {
  assert.deepEqual(labels('with a as (select orderid, total as amount from orders), b as (select | from a) select 1').slice(0, 2), ['orderid', 'amount']);
  assert.deepEqual(labels('with recursive t(n) as (select 1 union all select | from t) select 1')[0], 'n');
  assert.deepEqual(labels('select | from (select 1) as s(x)')[0], 'x');
  assert.deepEqual(labels('select s.| from (select orderid as id, total from orders) s'), ['id', 'total']);
  assert.deepEqual(labels('with x(a, b) as (select 1, 2) select x.| from x'), ['a', 'b']);
  // a data-modifying CTE yields its RETURNING list; inside it, its target's columns
  assert.deepEqual(labels('with moved as (delete from orders returning orderid, status) select | from moved').slice(0, 2), ['orderid', 'status']);
  assert.deepEqual(labels('with x as (delete from orders where |) select 1').slice(0, 7), ordersColumns);
  // RETURNING old.* / new.* (PostgreSQL 18)
  assert.deepEqual([...labels("update orders set status = 'x' returning old.|")].sort(), [...ordersColumns].sort());
});

test('a SELECT list before its FROM: the columns of the relations the document uses, labelled with their table', () => {
  const list = items('select * from orders;\nselect |');
  assert.deepEqual(
    list.slice(0, 7).map((i) => i.label),
    ordersColumns,
  );
  assert.equal(list[0]!.detail, 'orders.orderid · bigint · adds FROM orders');
  assert.equal(list[0]!.description, 'orders');
  // none named: in a small catalog, every relation's columns
  assert.ok(labels('select |').includes('first_name'));
  // with a FROM item, only its columns
  assert.ok(!labels('select | from orders').includes('first_name'));
});
