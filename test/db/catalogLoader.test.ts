/**
 * loadCatalog against a real PostgreSQL with the shop schema: every relation kind, columns
 * with their types, defaults, comments and identity/generated flags, dropped columns left
 * out, functions with result columns, types and search_path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { connect, freshDatabase } from '../support/db';
import { loadCatalog } from '../../server/src/catalog/catalogLoader';
import type { Catalog, CatalogRelation } from '../../server/src/catalog/model';

const shopSql = fs.readFileSync(path.resolve(__dirname, '../fixtures/catalog/shop.sql'), 'utf8');
let client: pg.Client;
let databaseUrl: string;
const checks: [string, () => void | Promise<void>][] = [];
function check(name: string, fn: () => void | Promise<void>): void {
  checks.push([name, fn]);
}
let catalog: Catalog;

// One parent test owns the database (freshDatabase drops it when its test ends); the checks
// are its subtests.
test('loadCatalog on the shop schema', async (t) => {
  const url = (databaseUrl = await freshDatabase('catload', `${shopSql}
    ALTER TABLE suppliers ADD COLUMN fax text;
    ALTER TABLE suppliers DROP COLUMN fax;
    CREATE TABLE visits (customer_id int REFERENCES customers, day date) PARTITION BY RANGE (day);
    CREATE TABLE visits_2026 PARTITION OF visits FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
    CREATE TABLE line_notes (note text, line_no smallint, orderid bigint,
      CONSTRAINT line_notes_line FOREIGN KEY (line_no, orderid) REFERENCES order_items (line_no, orderid));`));
  client = await connect(url);
  // the temp table lives in this session's pg_temp schema, loaded by this same client
  await client.query('CREATE TEMP TABLE scratch(x int)');
  catalog = await loadCatalog(client);
  try {
    for (const [name, fn] of checks) {
      await t.test(name, fn);
    }
  } finally {
    await client.end();
  }
});


function rel(schema: string, name: string): CatalogRelation {
  const r = catalog.relations.find((x) => x.schema === schema && x.name === name);
  assert.ok(r, `${schema}.${name} missing`);
  return r;
}

check('server facts and search_path come from the server', async () => {
  const r = await client.query<{ v: string; n: number; db: string }>(
    "select current_setting('server_version') v, current_setting('server_version_num')::int n, current_database() db",
  );
  assert.equal(catalog.serverVersion, r.rows[0]!.v.split(' ')[0]);
  assert.equal(catalog.serverVersionNum, r.rows[0]!.n);
  assert.equal(catalog.database, r.rows[0]!.db);
  const sp = await client.query<{ s: string[] }>('select current_schemas(true)::text[] s');
  assert.deepEqual(catalog.searchPath, sp.rows[0]!.s);
  assert.ok(catalog.searchPath.includes('pg_catalog'));
  for (const s of ['public', 'billing', 'pg_catalog', 'information_schema']) {
    assert.ok(catalog.schemas.includes(s), s);
  }
  assert.ok(!catalog.schemas.some((s) => s.startsWith('pg_toast')), 'toast schemas are hidden');
});

check('every relation kind is loaded with its kind and heap-ness', () => {
  assert.equal(rel('public', 'orders').kind, 'table');
  assert.equal(rel('public', 'events').kind, 'partitioned table');
  assert.equal(rel('public', 'events_2025').kind, 'table');
  assert.equal(rel('public', 'customer_orders').kind, 'view');
  assert.equal(rel('public', 'product_sales').kind, 'materialized view');
  assert.equal(rel('public', 'legacy_orders').kind, 'foreign table');
  assert.equal(rel('public', 'invoice_number_seq').kind, 'sequence');
  assert.equal(rel('billing', 'invoices').kind, 'table');
  assert.equal(rel('pg_catalog', 'pg_class').kind, 'table');
  assert.equal(rel('information_schema', 'columns').kind, 'view');
  assert.equal(rel('public', 'orders').hasSystemColumns, true);
  assert.equal(rel('public', 'customer_orders').hasSystemColumns, false);
  assert.equal(rel('public', 'legacy_orders').hasSystemColumns, false);
  // standalone composite types are types, not relations
  assert.ok(!catalog.relations.some((r) => r.name === 'money_amount'));
});

check('this session\'s temp tables are loaded, with the pg_temp schema', () => {
  const scratch = catalog.relations.find((r) => r.name === 'scratch');
  assert.ok(scratch);
  assert.match(scratch.schema, /^pg_temp_\d+$/);
});

check('columns: order, type, not null, default, comment, identity, generated; dropped excluded', () => {
  const customers = rel('public', 'customers');
  assert.deepEqual(customers.columns.map((c) => c.name), ['customer_id', 'first_name', 'last_name', 'email', 'phone', 'created_at', 'is_active']);
  const [id, , , email, phone, createdAt] = customers.columns;
  assert.equal(id!.identity, 'always');
  assert.equal(id!.notNull, true);
  assert.equal(email!.type, 'email_address');
  assert.equal(email!.comment, 'Login and receipts go here');
  assert.equal(phone!.type, 'character varying(32)');
  assert.equal(phone!.notNull, false);
  assert.equal(createdAt!.default, 'now()');
  assert.equal(createdAt!.type, 'timestamp with time zone');
  assert.equal(createdAt!.typeOid, 1184);
  assert.deepEqual(customers.columns.map((c) => c.ordinal), [1, 2, 3, 4, 5, 6, 7]);
  assert.equal(customers.comment, 'People who buy things');

  const items = rel('public', 'order_items');
  const lineTotal = items.columns.find((c) => c.name === 'line_total')!;
  assert.equal(lineTotal.generated, 'stored');
  assert.match(lineTotal.default ?? '', /quantity/);
  assert.equal(rel('public', 'payments').columns[0]!.identity, 'by default');
  assert.equal(rel('public', 'orders').columns[0]!.default, "nextval('orders_orderid_seq'::regclass)");

  const suppliers = rel('public', 'suppliers');
  assert.deepEqual(suppliers.columns.map((c) => c.name), ['supplier_id', 'name', 'contact_email']);
  assert.deepEqual(rel('public', 'CartItems').columns.map((c) => c.name), ['CartItemId', 'CustomerId', 'ProductId', 'Quantity', 'addedAt']);
  assert.deepEqual(rel('public', 'invoice_number_seq').columns.map((c) => c.name), ['last_value', 'log_cnt', 'is_called']);
});

check('functions: signature, result, kind, set-returning result columns', () => {
  const fn = (name: string) => {
    const f = catalog.functions.find((x) => x.schema === 'public' && x.name === name);
    assert.ok(f, name);
    return f;
  };
  const total = fn('order_total');
  assert.equal(total.args, 'p_orderid bigint');
  assert.equal(total.result, 'numeric');
  assert.equal(total.returnsSet, false);
  assert.equal(total.resultShape, 'scalar');
  assert.equal(total.comment, "Sum of the order's line totals");

  const history = fn('customer_order_history');
  assert.equal(history.returnsSet, true);
  assert.equal(history.result, 'TABLE(orderid bigint, order_date date, total numeric)');
  assert.deepEqual(history.resultColumns, [
    { name: 'orderid', type: 'bigint' },
    { name: 'order_date', type: 'date' },
    { name: 'total', type: 'numeric' },
  ]);
  assert.deepEqual(fn('product_stock').resultColumns, [
    { name: 'warehouse', type: 'text' },
    { name: 'qty', type: 'integer' },
  ]);
  assert.equal(fn('product_stock').args, 'p_product_id integer, OUT warehouse text, OUT qty integer');
  const ordersOf = fn('orders_of');
  assert.equal(ordersOf.resultShape, 'composite');
  assert.deepEqual(ordersOf.resultColumns?.map((c) => c.name), rel('public', 'orders').columns.map((c) => c.name));
  assert.equal(fn('cancel_order').kind, 'procedure');

  const series = catalog.functions.filter((f) => f.schema === 'pg_catalog' && f.name === 'generate_series');
  assert.ok(series.length >= 6);
  assert.ok(series.every((f) => f.returnsSet && f.resultShape === 'scalar'));
  assert.equal(catalog.functions.find((f) => f.name === 'count')?.kind, 'aggregate');
  assert.equal(catalog.functions.find((f) => f.name === 'row_number')?.kind, 'window');
  assert.equal(catalog.functions.find((f) => f.name === 'json_to_record')?.resultShape, 'unknown');
});

check('types: enums, domains, composites and base types; no array or row types', () => {
  const type = (name: string) => catalog.types.find((t) => t.name === name);
  assert.equal(type('order_status')?.kind, 'e');
  assert.equal(type('email_address')?.kind, 'd');
  assert.equal(type('money_amount')?.kind, 'c');
  assert.equal(type('int4')?.kind, 'b');
  assert.equal(type('_int4'), undefined);
  assert.equal(type('orders'), undefined);
});

check('the load is consistent and repeatable, and leaves the client usable', async () => {
  const again = await loadCatalog(client);
  assert.deepEqual(again, catalog);
  const r = await client.query<{ ok: number }>('select 1 as ok');
  assert.equal(r.rows[0]!.ok, 1);
});

check('statement_timeout bounds the load: a blocked catalog query fails with PostgreSQL\'s message', async () => {
  const other = await connect(databaseUrl);
  try {
    await other.query('begin; lock table pg_catalog.pg_description in access exclusive mode');
    await assert.rejects(loadCatalog(client, { timeoutMs: 200 }), /canceling statement due to statement timeout/);
    await other.query('rollback');
  } finally {
    await other.end();
  }
  // rolled back, not stuck in an aborted transaction
  assert.equal((await client.query<{ ok: number }>('select 1 as ok')).rows[0]!.ok, 1);
});

check('foreign keys: columns by name in key order, a partitioned table\'s key once (not its copies on the partitions)', () => {
  const keys = (catalog.foreignKeys ?? []).map((k) => `${k.name}: ${k.schema}.${k.table}(${k.columns.join(', ')}) → ${k.refSchema}.${k.refTable}(${k.refColumns.join(', ')})`);
  assert.ok(keys.includes('line_notes_line: public.line_notes(line_no, orderid) → public.order_items(line_no, orderid)'), keys.join('\n'));
  assert.ok(keys.includes('order_returns_orderid_line_no_fkey: public.order_returns(orderid, line_no) → public.order_items(orderid, line_no)'));
  assert.ok(keys.includes('invoices_orderid_fkey: billing.invoices(orderid) → public.orders(orderid)'));
  assert.deepEqual(
    keys.filter((k) => k.includes('visits')),
    ['visits_customer_id_fkey: public.visits(customer_id) → public.customers(customer_id)'],
  );
});
