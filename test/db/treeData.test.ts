/**
 * The tree's data layer against a real PostgreSQL: template0, template1 and a custom
 * template listed with their flags exactly as pg_database has them, the groups and nodes
 * built from them, and a database's schemas > objects > columns.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { connect, freshDatabase, quoteIdent } from '../support/db';
import { renderedText } from '../support/markdownRender';
import { listDatabases, databaseSize, serverInfo } from '../../client/src/tree/data/databases';
import { listSchemas, listSchemaObjects, listColumns } from '../../client/src/tree/data/schemaObjects';
import { databaseGroups, groupChildren, databaseChildren, systemChildren, objectNode, columnNode, clusterNode } from '../../client/src/tree/data/treeModel';

const customTemplate = `tpl_tree_${process.pid}`;
let admin: pg.Client;

before(async () => {
  admin = await connect();
  await admin.query(`CREATE DATABASE ${quoteIdent(customTemplate)} TEMPLATE template0 IS_TEMPLATE true CONNECTION LIMIT 7`);
});

after(async () => {
  await admin.query(`ALTER DATABASE ${quoteIdent(customTemplate)} IS_TEMPLATE false`);
  await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(customTemplate)} WITH (FORCE)`);
  await admin.end();
});

test('listDatabases has every row of pg_database, templates included, with its flags as stored', async () => {
  const dbs = await listDatabases(admin);
  const { rows } = await admin.query<{ datname: string; datistemplate: boolean; datallowconn: boolean; datconnlimit: number; owner: string; enc: string; datcollate: string }>(
    "select datname, datistemplate, datallowconn, datconnlimit, pg_get_userbyid(datdba) as owner, pg_encoding_to_char(encoding) as enc, datcollate from pg_database order by datname",
  );
  assert.deepEqual(
    dbs.map((d) => [d.name, d.isTemplate, d.allowConnections, d.connectionLimit, d.owner, d.encoding, d.collate]),
    rows.map((r) => [r.datname, r.datistemplate, r.datallowconn, r.datconnlimit, r.owner, r.enc, r.datcollate]),
  );
  const byName = new Map(dbs.map((d) => [d.name, d]));
  assert.equal(byName.get('template0')?.isTemplate, true);
  assert.equal(byName.get('template0')?.allowConnections, false);
  assert.equal(byName.get('template1')?.isTemplate, true);
  assert.equal(byName.get('template1')?.allowConnections, true);
  assert.equal(byName.get(customTemplate)?.isTemplate, true);
  assert.equal(byName.get(customTemplate)?.connectionLimit, 7);
  assert.ok((byName.get('postgres')?.connections ?? 0) >= 1, 'our own session on postgres is counted');
  assert.ok(['libc', 'icu', 'builtin'].includes(byName.get('postgres')!.localeProvider));
});

test('groups: templates under Templates, template0 not expandable and says why, postgres marked as maintenance database', async () => {
  const dbs = await listDatabases(admin);
  const groups = databaseGroups('c', dbs);
  assert.deepEqual(groups.map((g) => g.label), ['Databases', 'Templates']);
  assert.equal(groups[1]!.description, String(dbs.filter((d) => d.isTemplate).length));
  const templates = groupChildren('c', 'templates', dbs);
  const names = templates.map((t) => t.label);
  assert.ok(names.includes('template0') && names.includes('template1') && names.includes(customTemplate), names.join(','));
  const t0 = templates.find((t) => t.label === 'template0')!;
  assert.equal(t0.expandable, false);
  assert.match(renderedText(t0.tooltip!), /template0 does not accept connections \(datallowconn = false\)/);
  assert.match(t0.contextValue, /\btemplate\b/);
  assert.match(t0.contextValue, /\bnoconn\b/);
  assert.equal(templates.find((t) => t.label === 'template1')!.expandable, true);
  const plain = groupChildren('c', 'databases', dbs);
  assert.ok(!plain.some((n) => n.label.startsWith('template')));
  const postgres = plain.find((n) => n.label === 'postgres')!;
  assert.match(postgres.description!, /default maintenance database/);
  assert.match(postgres.contextValue, /\bnottemplate\b/);
});

test('cluster node shows version and status; size is loaded on its own', async () => {
  const info = await serverInfo(admin);
  assert.match(info.version, /^\d+/);
  const node = clusterNode({ id: 'x', label: 'test', kind: 'profile', status: 'online', info, error: null, endpoint: '127.0.0.1:5432' });
  assert.equal(node.description, `${info.version} · online`);
  assert.match(node.tooltip!, /Data directory/);
  const dbs = await listDatabases(admin);
  const size = await databaseSize(admin, dbs.find((d) => d.name === 'postgres')!.oid);
  assert.ok(size !== null && size.bytes > 1_000_000, JSON.stringify(size));
});

test('a database: schemas (System apart, pg_toast hidden) > objects by kind > columns with PK/FK badges', async () => {
  const url = await freshDatabase('tree', `
    create schema shop;
    create table shop.customers (id int generated always as identity primary key, name text not null default 'anon');
    create table shop.orders (id bigserial primary key, customer_id int references shop.customers(id), total numeric(10,2));
    create table shop.events (at date not null) partition by range (at);
    create table shop.events_2024 partition of shop.events for values from ('2024-01-01') to ('2025-01-01');
    create view shop.big_orders as select * from shop.orders where total > 100;
    create materialized view shop.order_totals as select customer_id, sum(total) from shop.orders group by 1;
    create sequence shop.tickets;
    create function shop.add(a int, b int) returns int language sql as 'select a + b';
    create procedure shop.noop() language sql as 'select 1';
    create temp table scratch (x int);`);
  const c = await connect(url);
  try {
    const schemas = await listSchemas(c);
    const names = schemas.map((s) => s.name);
    assert.ok(!names.includes('pg_toast') && !names.some((n) => n.startsWith('pg_temp')), names.join(','));
    const children = databaseChildren('c', 'db', schemas);
    assert.deepEqual(children.map((n) => n.label), ['public', 'shop', 'System']);
    assert.deepEqual(systemChildren('c', 'db', schemas).map((n) => n.label), ['information_schema', 'pg_catalog']);

    const shop = schemas.find((s) => s.name === 'shop')!;
    const objects = await listSchemaObjects(c, shop.oid);
    assert.deepEqual(objects.map((o) => `${o.kind}:${o.name}`), [
      'table:customers',
      'table:events_2024',
      'table:orders',
      'partitioned table:events',
      'view:big_orders',
      'materialized view:order_totals',
      'sequence:customers_id_seq',
      'sequence:orders_id_seq',
      'sequence:tickets',
      'function:add',
      'procedure:noop',
    ]);
    const nodes = objects.map((o) => objectNode('c', 'db', o));
    assert.equal(nodes.find((n) => n.label === 'add(a integer, b integer)')?.icon, 'symbol-function');
    assert.equal(nodes.find((n) => n.label === 'events_2024')?.description, 'table, partition of shop.events');
    assert.equal(nodes.find((n) => n.label === 'tickets')?.expandable, false);
    assert.equal(nodes.find((n) => n.label === 'events')?.icon, 'split-horizontal');

    const orders = objects.find((o) => o.name === 'orders')!;
    const cols = await listColumns(c, orders.oid);
    const colNodes = cols.map((col) => columnNode('c', 'db', 'shop.orders', col));
    assert.deepEqual(colNodes.map((n) => [n.label, n.description, n.icon]), [
      ['id', "PK · bigint · NOT NULL · DEFAULT nextval('shop.orders_id_seq'::regclass)", 'key'],
      ['customer_id', 'FK → shop.customers · integer', 'references'],
      ['total', 'numeric(10,2)', 'symbol-field'],
    ]);
    const customers = await listColumns(c, objects.find((o) => o.name === 'customers')!.oid);
    assert.equal(columnNode('c', 'db', 'shop.customers', customers[0]!).description, 'PK · integer · NOT NULL · GENERATED ALWAYS AS IDENTITY');
    assert.equal(customers[1]!.default, "'anon'::text");
  } finally {
    await c.end();
  }
});
