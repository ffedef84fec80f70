/**
 * Run SQL, measured side by side in one run against the same throwaway server:
 * - 1,000,000 rows × 10 mixed columns from generate_series: time to the first page (from
 *   sending the statement to the first FETCH answered) beside PostgreSQL's own time to its
 *   first 500 rows through a raw cursor, the full run (psql's `-c … > /dev/null`
 *   on the same query for scale), and extension-host heap growth while paging through the
 *   whole result (goal ≤ 100 MB: pages are not kept);
 * - a 10-statement script: pgsight's per-statement overhead over raw node-postgres round trips
 *   of the same statements (goal ≤ 2 ms).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { RunSession } from '../client/src/run/runSession';
import { runScript } from '../client/src/run/scriptRunner';
import { exportResult } from '../client/src/run/resultExport';

interface Row {
  area: string;
  measure: string;
  value: number;
  unit: string;
  ratio?: number;
  goal?: string;
}

const million = `select g as id, g * 0.01 as amount, md5(g::text) as hash, g % 2 = 0 as even,
  timestamptz '2024-01-01 00:00+00' + g * interval '1 second' as at, date '2024-01-01' + (g % 365) as day,
  case when g % 10 = 0 then null else 'name ' || g end as name, array[g, g + 1] as pair,
  jsonb_build_object('g', g) as doc, (g % 1000)::int2 as small
from generate_series(1, 1000000) as g`;

const script = [
  'create temp table bench_t (id int primary key, v text)',
  "insert into bench_t select g, 'v' || g from generate_series(1, 100) g",
  'select count(*) from bench_t',
  'update bench_t set v = upper(v) where id <= 10',
  'select * from bench_t where id = 5',
  'delete from bench_t where id > 90',
  'select max(id), min(v) from bench_t',
  "insert into bench_t values (1000, 'x')",
  'select v from bench_t order by id limit 3',
  'drop table bench_t',
];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export default async function (env: { databaseUrl(): Promise<string> }): Promise<Row[]> {
  const url = await env.databaseUrl();
  const rows: Row[] = [];

  // psql on the same query, for scale
  const p0 = performance.now();
  execFileSync('/usr/bin/psql', ['-X', '-A', '-t', '-q', '-d', url, '-c', million], { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 });
  const psqlMs = performance.now() - p0;

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const session = await RunSession.open(client, { statementTimeoutMs: 0, readOnly: false });
  // the parser's WASM loads once per extension host: not part of a statement's time
  await session.run('select 1', { pageSize: 500 });
  // PostgreSQL's own time to the first 500 rows, through raw node-postgres
  await client.query('begin');
  const f0 = performance.now();
  await client.query(`declare raw_first cursor for ${million}`);
  await client.query('fetch 500 from raw_first');
  const serverFirst = performance.now() - f0;
  await client.query('rollback');
  let firstPage = 0;
  const t0 = performance.now();
  const r = await session.run(million, { pageSize: 500, onFirstRows: () => (firstPage = performance.now() - t0) });
  const total = performance.now() - t0;
  if (r.error || r.rowCount !== 1_000_000) {
    throw new Error(`bench query failed: ${JSON.stringify(r.error)} ${r.rowCount}`);
  }
  // paging as the view does it: pages of pgsight.run.pageSize (500) rows, each serialized as
  // the webview message that carries it; the peak of heapUsed counts garbage not yet collected too
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  let posted = 0;
  const s0 = performance.now();
  for (let start = 0; start < 1_000_000; start += 500) {
    const rows = await session.page(r.cursor!, start, 500);
    posted += JSON.stringify({ type: 'rows', setId: 1, start, rows }).length;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  global.gc?.();
  const retained = process.memoryUsage().heapUsed - heap0;
  const scrollMs = performance.now() - s0;
  rows.push(
    { area: 'run', measure: '1M rows × 10 columns: first 500 rows, raw node-postgres cursor', value: serverFirst, unit: 'ms' },
    {
      area: 'run',
      measure: '1M rows × 10 columns: first page handed to the view',
      value: firstPage,
      unit: 'ms',
      ratio: firstPage / serverFirst,
      goal: '≤ 150 ms after PostgreSQL sends it',
    },
    { area: 'run', measure: '1M rows × 10 columns: run with the row count (server runs it all)', value: total, unit: 'ms', ratio: total / psqlMs },
    { area: 'run', measure: '1M rows × 10 columns: psql -A -t -c (all rows to /dev/null)', value: psqlMs, unit: 'ms' },
    { area: 'run', measure: `1M rows: page through the whole result (500-row pages, ${Math.round(posted / 1e6)} MB of messages)`, value: scrollMs, unit: 'ms' },
    {
      area: 'run',
      measure: '1M rows: extension-host heap growth while paging through (peak heapUsed)',
      value: (peak - heap0) / 1024 / 1024,
      unit: 'MB',
      goal: '≤ 100 MB',
    },
    { area: 'run', measure: '1M rows: heap kept after paging through (after a full GC)', value: retained / 1024 / 1024, unit: 'MB' },
  );
  // export to CSV from the cursor vs psql's \copy of the same query
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgsight-bench-'));
  const c0 = performance.now();
  execFileSync('/usr/bin/psql', ['-X', '-q', '-d', url, '-c', `\\copy (${million.replace(/\n/g, ' ')}) to '${path.join(dir, 'psql.csv')}' csv header`], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const copyMs = performance.now() - c0;
  const out = fs.createWriteStream(path.join(dir, 'pgsight.csv'));
  const e0 = performance.now();
  const copied = await session.copyCsv(r.cursor!, out);
  await new Promise<void>((resolve) => out.end(resolve));
  const exportMs = performance.now() - e0;
  if (copied !== 1_000_000) {
    throw new Error(`export copied ${copied} rows`);
  }
  // the cursor path (a statement with $n parameters, which COPY cannot take), for comparison
  const out2 = fs.createWriteStream(path.join(dir, 'pages.csv'));
  const q0 = performance.now();
  await exportResult({
    columns: r.columns!,
    total: r.rowCount!,
    format: 'csv',
    page: (start, count) => session.page(r.cursor!, start, count),
    write: (chunk) => new Promise<void>((resolve, reject) => out2.write(chunk, (err) => (err ? reject(err) : resolve()))),
  });
  await new Promise<void>((resolve) => out2.end(resolve));
  const pagesMs = performance.now() - q0;
  const psqlCsv = fs.readFileSync(path.join(dir, 'psql.csv'), 'utf8');
  const same = psqlCsv === fs.readFileSync(path.join(dir, 'pgsight.csv'), 'utf8');
  const samePages = psqlCsv === fs.readFileSync(path.join(dir, 'pages.csv'), 'utf8');
  fs.rmSync(dir, { recursive: true, force: true });
  rows.push(
    { area: 'run', measure: `1M rows: psql \\copy (…) to file csv header`, value: copyMs, unit: 'ms' },
    {
      area: 'run',
      measure: `1M rows: Export to CSV, COPY (…) TO STDOUT in the result's transaction (${same ? 'same bytes as psql' : 'DIFFERENT bytes from psql'})`,
      value: exportMs,
      unit: 'ms',
      ratio: exportMs / copyMs,
      goal: '≤ 1.5× psql',
    },
    {
      area: 'run',
      measure: `1M rows: Export to CSV page by page from the cursor, for $n statements (${samePages ? 'same bytes as psql' : 'DIFFERENT bytes from psql'})`,
      value: pagesMs,
      unit: 'ms',
      ratio: pagesMs / copyMs,
    },
  );
  await session.closeCursor();

  // 10-statement script: pgsight vs raw round trips of the same statements
  const raw: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < 7; i++) {
    const a = performance.now();
    for (const sql of script) {
      await client.query({ text: sql, values: [], queryMode: 'extended' } as pg.QueryConfig);
    }
    raw.push(performance.now() - a);
    const b = performance.now();
    const out = await runScript(script.map((s) => `${s};`).join('\n'), session, { pageSize: 500, connect: async () => session });
    ours.push(performance.now() - b);
    if (out.stopped) {
      throw new Error('bench script failed');
    }
  }
  const overhead = (median(ours) - median(raw)) / script.length;
  rows.push(
    { area: 'run', measure: '10-statement script: raw node-postgres round trips', value: median(raw), unit: 'ms' },
    { area: 'run', measure: '10-statement script: Run File', value: median(ours), unit: 'ms', ratio: median(ours) / median(raw) },
    { area: 'run', measure: '10-statement script: overhead per statement', value: overhead, unit: 'ms', goal: '≤ 2 ms' },
  );
  await session.close();
  return rows;
}
