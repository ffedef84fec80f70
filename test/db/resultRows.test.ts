/**
 * The results grid's row logic judged by a real PostgreSQL:
 * - sorting the fetched rows orders every kind of value as ORDER BY does on the same server
 *   (numeric digit by digit, NaN and infinities, timestamps across zone offsets, BC dates,
 *   timetz, text by code point as COLLATE "C"), NULLS LAST ascending and FIRST descending;
 * - rows copied as INSERT statements, run on the server, give back exactly the same rows
 *   (names quoted by the server's quote_ident, values as literals, NULL unquoted);
 * - Export to CSV through COPY writes the same bytes as psql's `\copy … csv header`, and a
 *   cancelled export leaves the user's transaction and the result's cursor as they were.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { connect, freshDatabase } from '../support/db';
import { RunSession, type StatementResult } from '../../client/src/run/runSession';
import { sortRows, type IndexedRow } from '../../webview/src/results/rowOrder';
import { tablePlaceholder, toInserts } from '../../webview/src/results/insertStatements';

let url: string;
const sessions: RunSession[] = [];

const database = freshDatabase(
  'rows',
  `create table "Odd ""Table"" x" (id int primary key, "Mixed Case" text, "select" numeric, "a""b" timestamptz, plain bytea, doc jsonb, nums int[], words text[],
     flag boolean, span interval, at time with time zone, "é" varchar(5), empty text);
   insert into "Odd ""Table"" x" values
     (1, E'it''s a \\\\ back\\nslash', 1.10, '2024-01-02 03:04:05.678+02', '\\x00ff27', '{"b": 12345678901234567890, "a": [1, "x''y"]}', '{1,NULL,3}', '{"a b","c\\"d",NULL}',
      true, '1 year 2 mons -3 days 04:05:06.7', '13:14:15+05:30', 'ü', ''),
     (2, null, 'NaN', '0044-03-15 12:00:00 BC', null, 'null', '{}', '{}', false, null, null, null, null),
     (3, '', -0.000000000000000000001, 'infinity', '\\x', '[]', null, '{""}', null, '-178000000 years', '00:00:00-15:59', 'x', 'NULL');
   create table other (id int, note text);
   insert into other values (1, 'a');`,
);

before(async () => {
  url = await database;
});

after(async () => {
  for (const s of sessions) {
    await s.close();
  }
});

async function session(): Promise<RunSession> {
  const s = await RunSession.open(await connect(url), { statementTimeoutMs: 20_000, readOnly: false });
  sessions.push(s);
  return s;
}

function ok(r: StatementResult): StatementResult {
  assert.equal(r.error, undefined, JSON.stringify(r.error));
  return r;
}

/** Values of one type, their text as the server prints them, NULLs and ties included. */
const samples: [string, string[]][] = [
  ['integer', ['3', '(-2147483648)', 'null', '0', '2147483647', '-7', '3', 'null']],
  ['bigint', ['9223372036854775807', '(-9223372036854775808)', '10', '9', '-10', 'null']],
  [
    'numeric',
    [
      "'NaN'",
      "'Infinity'",
      "'-Infinity'",
      '1.10',
      '1.1',
      '-0.5',
      '123456789012345678901234567890.5',
      '123456789012345678901234567890.49',
      '-0.0000001',
      '0',
      'null',
      '10',
      '9.999',
    ],
  ],
  ['double precision', ["'NaN'", "'Infinity'", "'-Infinity'", '1e300', '-1e-300', '0.1', '-0', '0', '3', 'null']],
  ['real', ['1.5', "'NaN'", '-3.25', '1e-7', 'null']],
  ['boolean', ['true', 'false', 'null', 'true', 'false']],
  ['date', ["'2024-02-29'", "'0001-01-01 BC'", "'0044-03-15 BC'", "'infinity'", "'-infinity'", "'1999-12-31'", "'10000-01-01'", 'null']],
  ['timestamp', ["'2024-01-01 00:00:00.5'", "'2024-01-01 00:00:00.25'", "'0500-06-01 12:00 BC'", "'infinity'", "'1970-01-01'", 'null', "'2024-01-01'"]],
  // printed in St. John's time (offsets -03:30 and -02:30): the text order is not the instant order
  [
    'timestamptz',
    [
      "'2024-07-01 00:00+00'",
      "'2024-06-30 21:00-02:30'",
      "'2024-06-30 23:00+00'",
      "'2024-01-15 01:00+00'",
      "'2024-01-14 22:30:00.000001-02:30'",
      "'-infinity'",
      'null',
      "'1900-01-01 00:00+00'",
    ],
  ],
  ['time', ["'23:59:59.999999'", "'00:00'", "'12:30:00.5'", "'12:30'", "'24:00'", 'null']],
  ['time with time zone', ["'12:00+02'", "'10:00+00'", "'11:00+01'", "'09:00-01'", "'12:00-02'", "'00:00+15:59'", 'null']],
  ['text', ["'b'", "'B'", "'a'", "''", "'é'", "'e'", "'z'", "'\u{1F600}'", "'\u{FFFD}'", "'ab'", "'a b'", 'null', "'Zed'", "'10'", "'9'"]],
];

