/**
 * The EXPLAIN runner on a real PostgreSQL: plans come back and parse, writes are asked for
 * and rolled back, reads run READ ONLY, statements that cannot run in a transaction block are
 * refused before reaching the server, and cancel / statement_timeout stop a running EXPLAIN.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { connect, freshDatabase } from '../support/db';
import { ExplainError, ExplainRun, explainOptions, type ExplainQuestion, type ExplainRequest } from '../../client/src/explain/explainRunner';
import { parsePlan } from '../../shared/src/plan/planParse';

let url: string;
let client: pg.Client;

// created at load time: freshDatabase's after() hook then belongs to the file, not to a hook
const database = freshDatabase(
    'explain',
    `create table accounts(id int primary key, name text not null, balance int not null);
     insert into accounts select g, 'acct ' || g, 100 from generate_series(1, 1000) g;
     create table tbl_parallel_test(c1 int, c2 char(1000));
     insert into tbl_parallel_test values (generate_series(1, 20000), 'aaaaa');
     analyze accounts; analyze tbl_parallel_test;
     create function drain() returns int language sql as 'update accounts set balance = 0 returning 1';`,
);

before(async () => {
  url = await database;
  client = await connect(url);
});

after(async () => {
  await client.end();
});

const noWrites = async (q: ExplainQuestion): Promise<boolean> => {
  throw new Error(`unexpected write question: ${q.reason} ${q.lasting.join(', ')}`);
};

function run(sql: string, extra: Partial<ExplainRequest> = {}) {
  return new ExplainRun(client).run({ sql, analyze: true, timeoutMs: 30_000, confirmWrite: noWrites, ...extra });
}

async function balanceSum(): Promise<number> {
  const r = await client.query<{ s: string }>('select sum(balance) as s from accounts');
  return Number(r.rows[0]!.s);
}

async function rejectsWith(p: Promise<unknown>, check: (e: ExplainError) => void): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof ExplainError, String(err));
    check(err);
    return true;
  });
}

test('EXPLAIN ANALYZE of a parallel query returns a JSON plan whose processes add up', async () => {
  for (const s of ['max_parallel_workers_per_gather = 4', 'parallel_setup_cost = 0', 'parallel_tuple_cost = 0', 'min_parallel_table_scan_size = 0']) {
    await client.query(`set ${s}`);
  }
  try {
    const r = await run("select count(*) from tbl_parallel_test where c2 like '%bb%';");
    assert.deepEqual(r.options, explainOptions(r.serverVersionNum, true));
    if (r.serverVersionNum >= 170000) {
      assert.ok(r.options.includes('SERIALIZE') && r.options.includes('MEMORY') && r.options.includes('WAL'));
    }
    const plan = parsePlan(r.planJson);
    assert.ok(plan.analyzed);
    assert.equal(plan.settings.max_parallel_workers_per_gather, '4');
    const [g] = plan.gathers;
    assert.ok(g && g.planned >= 1, 'a Gather with planned workers');
    const scan = plan.nodes.find((n) => n.label === 'Parallel Seq Scan')!;
    assert.equal(scan.props['Rows Removed by Filter'] !== undefined, true);
    // every process together read the whole table: PostgreSQL's own counters, split per process
    const removed = g!.lanes.reduce((s, l) => s + (l.nodes.find((e) => e.nodeId === scan.id)?.rows ?? 0), 0);
    assert.equal(removed, scan.metrics.rowsTotal);
    assert.equal(g!.processes, g!.launched + (g!.leaderParticipates === false ? 0 : 1));
  } finally {
    await client.query('reset all');
  }
});

test('an UPDATE is asked for, explained, and left unchanged', async () => {
  const before = await balanceSum();
  const questions: string[] = [];
  const r = await run('update accounts set balance = balance + 1 where id <= 500', {
    confirmWrite: async (q) => {
      questions.push(q.reason);
      return true;
    },
  });
  assert.deepEqual(questions, ['UPDATE changes data']);
  assert.ok(r.wrote);
  const plan = parsePlan(r.planJson);
  assert.equal(plan.root.label, 'Update');
  assert.equal(plan.root.children[0]!.metrics.rowsTotal, 500, 'the UPDATE really ran on 500 rows');
  assert.equal(await balanceSum(), before, 'and was rolled back');
  const tx = await client.query<{ s: string }>('select txid_current_if_assigned() as s');
  assert.equal(tx.rows[0]!.s, null, 'no transaction left open');
});

test('declining the question runs nothing; writable CTEs and row locks ask too', async () => {
  await rejectsWith(run('delete from accounts', { confirmWrite: async () => false }), (e) => {
    assert.equal(e.kind, 'declined');
    assert.match(e.message, /DELETE changes data/);
  });
  const asked: string[] = [];
  const confirmWrite = async (q: ExplainQuestion) => {
    asked.push(q.reason);
    return false;
  };
  await assert.rejects(run('with gone as (delete from accounts returning *) select count(*) from gone', { confirmWrite }));
  await assert.rejects(run('select * from accounts where id = 1 for update', { confirmWrite }));
  await assert.rejects(run('create table copy_of as select * from accounts', { confirmWrite }));
  assert.deepEqual(asked, [
    'its WITH clause runs DELETE, which changes data',
    'SELECT … FOR UPDATE locks the rows it reads',
    'CREATE TABLE AS creates and fills a table',
  ]);
  assert.equal(await balanceSum(), 100_000);
});

test('a read that writes through a function is asked about (volatile), then fails in the READ ONLY transaction', async () => {
  const asked: ExplainQuestion[] = [];
  const confirmWrite = async (q: ExplainQuestion) => {
    asked.push(q);
    return true;
  };
  await rejectsWith(run('select drain()', { confirmWrite }), (e) => {
    assert.equal(e.kind, 'database');
    assert.equal(e.fields.sqlstate, '25006');
    assert.equal(e.message, 'cannot execute UPDATE in a read-only transaction');
  });
  assert.deepEqual(asked, [{ reason: 'it calls what acts outside the transaction', lasting: ['public.drain() is volatile and may act outside the transaction'] }]);
  assert.equal(await balanceSum(), 100_000);
});

test('plain EXPLAIN of a write does not execute it and does not ask', async () => {
  const r = await run('insert into accounts values (5000, $$x$$, 1)', { analyze: false });
  const plan = parsePlan(r.planJson);
  assert.equal(plan.analyzed, false);
  assert.equal(plan.root.label, 'Insert');
  const n = await client.query('select 1 from accounts where id = 5000');
  assert.equal(n.rowCount, 0);
});

test('statements that cannot run in a transaction block, or cannot be explained, are refused', async () => {
  for (const [sql, pattern, sqlstate] of [
    ['vacuum accounts', /^VACUUM cannot run inside a transaction block/, '25001'],
    ['create database explain_never_made', /^CREATE DATABASE cannot run inside a transaction block/, '25001'],
    ['create index concurrently on accounts(name)', /^CREATE INDEX CONCURRENTLY cannot run inside a transaction block/, '25001'],
    ['commit', /transaction block/, '25001'],
    ['call some_procedure()', /^EXPLAIN cannot show a plan for CALL/, '42601'],
    ['select 1; select 2', /2 statements/, '42601'],
  ] as const) {
    await rejectsWith(run(sql), (e) => {
      assert.equal(e.kind, 'refused', sql);
      assert.match(e.message, pattern);
      assert.equal(e.fields.sqlstate, sqlstate);
    });
  }
  const made = await client.query("select 1 from pg_database where datname = 'explain_never_made'");
  assert.equal(made.rowCount, 0);
  const idx = await client.query("select 1 from pg_indexes where tablename = 'accounts' and indexdef like '%(name)%'");
  assert.equal(idx.rowCount, 0);
});

test("PostgreSQL's errors keep SQLSTATE, hint and the position in the user's text", async () => {
  const sql = '  select nme from accounts;';
  await rejectsWith(run(sql), (e) => {
    assert.equal(e.fields.sqlstate, '42703');
    assert.equal(e.message, 'column "nme" does not exist');
    assert.equal(e.fields.hint, 'Perhaps you meant to reference the column "accounts.name".');
    assert.equal(e.fields.offset, sql.indexOf('nme'));
  });
  // through an EXPLAIN the user typed, which pgsight replaces with its own
  const typed = 'explain (costs off) select nme from accounts';
  await rejectsWith(run(typed), (e) => assert.equal(e.fields.offset, typed.indexOf('nme')));
  const unicode = "select '😀', nme from accounts";
  await rejectsWith(run(unicode), (e) => assert.equal(e.fields.offset, unicode.indexOf('nme')));
});

test('an EXPLAIN the user typed is unwrapped and run with pgsight options', async () => {
  const r = await run('EXPLAIN (ANALYZE, COSTS OFF) select count(*) from accounts');
  assert.equal(r.sql, 'select count(*) from accounts');
  assert.equal(parsePlan(r.planJson).root.label, 'Aggregate');
});

test('statement_timeout stops a long EXPLAIN ANALYZE', async () => {
  await rejectsWith(run('select pg_sleep(20)', { timeoutMs: 300 }), (e) => {
    assert.equal(e.kind, 'timeout');
    assert.equal(e.fields.sqlstate, '57014');
    assert.equal(e.message, 'canceling statement due to statement timeout');
  });
  const r = await client.query('select 1 as ok');
  assert.equal(r.rows[0].ok, 1, 'the session is usable afterwards');
});

test("Cancel sends PostgreSQL's cancel request with the backend key and the run ends as cancelled", async () => {
  const runner = new ExplainRun(client);
  const running = runner.run({ sql: 'select pg_sleep(30)', analyze: true, timeoutMs: 0, confirmWrite: noWrites });
  // handled at once: the rejection may come before the assertion below is reached
  const outcome = running.then(() => undefined, (err: unknown) => err);
  // wait for the server to show the EXPLAIN as active (an event, not a sleep)
  const watcher = await connect(url);
  try {
    for (;;) {
      const r = await watcher.query("select 1 from pg_stat_activity where state = 'active' and query like 'EXPLAIN (ANALYZE%pg_sleep%'");
      if (r.rowCount! > 0) {
        break;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await watcher.end();
  }
  assert.equal(await runner.cancel(), true);
  await rejectsWith(outcome.then((e) => Promise.reject(e)), (e) => {
    assert.equal(e.kind, 'cancelled');
    assert.equal(e.fields.sqlstate, '57014');
    assert.equal(e.message, 'canceling statement due to user request');
  });
});
