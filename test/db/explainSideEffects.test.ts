/**
 * What ROLLBACK does not undo is asked about before EXPLAIN ANALYZE, named: calls that act
 * outside the transaction (dblink, pg_terminate_backend, session advisory locks, set_config(…,
 * false) …), volatile functions the catalog does not know as harmless, and sequences a
 * rolled-back INSERT or nextval advances. Declining runs nothing (the other session lives, the
 * rows stay); harmless volatile calls and transaction-scoped locks are not asked about.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { connect, freshDatabase } from '../support/db';
import { ExplainError, ExplainRun, type ExplainQuestion, type ExplainRequest } from '../../client/src/explain/explainRunner';

const database = freshDatabase(
  'explain_effects',
  `create extension dblink;
   create table t(id serial primary key, v text);
   insert into t(v) select 'row ' || g from generate_series(1, 10) g;
   create table ident(id int generated always as identity, v text);
   create sequence s;
   create schema other;
   create function other.touch() returns int language sql volatile as 'select 1';
   create function calm() returns int language sql stable as 'select 1';`,
);

let url: string;
let client: pg.Client;

before(async () => {
  url = await database;
  client = await connect(url);
});

after(async () => {
  await client.end();
});

/** Runs EXPLAIN (ANALYZE unless told) and returns the questions asked; `answer` is the user's reply. */
async function questions(sql: string, answer: boolean, extra: Partial<ExplainRequest> = {}): Promise<{ asked: ExplainQuestion[]; outcome: string }> {
  const asked: ExplainQuestion[] = [];
  let outcome = 'plan';
  try {
    await new ExplainRun(client).run({
      sql,
      analyze: true,
      timeoutMs: 10_000,
      confirmWrite: async (q) => {
        asked.push(q);
        return answer;
      },
      ...extra,
    });
  } catch (err) {
    assert.ok(err instanceof ExplainError, String(err));
    outcome = `${err.kind}: ${err.message}`;
  }
  return { asked, outcome };
}

async function rows(): Promise<number> {
  return Number((await client.query<{ n: string }>('select count(*) as n from t')).rows[0]!.n);
}

test('pg_terminate_backend is asked about, named; declining leaves the other session alive', async () => {
  const victim = await connect(url);
  victim.on('error', () => undefined);
  try {
    const pid = (await victim.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const { asked, outcome } = await questions(`select pg_terminate_backend(${pid})`, false);
    assert.deepEqual(asked, [{ reason: 'it calls what acts outside the transaction', lasting: ['pg_terminate_backend() ends another session'] }]);
    assert.match(outcome, /^declined: Not run: it calls what acts outside the transaction; pg_terminate_backend\(\) ends another session\.$/);
    assert.equal((await victim.query('select 1 as ok')).rows[0].ok, 1, 'the other session still answers');
    // plain EXPLAIN executes nothing: no question, and the session lives
    const plain = await questions(`select pg_terminate_backend(${pid})`, false, { analyze: false });
    assert.deepEqual(plain, { asked: [], outcome: 'plan' });
    assert.equal((await victim.query('select 1 as ok')).rows[0].ok, 1);
  } finally {
    await victim.end().catch(() => undefined);
  }
});

test('dblink_exec is asked about; declining leaves the rows it would have deleted', async () => {
  const { asked } = await questions(`select dblink_exec('${url}', 'delete from t')`, false);
  assert.deepEqual(asked.map((q) => q.lasting), [['dblink_exec() runs SQL on another connection, which commits on its own']]);
  assert.equal(await rows(), 10);
});

test('every call of the hand list is named in the question', async () => {
  const cases: [string, string][] = [
    ['select pg_cancel_backend(1)', "pg_cancel_backend() cancels another session's query"],
    ['select pg_reload_conf()', 'pg_reload_conf() makes the server reload its configuration'],
    ['select pg_stat_reset()', 'pg_stat_reset() resets statistics counters'],
    ["select pg_stat_reset_shared('io')", 'pg_stat_reset_shared() resets statistics counters'],
    ['select pg_switch_wal()', 'pg_switch_wal() switches the server to a new WAL file'],
    ["select pg_logical_emit_message(false, 'p', 'm')", 'pg_logical_emit_message() writes a message into the WAL for logical decoding'],
    ["select lo_export(1, '/tmp/x')", "lo_export() writes a file on the server's file system"],
    ["select lo_import('/etc/hostname')", "lo_import() reads a file from the server's file system"],
    ['select pg_advisory_lock(42)', 'pg_advisory_lock() takes a session-level advisory lock, which ROLLBACK does not release'],
    ['select pg_try_advisory_lock_shared(42)', 'pg_try_advisory_lock_shared() takes a session-level advisory lock, which ROLLBACK does not release'],
    ["select set_config('work_mem', '1MB', false)", 'set_config(…, false) changes a setting for the whole session, not only for this transaction'],
    ['select other.touch()', 'other.touch() is volatile and may act outside the transaction'],
  ];
  for (const [sql, named] of cases) {
    const { asked, outcome } = await questions(sql, false);
    assert.deepEqual(asked.map((q) => q.lasting), [[named]], sql);
    assert.match(outcome, /^declined/, sql);
  }
  const locks = await client.query('select 1 from pg_locks where locktype = $1', ['advisory']);
  assert.equal(locks.rowCount, 0, 'no advisory lock was taken');
});

test('harmless volatile calls, transaction-scoped locks and set_config(…, true) run without a question', async () => {
  for (const sql of [
    'select random(), clock_timestamp(), gen_random_uuid(), now()',
    'select pg_advisory_xact_lock(42)',
    "select set_config('work_mem', '1MB', true)",
    'select calm()',
    "select pg_notify('c', 'never sent: rolled back')",
    'select 1 + 2, 2 * 3',
  ]) {
    assert.deepEqual(await questions(sql, false), { asked: [], outcome: 'plan' }, sql);
  }
});

test('sequences a rolled-back INSERT or nextval advances are named, and really are advanced', async () => {
  const last = async (seq: string) => Number((await client.query<{ v: string }>(`select last_value as v from ${seq}`)).rows[0]!.v);
  const before = await last('t_id_seq');
  const insert = await questions("insert into t(v) values ('new')", true);
  assert.deepEqual(insert.asked, [{ reason: 'INSERT changes data', lasting: ['INSERT into t advances sequence public.t_id_seq (column id), which ROLLBACK does not undo'] }]);
  assert.equal(insert.outcome, 'plan');
  assert.equal(await last('t_id_seq'), before + 1, 'the question told the truth: the sequence moved');
  assert.equal(await rows(), 10, 'and the row was rolled back');
  // an identity column, and a column list that sets the serial column itself
  const identity = await questions("insert into ident(v) values ('x')", false);
  assert.deepEqual(identity.asked[0]!.lasting, ['INSERT into ident advances sequence public.ident_id_seq (column id), which ROLLBACK does not undo']);
  const explicit = await questions("insert into t(id, v) values (1000, 'x')", false);
  assert.deepEqual(explicit.asked, [{ reason: 'INSERT changes data', lasting: [] }]);
  // nextval in a read
  const next = await questions("select nextval('s')", false);
  assert.deepEqual(next.asked, [{ reason: 'it calls what acts outside the transaction', lasting: ['nextval() advances sequence public.s, which ROLLBACK does not undo'] }]);
  // plain EXPLAIN asks nothing and moves nothing
  const plain = await questions("insert into t(v) values ('new')", false, { analyze: false });
  assert.deepEqual(plain, { asked: [], outcome: 'plan' });
  assert.equal(await last('t_id_seq'), before + 1);
});
