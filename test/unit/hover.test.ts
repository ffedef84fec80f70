/**
 * Hover on the shop catalog captured from a real PostgreSQL: what the name under the cursor
 * is, and the markdown shown for it. `|` marks the cursor.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadParser, ParsedDocumentCache } from '../../server/src/parser';
import { hoverAt, type HoverAnswer } from '../../server/src/analysis/hover/hover';
import { render } from '../../server/src/features/hover';
import type { Catalog } from '../../server/src/catalog/model';

const shop = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../fixtures/catalog/shop.json'), 'utf8')) as Catalog;

before(async () => {
  await loadParser();
});

function hover(sql: string): HoverAnswer | null {
  const offset = sql.indexOf('|');
  const text = sql.slice(0, offset) + sql.slice(offset + 1);
  return hoverAt(ParsedDocumentCache.parseText(text), offset, shop);
}

function shown(sql: string): string {
  const a = hover(sql);
  assert.ok(a, `no hover for ${sql}`);
  return render(a.subject);
}

test('a column through an alias: type, NOT NULL, default, comment, owning table', () => {
  const a = hover('select c.em|ail from customers c')!;
  assert.equal(a.subject.kind, 'column');
  assert.equal(a.start, 'select c.'.length);
  assert.equal(a.end, 'select c.email'.length);
  assert.equal(
    render(a.subject),
    '```sql\n(column) email email_address NOT NULL\n```\n\nColumn 4 of table `public.customers` (as `c`)\n\nLogin and receipts go here',
  );
  assert.match(shown('select * from orders o where o.order_date| > now()'), /order_date date NOT NULL DEFAULT CURRENT_DATE/);
});

test('a bare column resolves to the FROM item that has it; identity and generated columns say so', () => {
  assert.match(shown('select first_na|me from orders o join customers c using (customer_id)'), /Column 2 of table `public.customers` \(as `c`\)/);
  assert.match(shown('select customer_id| from customers'), /customer_id integer NOT NULL GENERATED ALWAYS AS IDENTITY/);
  assert.match(shown('select line_total| from order_items'), /GENERATED ALWAYS AS \(.*quantity.*\) STORED/);
  assert.match(shown('select i.amount| from billing.invoices i'), /Column 4 of table `billing.invoices`/);
  assert.match(shown('select r."createdAt"| from reviews r'), /\(column\) "createdAt" timestamp with time zone NOT NULL DEFAULT now\(\)/);
});

test('columns of CTEs and subqueries name where they come from', () => {
  assert.equal(shown('with t as (select orderid from orders) select t.orderid| from t'), '```sql\n(column) orderid\n```\n\nOutput column of WITH query `t`');
  assert.match(shown('select x.n| from (select count(*) n from orders) x'), /Output column of subquery `x`/);
});

test('a table or view: kind, schema, column count, comment, columns', () => {
  const t = shown('select * from ord|ers');
  assert.ok(t.startsWith('```sql\ntable public.orders\n```\n\n7 columns\n\nOne row per checkout\n\n- `orderid` bigint NOT NULL\n'), t);
  assert.match(shown('select * from customer_orders|'), /^```sql\nview public.customer_orders\n```\n\n7 columns\n\nCustomers with their orders/);
  assert.match(shown('select * from product_sales|'), /materialized view public.product_sales/);
  assert.match(shown('select * from events|'), /partitioned table public.events/);
  assert.match(shown('select * from billing.invoi|ces'), /table billing.invoices\n```\n\n4 columns\n\nInvoices sent to customers/);
  assert.match(shown('select * from "CartItems"|'), /table public."CartItems"/);
  // the alias where it is defined, and where it is used as a qualifier
  assert.match(shown('select * from orders o|'), /table public.orders AS o/);
  assert.match(shown('select o|.total from orders o'), /table public.orders AS o/);
  // pg_catalog's tables list at most 12 columns
  assert.match(shown('select * from pg_class|'), /- … \d+ more$/);
});

test('a function: every overload\'s signature and result, and its comment', () => {
  assert.equal(
    shown('select order_to|tal(1)'),
    "```sql\nfunction public.order_total(p_orderid bigint) RETURNS numeric\n```\n\nSum of the order's line totals",
  );
  assert.match(shown('select * from customer_order_history|(1)'), /RETURNS TABLE\(orderid bigint, order_date date, total numeric\)/);
  assert.match(shown('call cancel_ord|er(1)'), /^```sql\nprocedure public.cancel_order\(IN p_orderid bigint\)\n```$/);
  const series = shown('select * from generate_seri|es(1, 3)');
  assert.match(series, /function pg_catalog.generate_series\(integer, integer\) RETURNS SETOF integer/);
  assert.match(series, /-- … \d+ more overloads/);
  assert.match(shown('select cou|nt(*) from orders'), /^```sql\naggregate pg_catalog.count/);
});

test('a schema qualifier', () => {
  assert.equal(shown('select * from bill|ing.invoices'), '```sql\nschema billing\n```');
});

test('nothing for keywords, literals, operators, unknown names, or between statements', () => {
  assert.equal(hover('sel|ect 1'), null);
  assert.equal(hover("select 'ord|ers'"), null);
  assert.equal(hover('select 1 +| 2'), null);
  assert.equal(hover('select nosuch|column from orders'), null);
  assert.equal(hover('select 1;  |  select 2'), null);
});

test('works while the statement does not parse', () => {
  assert.match(shown('select o.total|, from orders o where'), /Column 6 of table `public.orders`/);
});

test('a column of a table created earlier in the document', () => {
  assert.equal(
    shown('create table widgets (widget_id int, label text);\nselect w.lab|el from widgets w'),
    '```sql\n(column) label\n```\n\nColumn of `widgets` (as `w`), created earlier in this document',
  );
});

test('excluded.col in ON CONFLICT is the target\'s column', () => {
  assert.match(shown("insert into orders (orderid, notes) values (1, 'x') on conflict (orderid) do update set notes = excluded.not|es"), /Column 7 of table `public.orders`/);
});
