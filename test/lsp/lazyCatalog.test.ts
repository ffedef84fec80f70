/**
 * A schema-per-tenant database over the real server (in process, real JSON-RPC) with
 * `catalogEagerColumns: 0`, so every schema off the search path loads its columns on first
 * use (server/src/catalog/lazyColumns.ts): diagnostics stay quiet about an unloaded table,
 * then report what PostgreSQL reports once its columns arrive; `relation does not exist` is
 * still found; completion offers a tenant's tables after `tenant_0005.`, the search path's
 * `orders` once (not once per tenant) and a lazily loaded table's columns after `o.`.
 * Expected messages come from running the same statements on the same PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { connect, freshDatabase } from '../support/db';
import { createTenantSchema, tenantSchemaName } from '../support/tenantSchema';
import { startInProcessServer, type LspHarness } from '../support/lspServer';

const shape = { tenants: 12, tablesPerTenant: 8 };
let url: string;
let server: LspHarness;
const checks: [string, () => Promise<void>][] = [];
function check(name: string, fn: () => Promise<void>): void {
  checks.push([name, fn]);
}

test('a 12-tenant database with lazily loaded columns, over LSP', async (t) => {
  url = await freshDatabase('lazylsp');
  await createTenantSchema(url, shape, 1);
  server = await startInProcessServer({ connection: url, settings: { diagnosticsDelay: 0, catalogEagerColumns: 0 } });
  try {
    const status = await server.waitForCatalog();
    assert.equal(status.state, 'loaded', status.error);
    for (const [name, fn] of checks) {
      await t.test(name, fn);
    }
  } finally {
    await server.shutdown();
  }
});

/** PostgreSQL's error for `sql` on the fixture database, as the server words a diagnostic. */
async function postgresSays(sql: string): Promise<string> {
  const c = await connect(url);
  try {
    await c.query(sql);
  } catch (err) {
    const e = err as { message: string; hint?: string };
    return e.hint ? `${e.message}\nHint: ${e.hint}` : e.message;
  } finally {
    await c.end();
  }
  return 'no error';
}

/** Polls pgsight/status until more columns are loaded than `before`. */
async function columnsBeyond(before: number): Promise<number> {
  for (let i = 0; ; i++) {
    const { columns } = (await server.status()).catalog;
    if (columns > before) {
      return columns;
    }
    assert.ok(i < 100_000, 'the columns never arrived');
    await new Promise((r) => setImmediate(r));
  }
}

let version = 0;
async function diagnose(sql: string): Promise<Diagnostic[]> {
  const uri = `file:///lazy/${++version}.sql`;
  const first = await server.open(uri, sql);
  server.close(uri);
  return first;
}

check('a misspelled column in an unloaded schema: quiet at first, then PostgreSQL’s error once its columns arrive', async () => {
  const sql = `select o.idd from ${tenantSchemaName(3)}.orders o`;
  const before = (await server.status()).catalog.columns;
  const uri = 'file:///lazy/misspelled.sql';
  assert.deepEqual(await server.open(uri, sql), [], 'no column is reported missing while the columns are not known');
  await columnsBeyond(before);
  const after = await server.change(uri, sql);
  assert.deepEqual(
    after.map((d) => [d.code, d.message]),
    [['42703', await postgresSays(sql)]],
  );
  server.close(uri);
});

/** The diagnostics of `sql` once its schema's columns are loaded (polled: the first use asks for them). */
async function onceLoaded(sql: string, loadedProbe: string): Promise<Diagnostic[]> {
  for (let i = 0; (await diagnose(loadedProbe)).length === 0; i++) {
    assert.ok(i < 10_000, `the columns for ${loadedProbe} never arrived`);
    await new Promise((r) => setImmediate(r));
  }
  return diagnose(sql);
}

check('each tenant’s own columns: the migrated tenant has migrated_at, the others do not', async () => {
  const migrated = `select migrated_at from ${tenantSchemaName(10)}.orders`;
  const other = `select migrated_at from ${tenantSchemaName(4)}.orders`;
  assert.deepEqual(
    (await onceLoaded(other, other)).map((x) => [x.code, x.message]),
    [['42703', await postgresSays(other)]],
  );
  assert.equal(await postgresSays(migrated), 'no error');
  assert.deepEqual(await onceLoaded(migrated, `select no_such_column from ${tenantSchemaName(10)}.orders`), []);
});

check('relation does not exist: on the search path and in a tenant schema, as PostgreSQL says', async () => {
  for (const sql of ['select * from ordrs', `select * from ${tenantSchemaName(5)}.ordrs`, `select * from ${tenantSchemaName(6)}.customers c join nosuch n on true`]) {
    const expected = await postgresSays(sql);
    assert.match(expected, /^relation ".*" does not exist/);
    assert.deepEqual(
      (await diagnose(sql)).map((d) => [d.code, d.message]),
      [['42P01', expected]],
      sql,
    );
  }
  assert.equal(await postgresSays('select id from customers'), 'no error');
  assert.deepEqual(await diagnose('select id from customers'), []);
});

interface Item {
  label: string;
  detail?: string;
}

async function complete(text: string, character = text.length): Promise<Item[]> {
  const uri = `file:///lazy/complete-${++version}.sql`;
  await server.open(uri, text);
  const list = await server.request<{ items: Item[] } | null>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character } });
  server.close(uri);
  return list?.items ?? [];
}

check('completion after `tenant_0005.` offers exactly that schema’s relations', async () => {
  const c = await connect(url);
  const expected = await c.query<{ relname: string }>(
    `SELECT relname FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind IN ('r','p','v','m','f','S') ORDER BY relname`,
    [tenantSchemaName(5)],
  );
  await c.end();
  const items = await complete(`select * from ${tenantSchemaName(5)}.`);
  assert.deepEqual(
    items.map((i) => i.label).filter((l) => expected.rows.some((r) => r.relname === l)).sort(),
    expected.rows.map((r) => r.relname).sort(),
  );
  assert.ok(items.filter((i) => i.detail?.includes(' in ')).every((i) => i.detail!.includes(`in ${tenantSchemaName(5)}`)));
});

check('bare completion: the search path’s `orders` once, not once per tenant', async () => {
  const items = await complete('select * from ord');
  const orders = items.filter((i) => i.label === 'orders');
  assert.equal(orders.length, 1);
  assert.match(orders[0]!.detail!, new RegExp(`in ${tenantSchemaName(1)}`));
});

check('`o.` on a lazily loaded table: its columns in attnum order, as PostgreSQL lists them', async () => {
  const schema = tenantSchemaName(7);
  const text = `select o. from ${schema}.orders o`;
  const before = (await server.status()).catalog.columns;
  await complete(text, 'select o.'.length);
  await columnsBeyond(before);
  const c = await connect(url);
  const expected = await c.query<{ attname: string }>(`SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`, [`${schema}.orders`]);
  await c.end();
  const items = await complete(text, 'select o.'.length);
  assert.deepEqual(
    items.map((i) => i.label).slice(0, expected.rows.length),
    expected.rows.map((r) => r.attname),
  );
});