test('sorting the fetched rows orders every kind of value as ORDER BY does on the same server, NULLS LAST ascending, FIRST descending', async () => {
  const s = await session();
  ok(await s.run("set timezone = 'America/St_Johns'", { pageSize: 100 }));
  for (const [type, values] of samples) {
    const collate = type === 'text' ? ' collate "C"' : '';
    const from = `from (values ${values.map((v, i) => `(${i}, ${v}::${type})`).join(', ')}) as t(i, v)`;
    const r = ok(await s.run(`select i, v ${from}`, { pageSize: 1000 }));
    const rows: IndexedRow[] = r.rows!.map((row, index) => ({ index, row }));
    const typeName = r.columns![1]!.type;
    for (const dir of ['asc', 'desc'] as const) {
      const pg = ok(await s.run(`select i ${from} order by v${collate} ${dir}, i`, { pageSize: 1000 }));
      const ours = sortRows(rows, 1, typeName, dir).map((x) => x.row[0]);
      assert.deepEqual(
        ours,
        pg.rows!.map((x) => x[0]),
        `${type} ${dir}: ${JSON.stringify(sortRows(rows, 1, typeName, dir).map((x) => x.row[1]))}`,
      );
    }
  }
});

/** Runs SQL through psql (ON_ERROR_STOP), as a user pasting the copied text would. */
function psql(sql: string): string {
  return execFileSync('/usr/bin/psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url], { input: sql, encoding: 'utf8' });
}

test('rows copied as INSERT statements reproduce the rows exactly when run on the server: quote_ident names, literal values, NULL unquoted', async () => {
  const s = await session();
  const query = 'select * from "Odd ""Table"" x" order by id';
  const before = ok(await s.run(query, { pageSize: 100 }));
  const names = await s.insertTarget(before.insertSource!);
  assert.deepEqual(names, {
    table: '"Odd ""Table"" x"',
    columns: ['id', '"Mixed Case"', '"select"', '"a""b"', 'plain', 'doc', 'nums', 'words', 'flag', 'span', 'at', '"é"', 'empty'],
  });
  const columns = before.columns!.map((c) => ({ name: c.name, type: c.type }));
  const inserts = toInserts(columns, before.rows!, names);
  assert.match(inserts, /^INSERT INTO "Odd ""Table"" x" \(id, "Mixed Case", /);
  assert.equal(inserts.split('\n').filter((l) => l.startsWith('INSERT')).length, 3);
  // the server quotes exactly this way: compare with quote_ident itself
  const quoted = ok(
    await s.run(`select quote_ident(attname) from pg_attribute where attrelid = '"Odd ""Table"" x"'::regclass and attnum > 0 order by attnum`, {
      pageSize: 100,
    }),
  );
  assert.deepEqual(
    quoted.rows!.map((r) => r[0]),
    names!.columns,
  );
  psql(`begin; delete from "Odd ""Table"" x";\n${inserts}\ncommit;`);
  const after = ok(await s.run(query, { pageSize: 100 }));
  assert.deepEqual(after.rows, before.rows);
  assert.ok(before.rows!.some((r) => r.includes(null)) && before.rows!.some((r) => r.includes('')), 'NULL and the empty string both round-trip');
});

test("a result that is not the plain columns of one table gets the placeholder table and the result's own names, quoted by quote_ident", async () => {
  const s = await session();
  const join = ok(await s.run('select o.id, o.note as "Note", 1 as one from other o join "Odd ""Table"" x" t using (id)', { pageSize: 100 }));
  const joinNames = await s.insertTarget(join.insertSource!);
  assert.deepEqual(joinNames, { table: null, columns: ['id', '"Note"', 'one'] });
  assert.equal(toInserts(join.columns!, join.rows!, joinNames), `INSERT INTO ${tablePlaceholder} (id, "Note", one) VALUES ('1', 'a', '1');`);
  const aliased = ok(await s.run('select id as ident, note from other', { pageSize: 100 }));
  assert.deepEqual(await s.insertTarget(aliased.insertSource!), { table: 'other', columns: ['id', 'note'] }, "aliases of a table's columns insert into its columns");
  ok(await s.run('begin', { pageSize: 100 }));
  await s.run('select 1/0', { pageSize: 100 });
  assert.equal(await s.insertTarget(aliased.insertSource!), undefined, 'a failed transaction cannot be asked: the view falls back to quoted names and the placeholder');
  ok(await s.run('rollback', { pageSize: 100 }));
});

function sink(): { out: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  return {
    out: new Writable({
      write(chunk: Buffer, _e, next) {
        chunks.push(chunk);
        next();
      },
    }),
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

test("Export to CSV through COPY writes the bytes psql's \\copy … csv header writes", async () => {
  const s = await session();
  const query = `select * from "Odd ""Table"" x" cross join generate_series(1, 400) g order by id, g`;
  const r = ok(await s.run(query, { pageSize: 100 }));
  assert.ok(r.cursor);
  const out = sink();
  assert.equal(await s.copyCsv(r.cursor, out.out), 1200);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgsight-copy-'));
  const file = path.join(dir, 'psql.csv');
  psql(`\\copy (${query}) to '${file}' csv header\n`);
  assert.equal(out.text(), fs.readFileSync(file, 'utf8'));
  fs.rmSync(dir, { recursive: true, force: true });
  assert.deepEqual((await s.page(r.cursor, 1199, 10)).length, 1, 'the cursor still pages after the export');
  assert.equal(s.status, 'inTransaction', "its transaction (pgsight's own) is still open for paging");
});

test("a cancelled export leaves the user's transaction and the cursor as they were", async () => {
  const s = await session();
  ok(await s.run('begin', { pageSize: 100 }));
  ok(await s.run("insert into other values (99, 'kept')", { pageSize: 100 }));
  const r = ok(await s.run('select g, md5(g::text) from generate_series(1, 1500000) g', { pageSize: 100 }));
  assert.ok(r.cursor && !r.cursor.ownsTransaction);
  const out = sink();
  assert.equal(await s.copyCsv(r.cursor, out.out, () => true), 'cancelled');
  assert.equal(s.status, 'inTransaction');
  assert.deepEqual(await s.page(r.cursor, 1499999, 5), [['1500000', '461b8f0216787203434cd039db245192']]);
  const kept = ok(await s.run('select note from other where id = 99', { pageSize: 100 }));
  assert.deepEqual(kept.rows, [['kept']]);
  ok(await s.run('rollback', { pageSize: 100 }));
});

test('a statement with $n parameters cannot be copied by COPY: export says so rather than guess', async () => {
  const s = await session();
  const r = ok(await s.run('select g from generate_series(1, $1::int) g', { pageSize: 10, parameters: async () => ['50'] }));
  assert.ok(r.cursor);
  await assert.rejects(s.copyCsv(r.cursor, sink().out), /\$n parameters/);
});
