/**
 * Run on a real PostgreSQL: values come back exactly as psql prints them (compared with psql's
 * own output of the same query on the same server), results are paged from a cursor, command
 * tags, notices and errors arrive as PostgreSQL sends them, transactions behave as in psql
 * (BEGIN stays open, an error aborts it), read-only sessions refuse writes, cancel and
 * statement_timeout stop a statement, and confirm-writes asks before writes only.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type pg from 'pg';
import { connect, freshDatabase } from '../support/db';
import { RunSession, type SessionSettings, type StatementResult } from '../../client/src/run/runSession';
import { exportResult } from '../../client/src/run/resultExport';

let url: string;
const sessions: RunSession[] = [];

const database = freshDatabase(
  'run',
  `create table items(id int primary key, name text, price numeric(10,2));
   insert into items values (1, 'one', 1.10), (2, '', 2.00), (3, null, null);
   create function noisy() returns int language plpgsql as $$ begin raise notice 'hello %', 42; raise warning 'careful'; return 1; end $$;`,
);

before(async () => {
  url = await database;
});

after(async () => {
  for (const s of sessions) {
    await s.close();
  }
});

async function session(settings: Partial<SessionSettings> = {}): Promise<RunSession> {
  const s = await RunSession.open(await connect(url), { statementTimeoutMs: 0, readOnly: false, ...settings });
  sessions.push(s);
  return s;
}

const opts = { pageSize: 100 };

function ok(r: StatementResult): StatementResult {
  assert.equal(r.error, undefined, JSON.stringify(r.error));
  return r;
}

/** What psql -X -A -t prints for the query on the same server: rows of cells (NULL as a marker). */
function psqlCells(sql: string): (string | null)[][] {
  const out = execFileSync('/usr/bin/psql', ['-X', '-A', '-t', '-q', '-F', '\x1f', '-R', '\x1e', '-P', 'null=\u2400NULL\u2400', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { encoding: 'utf8' });
  return out.replace(/\n$/, '').split('\x1e').map((row) => row.split('\x1f').map((c) => (c === '\u2400NULL\u2400' ? null : c)));
}

const valueQuery = `select
  1.10::numeric as num, 123456789012345678901234567890.123456789::numeric as bignum, 'NaN'::numeric as nan,
  0.1::float8 as f8, 1e-7::float4 as f4, 'Infinity'::float8 as inf, 9223372036854775807::int8 as i8,
  true as t, false as f, null::text as nul, ''::text as empty,
  '2024-01-02 03:04:05.678+02'::timestamptz as tstz, '2024-01-02 03:04:05'::timestamp as ts,
  '2024-02-29'::date as d, '1 year 2 mons 3 days 04:05:06.7'::interval as iv, '13:14:15+05:30'::timetz as ttz,
  '\\x00ff10'::bytea as ba, '{"b": 1, "a": [1, 2]}'::jsonb as jb, '{"b":1,  "a":2}'::json as js,
  array[1, null, 3] as arr, array['a b', 'c"d', null] as tarr, row(1, 'x y', null)::record as rec,
  '192.168.0.1/24'::inet as ip, '00000000-0000-0000-0000-000000000001'::uuid as id, 'a''b\\c'::text as quoted,
  E'line1\\nline2' as multi, '(1,2)'::point as pt, '[1,5)'::int4range as rng, 'fat & rat'::tsquery as tsq,
  12.5::money as cash, B'1010'::bit(4) as bits, 'x'::"char" as ch, 'é'::varchar(3) as vc, '<a/>'::xml as x`;

test('every value comes back as psql prints it (psql 15 at /usr/bin/psql on the same server)', async () => {
  assert.ok(fs.existsSync('/usr/bin/psql'), 'psql must be installed for this comparison');
  const s = await session();
  const r = ok(await s.run(valueQuery, opts));
  const expected = psqlCells(valueQuery);
  assert.equal(r.rows!.length, 1);
  assert.equal(r.columns!.length, expected[0]!.length);
  for (const [i, column] of r.columns!.entries()) {
    assert.deepEqual([column.name, r.rows![0]![i]], [column.name, expected[0]![i]]);
  }
  assert.equal(r.rows![0]![r.columns!.findIndex((c) => c.name === 'nul')], null);
  assert.equal(r.rows![0]![r.columns!.findIndex((c) => c.name === 'empty')], '');
});

test('column headers carry format_type of their types', async () => {
  const s = await session();
  const r = ok(await s.run('select price, name, id, now() as at, 1::int2 as small, null::varchar(7) as v from items limit 1', opts));
  assert.deepEqual(
    r.columns!.map((c) => c.type),
    ['numeric(10,2)', 'text', 'integer', 'timestamp with time zone', 'smallint', 'character varying(7)'],
  );
});

test('a large result is paged from a cursor: the tag counts every row, pages read any range', async () => {
  const s = await session();
  const early: number[] = [];
  const r = ok(await s.run('select g, md5(g::text) from generate_series(1, 25000) g', { pageSize: 1000, onFirstRows: (columns, rows) => early.push(columns.length, rows.length) }));
  assert.deepEqual(early, [2, 1000], 'the first page is handed over before the rest is counted');
  assert.equal(r.tag, 'SELECT 25000');
  assert.equal(r.rowCount, 25000);
  assert.equal(r.rows!.length, 1000);
  assert.ok(r.cursor);
  assert.equal(r.status, 'inTransaction', 'the cursor lives in pgsight\'s own transaction');
  const page = await s.page(r.cursor!, 24990, 50);
  assert.deepEqual(page.map((row) => row[0]), ['24991', '24992', '24993', '24994', '24995', '24996', '24997', '24998', '24999', '25000']);
  const back = await s.page(r.cursor!, 5, 2);
  assert.deepEqual(back.map((row) => row[0]), ['6', '7']);
  // the next statement closes the cursor and ends pgsight's transaction (autocommit again)
  const next = ok(await s.run('select 1', opts));
  assert.equal(next.status, 'idle');
  await assert.rejects(s.page(r.cursor!, 0, 1), /closed/);
});

test('a small result closes its cursor at once and leaves the session idle', async () => {
  const s = await session();
  const r = ok(await s.run('select * from items order by id', opts));
  assert.equal(r.tag, 'SELECT 3');
  assert.equal(r.cursor, undefined);
  assert.equal(r.status, 'idle');
  assert.deepEqual(r.rows, [['1', 'one', '1.10'], ['2', '', '2.00'], ['3', null, null]]);
});

test('command tags as PostgreSQL sends them', async () => {
  const s = await session();
  assert.equal(ok(await s.run('create table t(a int)', opts)).tag, 'CREATE TABLE');
  assert.equal(ok(await s.run('insert into t select generate_series(1, 3)', opts)).tag, 'INSERT 0 3');
  assert.equal(ok(await s.run('update t set a = a + 1 where a > 1;', opts)).tag, 'UPDATE 2');
  const ret = ok(await s.run('delete from t where a = 1 returning a', opts));
  assert.equal(ret.tag, 'DELETE 1');
  assert.deepEqual(ret.rows, [['1']]);
  assert.equal(ok(await s.run('drop table t', opts)).tag, 'DROP TABLE');
  assert.equal(ok(await s.run('show standard_conforming_strings', opts)).tag, 'SHOW');
});

test('notices, warnings and DROP … IF EXISTS notices arrive with the statement', async () => {
  const s = await session();
  const r = ok(await s.run('select noisy()', opts));
  assert.deepEqual(r.notices.map((n) => [n.severity, n.message]), [['NOTICE', 'hello 42'], ['WARNING', 'careful']]);
  const d = ok(await s.run('drop table if exists nothing_here', opts));
  assert.deepEqual(d.notices.map((n) => [n.severity, n.sqlstate, n.message]), [['NOTICE', '00000', 'table "nothing_here" does not exist, skipping']]);
});

test('errors carry SQLSTATE, detail, hint, context and the position in the text given', async () => {
  const s = await session();
  const text = '-- lead comment\nselect nmae from items';
  const r = await s.run(text, opts);
  assert.equal(r.error?.sqlstate, '42703');
  assert.equal(r.error?.message, 'column "nmae" does not exist');
  assert.equal(r.error?.offset, text.indexOf('nmae'));
  const dup = await s.run("insert into items values (1, 'x', 1)", opts);
  assert.equal(dup.error?.sqlstate, '23505');
  assert.equal(dup.error?.detail, 'Key (id)=(1) already exists.');
  const ctx = await s.run("do $$ begin perform 1/0; end $$", opts);
  assert.equal(ctx.error?.sqlstate, '22012');
  assert.match(ctx.error?.where ?? '', /PL\/pgSQL function inline_code_block line 1 at PERFORM/);
  const hint = await s.run('select * from items i where items.id = 1', opts);
  assert.equal(hint.error?.sqlstate, '42P01');
  assert.equal(hint.error?.hint, 'Perhaps you meant to reference the table alias "i".');
  // a read through the cursor maps past pgsight's DECLARE prefix
  const cur = await s.run('select 1 from items where nope = 1', opts);
  assert.equal(cur.error?.offset, 'select 1 from items where '.length);
  assert.equal(cur.status, 'idle', 'pgsight rolled back its own transaction');
});

test('two statements are refused before anything runs', async () => {
  const s = await session();
  const r = await s.run('insert into items values (9); delete from items', opts);
  assert.equal(r.error?.kind, 'refused');
  const c = await connect(url);
  try {
    assert.equal((await c.query('select count(*)::int as n from items')).rows[0].n, 3);
  } finally {
    await c.end();
  }
});

test('BEGIN leaves the transaction open; an error aborts it until ROLLBACK; COMMIT keeps the work', async () => {
  const s = await session();
  assert.equal(ok(await s.run('begin', opts)).status, 'inTransaction');
  ok(await s.run("insert into items values (10, 'ten', 10)", opts));
  const big = ok(await s.run('select g from generate_series(1, 500) g', opts));
  assert.equal(big.status, 'inTransaction');
  const failed = await s.run('select 1/0', opts);
  assert.equal(failed.error?.sqlstate, '22012');
  assert.equal(failed.status, 'failed');
  const blocked = await s.run('select 1', opts);
  assert.equal(blocked.error?.sqlstate, '25P02');
  assert.equal(blocked.error?.message, 'current transaction is aborted, commands ignored until end of transaction block');
  const rb = ok(await s.rollback());
  assert.equal(rb.tag, 'ROLLBACK');
  assert.equal(rb.status, 'idle');
  assert.equal(ok(await s.run('select count(*) from items where id = 10', opts)).rows![0]![0], '0');
  ok(await s.run('begin', opts));
  ok(await s.run("insert into items values (11, 'eleven', 11)", opts));
  assert.equal(ok(await s.commit()).tag, 'COMMIT');
  const other = await connect(url);
  try {
    assert.equal((await other.query('select count(*)::int as n from items where id = 11')).rows[0].n, 1);
    await other.query('delete from items where id = 11');
  } finally {
    await other.end();
  }
});

test('autocommit: each statement outside BEGIN is committed at once', async () => {
  const s = await session();
  ok(await s.run("insert into items values (12, 'twelve', 12)", opts));
  assert.equal(s.status, 'idle');
  const other = await connect(url);
  try {
    assert.equal((await other.query('select count(*)::int as n from items where id = 12')).rows[0].n, 1);
    await other.query('delete from items where id = 12');
  } finally {
    await other.end();
  }
});

test('a read-only session refuses writes with PostgreSQL\'s 25006', async () => {
  const s = await session({ readOnly: true });
  const r = await s.run("insert into items values (13, 'x', 1)", opts);
  assert.equal(r.error?.sqlstate, '25006');
  assert.equal(ok(await s.run('select count(*) from items', opts)).rows![0]![0], '3');
});

test('confirm-writes asks before writes and DDL, never before reads; a refusal sends nothing', async () => {
  const s = await session();
  const asked: string[] = [];
  const deny = { pageSize: 100, confirmWrite: async (reason: string) => (asked.push(reason), false) };
  assert.equal((await s.run("update items set name = 'x'", deny)).error?.kind, 'declined');
  assert.equal((await s.run('create table nope(a int)', deny)).error?.kind, 'declined');
  assert.equal((await s.run('with d as (delete from items returning 1) select * from d', deny)).error?.kind, 'declined');
  ok(await s.run('select * from items', deny));
  ok(await s.run('explain select * from items', deny));
  ok(await s.run('show work_mem', deny));
  assert.equal(asked.length, 3);
  assert.match(asked[0]!, /UPDATE changes data/);
  assert.deepEqual(ok(await s.run("select count(*) from items where name = 'x'", opts)).rows, [['0']]);
  assert.equal(ok(await s.run("select to_regclass('nope') is null", opts)).rows![0]![0], 't');
});

test('statement_timeout ends a statement with 57014', async () => {
  const s = await session({ statementTimeoutMs: 200 });
  const t0 = Date.now();
  const r = await s.run('select pg_sleep(10)', opts);
  assert.equal(r.error?.sqlstate, '57014');
  assert.equal(r.error?.message, 'canceling statement due to statement timeout');
  assert.ok(Date.now() - t0 < 5000);
});

test('cancel sends PostgreSQL\'s cancel request and the session stays usable', async () => {
  const s = await session();
  const running = s.run('select pg_sleep(30)', opts);
  const probe = await connect(url);
  try {
    // wait for the statement to be active on the server, not for a fixed time
    for (let i = 0; i < 200; i++) {
      const n = (await probe.query("select count(*)::int as n from pg_stat_activity where query = 'select pg_sleep(30)' and state = 'active'")).rows[0].n;
      if (n > 0) {
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.equal(await s.cancel(), true);
    const r = await running;
    assert.equal(r.error?.kind, 'cancelled');
    assert.equal(r.error?.sqlstate, '57014');
    assert.equal(ok(await s.run('select 2', opts)).rows![0]![0], '2');
  } finally {
    await probe.end();
  }
});

test('a client connection used by RunSession keeps values as text (pg type parsers untouched elsewhere)', async () => {
  const s = await session();
  ok(await s.run('select 1::int8', opts));
  const c: pg.Client = await connect(url);
  try {
    assert.equal(typeof (await c.query('select 1::int4 as n')).rows[0].n, 'number');
  } finally {
    await c.end();
  }
});

test('$n parameters are asked for and sent as values, never spliced into the text', async () => {
  const s = await session();
  const asked: number[] = [];
  const r = ok(
    await s.run("select $1::int + 1 as n, $2::text as t, $2 is null as isnull from items where name = 'one' or $1 = 0", {
      pageSize: 100,
      parameters: async (count) => (asked.push(count), ['41', null]),
    }),
  );
  assert.deepEqual(asked, [2]);
  assert.deepEqual(r.rows, [['42', null, 't']]);
  const attack = ok(await s.run('select $1::text as v', { pageSize: 100, parameters: async () => ["'); drop table items; --"] }));
  assert.deepEqual(attack.rows, [["'); drop table items; --"]]);
  assert.equal(ok(await s.run('select count(*) from items', opts)).rows![0]![0], '3');
  const none = await s.run('select $1', opts);
  assert.equal(none.error?.kind, 'declined');
});

test('reading pages of a result inside the user\'s transaction, then running the next statement, never fails that transaction', async () => {
  const s = await session();
  ok(await s.run('begin', opts));
  const r = ok(await s.run('select g from generate_series(1, 1000) g', opts));
  assert.ok(r.cursor && !r.cursor.ownsTransaction, 'the cursor lives in the user\'s transaction');
  const page = s.page(r.cursor!, 900, 5);
  const next = s.run('select 2', opts);
  assert.deepEqual((await page).map((row) => row[0]), ['901', '902', '903', '904', '905']);
  assert.equal(ok(await next).status, 'inTransaction');
  assert.equal(ok(await s.rollback()).status, 'idle');
});

test('COPY through the client (STDIN/STDOUT) is refused before anything is sent, and the session stays usable', async () => {
  const s = await session();
  const out = await s.run('copy (select 1) to stdout', opts);
  assert.equal(out.error?.kind, 'refused');
  assert.match(out.error?.message ?? '', /COPY … TO STDOUT/);
  const into = await s.run('copy items from stdin', opts);
  assert.equal(into.error?.kind, 'refused');
  assert.match(into.error?.message ?? '', /COPY … FROM STDIN/);
  assert.equal(ok(await s.run('select count(*) from items', opts)).rows![0]![0], '3');
});

test('export streams the whole result again from the cursor, page by page, as CSV and JSON', async () => {
  const s = await session();
  const r = ok(await s.run("select g as id, case when g % 3 = 0 then null when g % 3 = 1 then '' else 'v,' || g end as v from generate_series(1, 2500) g", { pageSize: 100 }));
  assert.ok(r.cursor);
  const columns = r.columns!.map((c) => ({ name: c.name, type: c.type }));
  let csv = '';
  const pages: number[] = [];
  const n = await exportResult({ columns, total: r.rowCount!, format: 'csv', pageSize: 1000, page: (start, count) => (pages.push(start), s.page(r.cursor!, start, count)), write: async (c) => void (csv += c) });
  assert.equal(n, 2500);
  assert.deepEqual(pages, [0, 1000, 2000]);
  const lines = csv.trimEnd().split('\n');
  assert.equal(lines.length, 2501);
  assert.deepEqual(lines.slice(0, 4), ['id,v', '1,""', '2,"v,2"', '3,']);
  let json = '';
  await exportResult({ columns, total: r.rowCount!, format: 'json', page: (start, count) => s.page(r.cursor!, start, count), write: async (c) => void (json += c) });
  const parsed = JSON.parse(json) as { id: string; v: string | null }[];
  assert.equal(parsed.length, 2500);
  assert.deepEqual(parsed.slice(0, 3), [{ id: '1', v: '' }, { id: '2', v: 'v,2' }, { id: '3', v: null }]);
});
