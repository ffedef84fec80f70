/**
 * Name resolution over the captured shop catalog the way PostgreSQL does it: schema-qualified
 * names exactly, bare names through current_schemas(true) in order; and what a function
 * yields as a FROM item.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { catalogCounts } from '../../server/src/catalog/catalogLoader';
import { CatalogIndex } from '../../server/src/analysis/tokens/catalogIndex';
import type { Catalog } from '../../server/src/catalog/model';

const shop = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../fixtures/catalog/shop.json'), 'utf8')) as Catalog;
const index = CatalogIndex.for(shop);

test('the fixture was captured with the implicit pg_catalog first on the search path', () => {
  assert.deepEqual(shop.searchPath, ['pg_catalog', 'public']);
});

test('bare names resolve through the search path; qualified names exactly', () => {
  assert.equal(index.resolveRelation(null, 'orders')?.schema, 'public');
  assert.equal(index.resolveRelation(null, 'pg_class')?.schema, 'pg_catalog');
  assert.equal(index.resolveRelation(null, 'invoices'), null, 'billing is not on the search path');
  assert.equal(index.resolveRelation('billing', 'invoices')?.name, 'invoices');
  assert.equal(index.resolveRelation('public', 'invoices'), null);
  // names are exact: folding is the caller's business, as in PostgreSQL
  assert.equal(index.resolveRelation(null, 'Orders'), null);
  assert.equal(index.resolveRelation(null, 'CartItems')?.kind, 'table');
  // information_schema is not on the path
  assert.equal(index.resolveRelation(null, 'columns'), null);
  assert.equal(index.resolveRelation('information_schema', 'columns')?.kind, 'view');
});

test('visibility: a relation is visible when its bare name finds it', () => {
  const i = shop.relations.findIndex((r) => r.schema === 'billing' && r.name === 'invoices');
  const j = shop.relations.findIndex((r) => r.schema === 'public' && r.name === 'orders');
  assert.equal(index.relationVisible[i], false);
  assert.equal(index.relationVisible[j], true);
});

test('functions as FROM items: result columns, scalar, unknown', () => {
  assert.deepEqual(index.functionColumns(null, 'customer_order_history')?.map((c) => c.name), ['orderid', 'order_date', 'total']);
  assert.deepEqual(index.functionColumns(null, 'generate_series'), [{ name: '', type: null }]);
  assert.deepEqual(index.functionColumns(null, 'order_total'), [{ name: '', type: 'numeric' }]);
  assert.equal(index.functionColumns(null, 'json_to_record'), null);
  assert.equal(index.functionColumns(null, 'no_such_function'), null);
  assert.equal(index.resolveFunction(null, 'now')?.schema, 'pg_catalog');
  assert.equal(index.resolveFunction(null, 'int4pl')?.internal, true);
  assert.equal(index.resolveFunction(null, 'lower')?.internal, false);
});

test('catalogCounts counts relations and their columns', () => {
  const counts = catalogCounts(shop);
  assert.equal(counts.relations, shop.relations.length);
  assert.equal(counts.columns, shop.relations.reduce((n, r) => n + r.columns.length, 0));
  assert.ok(counts.columns > counts.relations);
});
