/**
 * The workspace schema as the catalog (server/src/workspace/): schema files replayed in order
 * onto the built-in snapshot captured from PostgreSQL 18 (server/builtins/).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../../server/src/catalog/model';
import { loadParser, ParsedDocumentCache } from '../../server/src/parser';
import { analyzeDocument } from '../../server/src/analysis/analyzeDocument';
import { builtinCatalog } from '../../server/src/workspace/builtinCatalog';
import { replaySchemaFiles } from '../../server/src/workspace/workspaceCatalog';

before(async () => {
  await loadParser();
});

const check = (schema: string[], sql: string): string[] => {
  const { catalog } = replaySchemaFiles(
    schema.map((text, i) => ({ path: `s${i}.sql`, text })),
    builtinCatalog(),
  );
  return analyzeDocument(ParsedDocumentCache.parseText(sql), catalog).map((p) => `${p.code} ${p.message}${p.hint ? ` | ${p.hint}` : ''}`);
};

test('the built-in snapshot knows now(), generate_series, pg_stat_activity and information_schema', () => {
  const b = builtinCatalog();
  assert.equal(Math.floor(b.serverVersionNum / 10_000), 18);
  assert.ok(b.functions.some((f) => f.name === 'now' && f.schema === 'pg_catalog'));
  assert.ok(b.relations.some((r) => r.name === 'pg_stat_activity' && r.columns.some((c) => c.name === 'wait_event')));
  assert.ok(b.relations.some((r) => r.schema === 'information_schema' && r.name === 'columns'));
  assert.deepEqual(check([], 'SELECT now(), g, pid FROM generate_series(1, 2) g, pg_stat_activity;'), []);
  assert.deepEqual(check([], 'SELECT pidd FROM pg_stat_activity;'), [
    '42703 column "pidd" does not exist | Perhaps you meant to reference the column "pg_stat_activity.pid".',
  ]);
});

test('tables, renames, views with the bound columns and schemas, in file order', () => {
  const schema = [
    'CREATE SCHEMA app; CREATE TABLE app.orders (orderid int, total numeric); CREATE TABLE customers (id int, email text);',
    'ALTER TABLE customers RENAME COLUMN email TO email_address; CREATE VIEW big AS SELECT o.orderid, o.total * 2 AS doubled FROM app.orders o;',
  ];
  assert.deepEqual(check(schema, 'SELECT email_address FROM customers; SELECT orderid, doubled FROM big; SELECT * FROM app.orders;'), []);
  assert.deepEqual(check(schema, 'SELECT email FROM customers;'), ['42703 column "email" does not exist']);
  assert.deepEqual(check(schema, 'SELECT total FROM big;'), ['42703 column "total" does not exist']);
  assert.deepEqual(check(schema, 'SELECT * FROM invoices;'), ['42P01 relation "invoices" does not exist']);
  // dropped or renamed away: missing, as PostgreSQL says
  const moved = ['CREATE TABLE orders (id int); CREATE TABLE tmp (x int);', 'ALTER TABLE orders RENAME TO shop_orders; DROP TABLE tmp;'];
  assert.deepEqual(check(moved, 'SELECT id FROM shop_orders; SELECT * FROM orders; SELECT * FROM tmp;'), [
    '42P01 relation "orders" does not exist',
    '42P01 relation "tmp" does not exist',
  ]);
  // an ALTER of a table the files never created (made by an extension, say): unknown, not missing
  assert.deepEqual(check(['ALTER TABLE made_elsewhere ADD COLUMN b int;'], 'SELECT b FROM made_elsewhere;'), []);
});

test('types, domains, sequences and schemas reach the catalog; DO blocks make missing relations unknowable', () => {
  const { catalog } = replaySchemaFiles(
    [
      {
        path: 's.sql',
        text: "CREATE SCHEMA billing; CREATE TYPE mood AS ENUM ('a'); CREATE DOMAIN posint AS int CHECK (VALUE > 0); CREATE SEQUENCE billing.seq; CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1';",
      },
    ],
    builtinCatalog(),
  );
  assert.ok(catalog.schemas.includes('billing'));
  assert.deepEqual(
    catalog.types.filter((t) => t.schema === 'public').map((t) => `${t.name}:${t.kind}`),
    ['mood:e', 'posint:d'],
  );
  assert.ok(catalog.relations.some((r) => r.schema === 'billing' && r.name === 'seq' && r.kind === 'sequence'));
  assert.ok(catalog.functions.some((f) => f.schema === 'public' && f.name === 'f'));
  assert.deepEqual(check(['CREATE SEQUENCE billing.seq;'], 'SELECT last_value FROM billing.seq;'), []);
  assert.deepEqual(check(['DO $$ BEGIN EXECUTE $x$CREATE TABLE made (a int)$x$; END $$;'], 'SELECT a FROM made;'), []);
});

test('each schema file is checked against the files before it', () => {
  const { files } = replaySchemaFiles(
    [
      { path: '1.sql', text: 'CREATE TABLE t (a int);' },
      { path: '2.sql', text: 'CREATE INDEX ON t (b);\nALTER TABLE u ADD COLUMN c int;' },
    ],
    builtinCatalog(),
  );
  assert.deepEqual(files[0]!.problems, []);
  assert.deepEqual(
    files[1]!.problems.map((p) => p.message),
    ['column "b" does not exist', 'relation "u" does not exist'],
  );
});

test('foreign keys of the replayed DDL are the ones PostgreSQL lists for the same schema (shop.sql vs its capture)', () => {
  const dir = path.resolve(__dirname, '../fixtures/catalog');
  const captured = JSON.parse(fs.readFileSync(path.join(dir, 'shop.json'), 'utf8')) as Catalog;
  const { catalog } = replaySchemaFiles([{ path: 'shop.sql', text: fs.readFileSync(path.join(dir, 'shop.sql'), 'utf8') }], builtinCatalog());
  const sorted = (keys: Catalog['foreignKeys']) => [...(keys ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1));
  assert.ok((captured.foreignKeys ?? []).length > 10);
  assert.deepEqual(sorted(catalog.foreignKeys), sorted(captured.foreignKeys));
});

test('foreign keys added by ALTER TABLE count, dropped ones and those of dropped tables do not', () => {
  const { catalog } = replaySchemaFiles(
    [
      {
        path: 'm.sql',
        text: `CREATE TABLE a (id int, k int, PRIMARY KEY (id, k));
               CREATE TABLE b (id int PRIMARY KEY, a_id int, a_k int);
               ALTER TABLE b ADD CONSTRAINT b_a FOREIGN KEY (a_id, a_k) REFERENCES a;
               CREATE TABLE c (b_id int REFERENCES b, x int);
               ALTER TABLE c ADD FOREIGN KEY (x) REFERENCES b (id);
               ALTER TABLE c DROP CONSTRAINT c_x_fkey;
               CREATE TABLE gone (b_id int REFERENCES b);
               DROP TABLE gone;`,
      },
    ],
    builtinCatalog(),
  );
  assert.deepEqual(
    catalog.foreignKeys?.map((k) => `${k.name}: ${k.table}(${k.columns.join(', ')}) → ${k.refTable}(${k.refColumns.join(', ')})`),
    ['b_a: b(a_id, a_k) → a(id, k)', 'c_b_id_fkey: c(b_id) → b(id)'],
  );
});
