// Captures the plan fixtures in test/fixtures/plans/ from a real PostgreSQL, so the plan
// model is tested on what PostgreSQL really prints, never on hand-written plans.
//   node scripts/capture-plans.mjs [postgres://…/postgres] [--rows N] [--keep] [--out dir] [--set main|variants|all]
// `--set variants` only writes variants/ (TIMING OFF, COSTS OFF, EXPLAIN without ANALYZE);
// test/fixtures/plans/pg15/ is the same capture from Debian's PostgreSQL 15.
// The schema is the one from Amit Kapila's post on parallel sequential scans
// (create table tbl_parallel_test(c1 int, c2 char(1000))), with 100,000 rows instead of
// 1,000,000: with parallel_setup_cost = parallel_tuple_cost = 0 and
// min_parallel_table_scan_size = 0 the planner still plans 4 workers, and the fixture
// database stays near 120 MB instead of 1 GB. JSON plans come through node-postgres; text
// plans come from the real `psql` (aligned output, header and footer included), one through
// auto_explain's log line and one JSON plan as psql prints it (with `+` continuations), so the
// parser is tested on what users paste.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import pg from 'pg';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const rows = Number(flag('--rows') ?? 100_000);
const keep = args.includes('--keep');
const adminUrl = args.find((a) => a.startsWith('postgres')) ?? process.env.PGSIGHT_TEST_URL ?? 'postgres://postgres:pgsight@127.0.0.1:55432/postgres';
const outDir = path.resolve(flag('--out') ?? 'test/fixtures/plans');
const set = flag('--set') ?? 'all';
// --only a,b: capture just these cases (the others stay as they are)
const only = flag('--only')?.split(',');
const database = 'pgsight_plan_fixtures';

const parallel = [
  'max_parallel_workers_per_gather = 4',
  'parallel_setup_cost = 0',
  'parallel_tuple_cost = 0',
  'min_parallel_table_scan_size = 0',
  'min_parallel_index_scan_size = 0',
];

/**
 * name → settings (SET …) and the statement explained; `options` replaces the EXPLAIN options
 * (a plan without SETTINGS), `jit` marks a case that needs a server built with LLVM
 * (pg_jit_available()): the embedded PostgreSQL 18 has none, Debian's PostgreSQL 15 has it, so
 * those fixtures are only in pg15/.
 */
const cases = [
  {
    name: 'parallel-seqscan-filter',
    settings: parallel,
    // the query of Kapila's post
    sql: "select * from tbl_parallel_test where c1 < 10000 and c2 like '%bb%'",
  },
  {
    name: 'parallel-aggregate',
    settings: parallel,
    sql: 'select count(*), max(c1) from tbl_parallel_test where c1 % 7 = 0',
  },
  {
    name: 'gather-merge-sort',
    settings: [...parallel, "work_mem = '256kB'", 'track_io_timing = on'],
    sql: 'select c1, md5(c1::text) as h from tbl_parallel_test where c1 % 2 = 0 order by h',
  },
  {
    name: 'parallel-hash-join',
    settings: parallel,
    sql: 'select j.grp, count(*) from tbl_parallel_test t join tbl_parallel_join j on j.c1 = t.c1 group by j.grp',
  },
  {
    name: 'workers-not-launched',
    settings: [...parallel, 'max_parallel_workers = 1'],
    sql: 'select count(*), max(c1) from tbl_parallel_test where c1 % 7 = 0',
  },
  {
    name: 'no-workers-launched',
    settings: [...parallel, 'max_parallel_workers = 0'],
    sql: 'select count(*), max(c1) from tbl_parallel_test where c1 % 7 = 0',
  },
  {
    // the same query as workers-not-launched, as a plain EXPLAIN (ANALYZE, BUFFERS, VERBOSE)
    // without SETTINGS: the plan cannot say that max_parallel_workers was 1
    name: 'settings-not-recorded',
    settings: [...parallel, 'max_parallel_workers = 1'],
    options: 'ANALYZE, BUFFERS, VERBOSE',
    sql: 'select count(*), max(c1) from tbl_parallel_test where c1 % 7 = 0',
  },
  {
    // JIT in the workers: JSON lists {"Worker Number": N} for the 2 planned workers that never
    // started; the text format does not
    name: 'jit-workers-not-launched',
    settings: [...parallel, 'max_parallel_workers = 2', 'jit_above_cost = 0', 'jit_inline_above_cost = 0', 'jit_optimize_above_cost = 0'],
    jit: true,
    sql: 'select count(*), max(c1) from tbl_parallel_test where c1 % 7 = 0',
  },
  {
    // a Limit above a full Sort: the Sort reads its whole input, so the scan's 100x
    // misestimate (c1 % 2 = 0 is estimated at 0.5%) is real, not an effect of the Limit
    name: 'gather-merge-limit',
    settings: parallel,
    sql: 'select c1, md5(c1::text) as h from tbl_parallel_test where c1 % 2 = 0 order by h limit 10',
  },
  {
    name: 'leader-not-participating',
    settings: [...parallel, 'parallel_leader_participation = off'],
    sql: 'select count(*), max(c1) from tbl_parallel_test where c1 % 7 = 0',
  },
  {
    name: 'parallel-index-scan',
    settings: [...parallel, 'enable_seqscan = off', 'enable_bitmapscan = off'],
    sql: 'select count(*), sum(grp) from tbl_parallel_join where c1 <= 40000 and grp = 3',
  },
  {
    name: 'parallel-bitmap-scan',
    settings: [...parallel, 'enable_seqscan = off', 'enable_indexscan = off', 'enable_indexonlyscan = off'],
    sql: "select count(*) from tbl_parallel_join where c1 <= 40000 and note like 'nn%'",
  },
  {
    name: 'parallel-append',
    settings: parallel,
    sql: 'select grp, count(*) from tbl_parallel_part where c1 % 3 = 0 group by grp',
  },
  {
    name: 'subplans-never-executed',
    settings: ['max_parallel_workers_per_gather = 0'],
    sql: `with per_grp as materialized (select grp, count(*) as n from tbl_parallel_join group by grp)
select j.c1, (select n from per_grp p where p.grp = j.grp) as n
from tbl_parallel_join j join tbl_parallel_join k on k.c1 = j.c1 + 1
where j.c1 < (select min(c1) from tbl_parallel_join)`,
  },
  {
    name: 'nonparallel-nestloop',
    settings: ['max_parallel_workers_per_gather = 0'],
    sql: 'select sum(length(j.note)) from generate_series(1, 200) g join tbl_parallel_join j on j.c1 = g',
  },
];

