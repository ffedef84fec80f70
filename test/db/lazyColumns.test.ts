/**
 * Columns loaded per schema on first use (server/src/catalog/lazyColumns.ts) on a real
 * schema-per-tenant database (test/support/tenantSchema.ts, 12 tenants × 8 tables): with
 * `eagerColumns` exceeded only the search path's schemas come with columns; every other
 * schema's arrive on first use and must equal, relation by relation, what a whole load reads.
 * Tenants share column lists except where they differ (the migrated tenant, the serial
 * defaults naming their own schema's sequence), judged against PostgreSQL itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { connect, freshDatabase } from '../support/db';
import { createTenantSchema, migratedTenant, tenantSchemaName, tenantTableName, type TenantShape } from '../support/tenantSchema';
import { catalogCounts, loadCatalog, loadColumns } from '../../server/src/catalog/catalogLoader';
import { lazyColumnsOf, loadedColumns } from '../../server/src/catalog/lazyColumns';
import type { Catalog, CatalogRelation } from '../../server/src/catalog/model';

const shape: TenantShape = { tenants: 12, tablesPerTenant: 8 };
let client: pg.Client;
let whole: Catalog;
const checks: [string, () => void | Promise<void>][] = [];
function check(name: string, fn: () => void | Promise<void>): void {
  checks.push([name, fn]);
}

test('lazy columns on a 12-tenant database', async (t) => {
  const url = await freshDatabase('lazycols');
  await createTenantSchema(url, shape, 1);
  // after createTenantSchema: the database's search_path (tenant_0001, public) applies to new sessions
  client = await connect(url);
  try {
    whole = await loadCatalog(client);
    for (const [name, fn] of checks) {
      await t.test(name, fn);
    }
  } finally {
    await client.end();
  }
});

function rel(catalog: Catalog, schema: string, name: string): CatalogRelation {
  const r = catalog.relations.find((x) => x.schema === schema && x.name === name);
  assert.ok(r, `${schema}.${name} missing`);
  return r;
}

/** A lazy catalog whose schemas load from this test's session. */
async function lazyCatalog(): Promise<Catalog> {
  const catalog = await loadCatalog(client, { eagerColumns: 0 });
  const lazy = lazyColumnsOf(catalog);
  assert.ok(lazy, 'a database over eagerColumns gets lazy columns');
  lazy.connect(
    (oids) => loadColumns(client, oids, lazy.interner),
    () => undefined,
  );
  return catalog;
}

check('below eagerColumns nothing is lazy', () => {
  assert.equal(lazyColumnsOf(whole), undefined);
  assert.ok(whole.relations.every((r) => loadedColumns(r) !== null && !r.opaque));
});

check('only the search path schemas come with columns; the others list their relations, opaque and without columns', async () => {
  const catalog = await lazyCatalog();
  assert.deepEqual(catalog.searchPath, ['pg_catalog', tenantSchemaName(1), 'public']);
  assert.deepEqual(
    catalog.relations.map((r) => `${r.schema}.${r.name}`),
    whole.relations.map((r) => `${r.schema}.${r.name}`),
  );
  for (const r of catalog.relations) {
    const eager = [tenantSchemaName(1), 'public', 'pg_catalog', 'information_schema'].includes(r.schema);
    assert.equal(loadedColumns(r) !== null, eager, `${r.schema}.${r.name}`);
    assert.equal(r.opaque ?? false, !eager, `${r.schema}.${r.name}`);
    if (eager) {
      assert.deepEqual(r.columns, rel(whole, r.schema, r.name).columns);
    }
  }
  assert.deepEqual(lazyColumnsOf(catalog)!.pendingSchemas().sort(), Array.from({ length: shape.tenants - 1 }, (_, i) => tenantSchemaName(i + 2)));
  assert.ok(catalogCounts(catalog).columns < catalogCounts(whole).columns);
});

