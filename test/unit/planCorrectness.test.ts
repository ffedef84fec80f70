/**
 * The numbers issue 16 found wrong, each on a plan captured from a real server
 * (scripts/capture-plans.mjs) and checked against figures computed here by hand from the raw
 * plan: workers that never started, settings a plan does not record, estimates of parallel
 * nodes, findings below a Limit, the JIT summary and memory units.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parsePlan } from '../../shared/src/plan/planParse';
import { renderPlanDocument } from '../../shared/src/plan/planHtml';
import { renderNodeDetail } from '../../shared/src/plan/nodeDetail';
import { parallelDivisor } from '../../shared/src/plan/planEstimates';
import { readJit, withUnit } from '../../shared/src/plan/planUnits';
import type { Plan } from '../../shared/src/plan/planTypes';

const dir = path.resolve(__dirname, '../fixtures/plans');
const load = (file: string): Plan => parsePlan(fs.readFileSync(path.join(dir, file), 'utf8'));
const html = (plan: Plan) => renderPlanDocument(plan, { nonce: 'n', source: '' });
const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} vs ${expected}`);

test('workers that never started are not counted: JSON stubs {"Worker Number": N} (PG 15, JIT in the workers)', () => {
  // pg15/jit-workers-not-launched.json: 4 planned, 2 launched; the Partial Aggregate lists
  // workers 0 and 1 with numbers, and workers 2 and 3 as bare {"Worker Number": N}
  const raw = JSON.parse(fs.readFileSync(path.join(dir, 'pg15/jit-workers-not-launched.json'), 'utf8'));
  const partialRaw = raw[0].Plan.Plans[0].Plans[0];
  assert.deepEqual(partialRaw.Workers.slice(2), [{ 'Worker Number': 2 }, { 'Worker Number': 3 }], 'the fixture has the stubs');
  const plan = load('pg15/jit-workers-not-launched.json');
  const g = plan.gathers[0]!;
  assert.equal(plan.nodes[2]!.workers.length, 2);
  assert.deepEqual(g.lanes.map((l) => [l.worker, l.launched]), [[null, true], [0, true], [1, true], [2, false], [3, false]]);
  // Parallel Seq Scan: rows=4762 loops=3 → 14,286; workers 8 and 8; the leader the rest
  const leaderRows = 4762 * 3 - 8 - 8;
  assert.deepEqual(g.lanes.map((l) => l.rows), [leaderRows, 8, 8, 0, 0]);
  // skew over the 3 processes that ran: 14,270 / (14,286 / 3) = 3.0 (counting the stubs: 5.0)
  close(g.rowSkew, leaderRows / (14286 / 3), 'row skew');
  const skew = plan.findings.find((f) => f.kind === 'skew')!;
  assert.match(skew.message, /the leader produced 14,270 of 14,286 rows \(100%\), 3\.0× the mean of 3 processes/);
  const page = html(plan);
  const laneRow = (w: number) => page.match(new RegExp(`data-worker="${w}">.*?</div>`))![0];
  assert.match(laneRow(2), /not launched/);
  assert.match(laneRow(3), /not launched/);
  assert.doesNotMatch(laneRow(3), /0 \(0%\)/);
  // the text capture of the same query prints no stub and gives the same lanes
  const text = load('pg15/jit-workers-not-launched.txt');
  assert.deepEqual(text.gathers[0]!.lanes.map((l) => [l.worker, l.launched]), g.lanes.map((l) => [l.worker, l.launched]));
  // text run: scan rows=4762 loops=3, workers 8 and 972
  assert.deepEqual(text.gathers[0]!.lanes.map((l) => l.rows), [14286 - 8 - 972, 8, 972, 0, 0]);
});

test('without VERBOSE a worker listed for its sort facts alone is not a worker that produced nothing', () => {
  // a worker entry without "Actual Loops" carries no rows: processTotals ignores it
  const plan = load('gather-merge-sort.json');
  const sort = plan.nodes.find((n) => n.label === 'Sort')!;
  const stripped = JSON.parse(fs.readFileSync(path.join(dir, 'gather-merge-sort.json'), 'utf8'));
  const walk = (o: Record<string, unknown>) => {
    for (const w of (o.Workers as Record<string, unknown>[] | undefined) ?? []) {
      for (const k of ['Actual Startup Time', 'Actual Total Time', 'Actual Rows', 'Actual Loops']) {
        delete w[k];
      }
    }
    ((o.Plans as Record<string, unknown>[] | undefined) ?? []).forEach(walk);
  };
  walk(stripped[0].Plan);
  const noVerbose = parsePlan(JSON.stringify(stripped));
  const sort2 = noVerbose.nodes[sort.id]!;
  assert.ok(sort2.workers.length > 0 && sort2.workers.every((w) => !w.timed));
  assert.equal(noVerbose.gathers[0]!.perWorker, false);
  assert.equal(noVerbose.gathers[0]!.rowSkew, 1);
});

test('settings a plan does not record are "not recorded", never "(default)"', () => {
  // settings-not-recorded: max_parallel_workers = 1, explained without SETTINGS (4 planned, 1 launched)
  for (const file of ['settings-not-recorded.json', 'settings-not-recorded.txt', 'pg15/settings-not-recorded.json']) {
    const plan = load(file);
    assert.equal(plan.settingsRecorded, false, file);
    assert.deepEqual(plan.settings, {});
    const message = plan.findings.find((f) => f.kind === 'workers')!.message;
    assert.match(message, /4 workers planned, only 1 launched/);
    assert.match(message, /max_parallel_workers \(not recorded in this plan\)/);
    assert.match(message, /max_parallel_workers_per_gather \(not recorded in this plan\)/);
    assert.match(message, /Run EXPLAIN \(ANALYZE, SETTINGS\)/);
    assert.doesNotMatch(message, /\(default\)/);
    assert.match(html(plan), /Not recorded in this plan: EXPLAIN \(SETTINGS\) lists/);
  }
  // with SETTINGS: what was changed is named, max_worker_processes is never in EXPLAIN's list
  for (const file of ['workers-not-launched.json', 'workers-not-launched.txt']) {
    const plan = load(file);
    assert.equal(plan.settingsRecorded, true);
    const message = plan.findings.find((f) => f.kind === 'workers')!.message;
    assert.match(message, /max_parallel_workers = 1 \(changed\), max_worker_processes \(EXPLAIN never records it: SHOW max_worker_processes\), max_parallel_workers_per_gather = 4 \(changed\)\./);
    assert.doesNotMatch(message, /Run EXPLAIN/);
  }
  // JSON records SETTINGS even when nothing was changed: then "(default)" is what the plan says
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'workers-not-launched.json'), 'utf8'));
  json[0].Settings = {};
  const plan = parsePlan(JSON.stringify(json));
  assert.equal(plan.settingsRecorded, true);
  assert.match(plan.findings.find((f) => f.kind === 'workers')!.message, /max_parallel_workers \(default\)/);
});

test('the parallel divisor is PostgreSQL\'s get_parallel_divisor', () => {
  // workers + (1 − 0.3 × workers) while that is positive, when the leader takes part
  assert.deepEqual([1, 2, 3, 4, 8].map((w) => Number(parallelDivisor(w, true).toFixed(6))), [1.7, 2.4, 3.1, 4, 8]);
  assert.deepEqual([1, 2, 4].map((w) => parallelDivisor(w, false)), [1, 2, 4]);
});

test('estimates of parallel nodes: totals against totals, with the planner\'s divisor', () => {
  // parallel-hash-join: outer Parallel Seq Scan Plan Rows 25,000 per process, 4 workers planned:
  // divisor 4.0, estimated 100,000; actual 20,000 per loop × 5 loops = 100,000: exact
  // (dividing by loops instead says 20,000 vs 25,000: 1.25× over)
  const join = load('parallel-hash-join.json');
  const outer = join.nodes.find((n) => n.label === 'Parallel Seq Scan' && n.relation?.name === 'tbl_parallel_test')!;
  assert.deepEqual([outer.planRows, outer.actual!.rows, outer.actual!.loops], [25000, 20000, 5]);
  assert.equal(outer.metrics.parallelDivisor, 4);
  assert.equal(outer.metrics.estRowsTotal, 100000);
  assert.equal(outer.metrics.misestimate, 1);
  // the inner scan ran in 2 processes only: 12,500 × 4.0 = 50,000 = 25,000 × 2
  const inner = join.nodes.find((n) => n.label === 'Parallel Seq Scan' && n.relation?.name === 'tbl_parallel_join')!;
  assert.equal(inner.metrics.estRowsTotal, 50000);
  assert.equal(inner.metrics.misestimate, 1);
  // the Gather Merge of 5 processes' partial groups: Plan Rows 40 = 10 per process × 4.0;
  // 50 rows arrived = 10 from each of 5 processes: exact (totals alone say 1.25× under)
  const gm = join.nodes.find((n) => n.label === 'Gather Merge')!;
  assert.deepEqual([gm.planRows, gm.metrics.rowsTotal], [40, 50]);
  assert.equal(gm.metrics.misestimate, 1);
  assert.doesNotMatch(html(join), /class="badge warn" title="actual vs estimated rows/);

  // no-workers-launched: the leader alone scanned 14,285 rows; estimated 125 × 4.0 = 500:
  // 28.6× under (dividing by 1 loop says 14,285 / 125 = 114×)
  const none = load('no-workers-launched.json');
  const scan = none.nodes.find((n) => n.label === 'Parallel Seq Scan')!;
  assert.deepEqual([scan.planRows, scan.actual!.rows, scan.actual!.loops], [125, 14285, 1]);
  close(scan.metrics.misestimate!, 14285 / 500, 'no workers: scan');
  assert.match(none.findings.find((f) => f.kind === 'misestimate')!.message, /Parallel Seq Scan: rows underestimated 28\.6× \(estimated 500 \(125 per process × parallel divisor 4\.0\), actual 14,285\)/);
  // its Gather: Plan Rows 4 = 1 × 4.0, 1 row from the 1 process that ran: exact (not "4× over")
  assert.equal(none.nodes.find((n) => n.label === 'Gather')!.metrics.misestimate, 1);
  // workers-not-launched: 2 rows from 2 processes against 4 planned: exact (not "2× over")
  const some = load('workers-not-launched.json').nodes.find((n) => n.label === 'Gather')!;
  assert.deepEqual([some.planRows, some.metrics.rowsTotal, some.metrics.misestimate], [4, 2, 1]);
  // the detail panel shows the divisor
  const detail = renderNodeDetail(none, scan);
  assert.match(detail, /500 \(125 per process × parallel divisor 4\.0\) — 28\.6× underestimated/);
  assert.match(detail, /parallel divisor<\/th><td class="n">4\.0: /);
});

test('below a Limit, findings stop at the first node that reads its whole input', () => {
  // gather-merge-limit: Limit → Gather Merge → Sort (top-N, reads all) → Parallel Seq Scan
  const plan = load('gather-merge-limit.json');
  const [limit, gm, sort, scan] = plan.nodes;
  assert.deepEqual(plan.nodes.map((n) => n.label), ['Limit', 'Gather Merge', 'Sort', 'Parallel Seq Scan']);
  // the scan read everything: 10,000 per loop × 5 = 50,000 against 125 × 4.0 = 500: 100× under
  assert.deepEqual([scan!.planRows, scan!.actual!.rows, scan!.actual!.loops], [125, 10000, 5]);
  assert.equal(scan!.metrics.misestimate, 50000 / 500);
  assert.match(plan.findings.find((f) => f.kind === 'misestimate' && f.nodeId === scan!.id)!.message, /rows underestimated 100×/);
  assert.match(html(plan), /rows 100× under/);
  // the Sort and the Gather Merge were stopped by the Limit: not compared
  assert.equal(sort!.metrics.misestimate, undefined);
  assert.equal(gm!.metrics.misestimate, undefined);
  assert.equal(limit!.metrics.misestimate, 1);
  assert.match(renderNodeDetail(plan, sort!), /a Limit above stopped this node early/);
  assert.equal(plan.findings.filter((f) => f.kind === 'misestimate').length, 1);
});

test('JIT is one summary line (text and JSON), every memory figure has its unit', () => {
  // pg15/jit-workers-not-launched.txt: "Functions: 17", "Timing: Generation 6.435 ms, Inlining
  // 487.591 ms, Optimization 166.653 ms, Emission 90.374 ms, Total 751.053 ms"
  const text = load('pg15/jit-workers-not-launched.txt');
  assert.deepEqual(readJit(text.jit), {
    functions: 17, options: ['inlining', 'optimization', 'expressions', 'deforming'],
    generationMs: 6.435, deformMs: undefined, inliningMs: 487.591, optimizationMs: 166.653, emissionMs: 90.374, totalMs: 751.053,
  });
  const page = html(text);
  assert.match(page, /<th>JIT<\/th><td>17 functions, 751 ms: generation 6\.4\d ms, inlining 488 ms, optimization 167 ms, emission 90\.4 ms <span class="via">\(summed over the leader and the workers\)/);
  assert.doesNotMatch(page, /\{&quot;Generation/, 'no raw JSON');
  // the planning and execution times stay in the summary line, JIT beside them
  assert.match(page, /execution <b>547 ms<\/b>.*planning <b>0\.210 ms<\/b>.*JIT <b>751 ms<\/b>/s);
  // the JSON capture: 17 functions, Total 1332.338 ms; per-worker JIT in the process table
  // (worker 0: Functions 5, Total 459.899 → 460 ms, Generation 0.777, Inlining 411.7…)
  const json = load('pg15/jit-workers-not-launched.json');
  assert.equal(readJit(json.jit)!.totalMs, 1332.338);
  assert.match(renderNodeDetail(json, json.nodes[2]!), /JIT: 5 functions, 460 ms: generation 0.777 ms, inlining 412 ms/);
  // "Sort Method: top-N heapsort  Memory: 26kB" → Sort Space Used 26 kB, node and workers
  const limit = load('gather-merge-limit.json');
  const sort = limit.nodes.find((n) => n.label === 'Sort')!;
  assert.equal(sort.props['Sort Space Used'], 26);
  const detail = renderNodeDetail(limit, sort);
  assert.match(detail, /<th>Sort Space Used<\/th><td>26 kB<\/td>/);
  assert.match(detail, /Sort Space Used: 26 kB/);
  assert.equal(withUnit('Peak Memory Usage', 2081), '2,081 kB (2.0 MB)');
  // I/O timings in words, zeros left out: the Gather Merge's "Temp I/O Read Time": 0.473, "Temp I/O Write Time": 1.5
  const spill = load('gather-merge-sort.json');
  assert.match(renderNodeDetail(spill, spill.root), /I\/O time<\/th><td>temp read 0\.473 ms, temp write 1\.50 ms<\/td>/);
  assert.equal(withUnit('WAL Bytes', 300), '300 bytes');
  assert.equal(withUnit('Hash Buckets', 1024), undefined);
});
