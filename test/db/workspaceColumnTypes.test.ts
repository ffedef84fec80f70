/**
 * Column types of a workspace catalog (server/src/workspace/columnTypes.ts) are what the real
 * server's format_type() says for the same schema: the same DDL replayed by pgsight and run
 * on PostgreSQL, then every column of the tables compared.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { connect, freshDatabase } from '../support/db';
import { loadCatalog } from '../../server/src/catalog/catalogLoader';
import { loadParser } from '../../server/src/parser';
import { builtinCatalog } from '../../server/src/workspace/builtinCatalog';
import { replaySchemaFiles } from '../../server/src/workspace/workspaceCatalog';

before(async () => {
  await loadParser();
});

const files = [
  `CREATE SCHEMA billing;
CREATE TYPE billing.mood AS ENUM ('ok', 'sad');
CREATE TABLE kinds (
  a int, b text, c varchar(20), d numeric(12, 2), e timestamptz, f timestamp(3), g int[], h char,
  i serial, j double precision, k billing.mood, l interval, m bit varying(3), n time(2) with time zone,
  o character varying, p bigint, q smallint, r real, s boolean, t date, u jsonb, v uuid, w numeric, x bytea,
  y int4range, z text[][], aa timestamp, ab time, ac decimal(5), ad float, ae bit(4), af bigserial
);`,
  `ALTER TABLE kinds ALTER COLUMN a TYPE bigint;
ALTER TABLE kinds RENAME COLUMN b TO b_text;
ALTER TABLE kinds ADD COLUMN ag varchar(7)[];
CREATE TABLE copy (LIKE kinds, extra int);
ALTER TABLE copy RENAME TO kinds_copy;
CREATE TABLE parent (id int, at timestamptz) PARTITION BY RANGE (at);
CREATE TABLE parent_2024 PARTITION OF parent FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE base (id int8);
CREATE TABLE child (note text) INHERITS (base);`,
];

test('workspace column types equal format_type() on the real server', async () => {
  const url = await freshDatabase('pgsight_ws_types', files.join('\n'));
  const client = await connect(url);
  let server;
  try {
    server = await loadCatalog(client, { timeoutMs: 20_000 });
  } finally {
    await client.end();
  }
  const { catalog } = replaySchemaFiles(
    files.map((text, i) => ({ path: `${i}.sql`, text })),
    builtinCatalog(),
  );
  const tables = ['kinds', 'kinds_copy', 'parent', 'parent_2024', 'base', 'child'];
  const shape = (c: typeof catalog) =>
    tables.map((t) => [t, c.relations.find((r) => r.schema === 'public' && r.name === t)?.columns.map((col) => `${col.name} ${col.type}`) ?? null]);
  const expected = shape(server);
  assert.ok(expected.every((e) => (e[1]?.length ?? 0) > 0));
  assert.deepEqual(shape(catalog), expected);
});