check('reading a relation’s columns loads its schema’s: then they equal a whole load’s', async () => {
  const catalog = await lazyCatalog();
  const orders = rel(catalog, tenantSchemaName(10), 'orders');
  assert.deepEqual(orders.columns, [], 'not loaded yet: no columns');
  await lazyColumnsOf(catalog)!.loadWanted();
  assert.equal(orders.opaque, false);
  for (const r of catalog.relations.filter((x) => x.schema === tenantSchemaName(10))) {
    assert.deepEqual(r.columns, rel(whole, r.schema, r.name).columns, `${r.schema}.${r.name}`);
  }
  // the other tenants were not asked for
  assert.equal(loadedColumns(rel(catalog, tenantSchemaName(3), 'orders')), null);
  assert.ok(!lazyColumnsOf(catalog)!.pendingSchemas().includes(tenantSchemaName(10)));
});

check('every schema loaded on first use: the catalog equals a whole load, relation by relation', async () => {
  const catalog = await lazyCatalog();
  const lazy = lazyColumnsOf(catalog)!;
  for (const schema of lazy.pendingSchemas()) {
    lazy.want(schema);
  }
  await lazy.loadWanted();
  assert.deepEqual(lazy.pendingSchemas(), []);
  whole.relations.forEach((w, i) => {
    const r = catalog.relations[i]!;
    assert.deepEqual(r.columns, w.columns, `${w.schema}.${w.name}`);
    assert.equal(r.opaque ?? false, false);
  });
  assert.deepEqual(catalogCounts(catalog), catalogCounts(whole));
});

check('tenants share one column list per shape; the migrated tenant and the serial defaults keep their own, as PostgreSQL has them', async () => {
  for (const catalog of [whole, await lazyCatalog()]) {
    const lazy = lazyColumnsOf(catalog);
    if (lazy) {
      for (const schema of lazy.pendingSchemas()) {
        lazy.want(schema);
      }
      await lazy.loadWanted();
    }
    const [a, b, migrated] = [3, 4, 10].map(tenantSchemaName) as [string, string, string];
    assert.ok(migratedTenant(10) && !migratedTenant(3) && !migratedTenant(4));
    // the same table (not a serial one) in two tenants: one shared list
    assert.equal(tenantTableName(6), 'warehouses');
    assert.equal(rel(catalog, a, 'warehouses').columns, rel(catalog, b, 'warehouses').columns);
    // the migrated tenant's orders lost a column and gained migrated_at, as PostgreSQL says
    for (const schema of [a, migrated]) {
      const names = await client.query<{ attname: string }>(
        `SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
        [`${schema}.orders`],
      );
      assert.deepEqual(
        rel(catalog, schema, 'orders').columns.map((c) => c.name),
        names.rows.map((r) => r.attname),
      );
    }
    assert.notEqual(rel(catalog, a, 'orders').columns, rel(catalog, migrated, 'orders').columns);
    // serial ids: each default names its own schema's sequence
    for (const schema of [a, b]) {
      const def = await client.query<{ d: string }>(`SELECT pg_get_expr(adbin, adrelid) AS d FROM pg_attrdef WHERE adrelid = $1::regclass AND adnum = 1`, [`${schema}.customers`]);
      assert.equal(rel(catalog, schema, 'customers').columns[0]!.default, def.rows[0]!.d);
      assert.match(def.rows[0]!.d, new RegExp(`${schema}\\.customers_id_seq`));
    }
    assert.notEqual(rel(catalog, a, 'customers').columns, rel(catalog, b, 'customers').columns);
  }
});

check('a schema whose columns could not be read stays opaque and is read again on its next use', async () => {
  const catalog = await loadCatalog(client, { eagerColumns: 0 });
  const lazy = lazyColumnsOf(catalog)!;
  let failures = 0;
  const loaded: string[] = [];
  lazy.connect(
    async (oids) => {
      if (failures === 0) {
        failures++;
        // a real failure: PostgreSQL refuses the query
        await client.query('SELECT $1::int', ['not a number']);
      }
      return loadColumns(client, oids, lazy.interner);
    },
    (schema) => loaded.push(schema),
  );
  const invoices = rel(catalog, tenantSchemaName(6), 'invoices');
  assert.deepEqual(invoices.columns, []);
  await lazy.loadWanted();
  assert.equal(failures, 1);
  assert.equal(invoices.opaque, true);
  assert.deepEqual(loaded, []);
  assert.deepEqual(invoices.columns, [], 'asks again');
  await lazy.loadWanted();
  assert.deepEqual(loaded, [tenantSchemaName(6)]);
  assert.deepEqual(invoices.columns, rel(whole, tenantSchemaName(6), 'invoices').columns);
});