const setup = `
create table tbl_parallel_test(c1 int, c2 char(1000));
insert into tbl_parallel_test values (generate_series(1, ${rows}), 'aaaaa');
create table tbl_parallel_join(c1 int primary key, grp int not null, note text not null);
insert into tbl_parallel_join select g, g % 10, repeat('n', g % 50) from generate_series(1, ${rows} / 2) g;
create table tbl_parallel_part(c1 int not null, grp int not null) partition by range (c1);
create table tbl_parallel_part_1 partition of tbl_parallel_part for values from (minvalue) to (${rows} / 4);
create table tbl_parallel_part_2 partition of tbl_parallel_part for values from (${rows} / 4) to (${rows} / 2);
create table tbl_parallel_part_3 partition of tbl_parallel_part for values from (${rows} / 2) to (maxvalue);
insert into tbl_parallel_part select g, g % 5 from generate_series(1, ${rows}) g;
vacuum analyze tbl_parallel_part;
vacuum analyze tbl_parallel_test;
vacuum analyze tbl_parallel_join;
`;

function dbUrl(name) {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

function psql(url, commands) {
  const argv = [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1'];
  for (const c of commands) {
    argv.push('-c', c);
  }
  // auto_explain writes its LOG line to stderr; keep both streams, stderr first as psql shows it
  return execFileSync('psql', argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function psqlWithLog(url, commands) {
  const argv = [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1'];
  for (const c of commands) {
    argv.push('-c', c);
  }
  const r = execFileSync('sh', ['-c', 'psql "$@" 2>&1 >/dev/null', 'psql', ...argv], { encoding: 'utf8' });
  return r;
}

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
const exists = await admin.query('select 1 from pg_database where datname = $1', [database]);
if (exists.rowCount === 0) {
  await admin.query(`create database ${database} template template0`);
  const c = new pg.Client({ connectionString: dbUrl(database) });
  await c.connect();
  const t0 = Date.now();
  // one statement at a time: VACUUM cannot run inside the implicit multi-statement transaction
  for (const statement of setup.split(';').map((x) => x.trim()).filter(Boolean)) {
    await c.query(statement);
  }
  console.log(`loaded ${rows} rows in ${Date.now() - t0} ms`);
  await c.end();
}
const url = dbUrl(database);
fs.mkdirSync(outDir, { recursive: true });
const client = new pg.Client({ connectionString: url });
await client.connect();
const version = (await client.query('show server_version')).rows[0].server_version;
const options = 'ANALYZE, BUFFERS, VERBOSE, SETTINGS, WAL';
const jitAvailable = (await client.query('select pg_jit_available() as j')).rows[0].j;
try {
  for (const c of set === 'variants' ? [] : cases.filter((x) => !only || only.includes(x.name))) {
    if (c.jit && !jitAvailable) {
      console.log(`skipped ${c.name}: this server has no JIT (pg_jit_available() is false)`);
      continue;
    }
    const explainOptions = c.options ?? options;
    const sets = c.settings.map((s) => `set ${s}`);
    // warm the cache once so JSON and text runs see the same buffers
    await client.query('reset all');
    for (const s of sets) {
      await client.query(s);
    }
    await client.query(`explain (analyze) ${c.sql}`);
    const json = await client.query(`explain (${explainOptions}, FORMAT JSON) ${c.sql}`);
    fs.writeFileSync(path.join(outDir, `${c.name}.json`), `${JSON.stringify(json.rows[0]['QUERY PLAN'], null, 2)}\n`);
    const text = psql(url, [...sets, `explain (${explainOptions}) ${c.sql}`]);
    fs.writeFileSync(path.join(outDir, `${c.name}.txt`), text);
    console.log(`captured ${c.name}`);
  }
  const agg = cases.find((c) => c.name === 'parallel-aggregate');
  if (!only) {
    // the shapes users paste besides the full one: no timing, no costs, no ANALYZE at all
    const variantsDir = path.join(outDir, 'variants');
    fs.mkdirSync(variantsDir, { recursive: true });
    const aggSets = agg.settings.map((s) => `set ${s}`);
    for (const [name, opts] of [['timing-off', 'ANALYZE, TIMING OFF, VERBOSE'], ['costs-off', 'ANALYZE, COSTS OFF'], ['plan-only', 'VERBOSE, SETTINGS']]) {
      fs.writeFileSync(path.join(variantsDir, `parallel-aggregate.${name}.txt`), psql(url, [...aggSets, `explain (${opts}) ${agg.sql}`]));
    }
    await client.query('reset all');
    for (const s of aggSets) {
      await client.query(s);
    }
    const planOnly = await client.query(`explain (VERBOSE, SETTINGS, FORMAT JSON) ${agg.sql}`);
    fs.writeFileSync(path.join(variantsDir, 'parallel-aggregate.plan-only.json'), `${JSON.stringify(planOnly.rows[0]['QUERY PLAN'], null, 2)}\n`);
    console.log('captured variants');
    const log = set === 'variants' ? '' : psqlWithLog(url, [
      ...agg.settings.map((s) => `set ${s}`),
      'set client_min_messages = log',
      "load 'auto_explain'",
      'set auto_explain.log_min_duration = 0',
      'set auto_explain.log_analyze = on',
      'set auto_explain.log_buffers = on',
      'set auto_explain.log_verbose = on',
      'set auto_explain.log_settings = on',
      agg.sql,
    ]);
    if (set !== 'variants') {
      fs.writeFileSync(path.join(outDir, 'parallel-aggregate.auto_explain.txt'), log);
      const seq = cases.find((c) => c.name === 'parallel-seqscan-filter');
      const psqlJson = psql(url, [...seq.settings.map((s) => `set ${s}`), `explain (${options}, FORMAT JSON) ${seq.sql}`]);
      fs.writeFileSync(path.join(outDir, 'parallel-seqscan-filter.psql-json.txt'), psqlJson);
    }
  }
  if (set !== 'variants') {
    fs.writeFileSync(
      path.join(outDir, 'README.md'),
      `Captured by \`node scripts/capture-plans.mjs\` from PostgreSQL ${version} with ${rows} rows in
tbl_parallel_test (Amit Kapila's parallel sequential scan schema). Do not edit by hand:
re-run the script (\`--only name,…\` re-captures single cases). \`*.json\` come from node-postgres, \`*.txt\` from psql (aligned output),
\`*.auto_explain.txt\` is auto_explain's LOG line as psql shows it, \`*.psql-json.txt\` is a
JSON plan as psql prints it. \`variants/\` holds the parallel aggregate with TIMING OFF, with
COSTS OFF, and without ANALYZE. \`settings-not-recorded\` is explained without SETTINGS.
\`jit-*\` need a server with JIT (LLVM): ${jitAvailable ? 'this one has it' : 'this one has none, so they are not here (pg15/ has them, from Debian\'s PostgreSQL 15 built with LLVM)'}.
`,
    );
  }
} finally {
  await client.end();
  if (!keep) {
    await admin.query(`drop database if exists ${database} with (force)`);
  }
  await admin.end();
}
