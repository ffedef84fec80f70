/**
 * The plan model on plans captured from a real PostgreSQL 18 (scripts/capture-plans.mjs):
 * per-process math, parallel facts, and text and JSON giving the same model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parsePlan } from '../../shared/src/plan/planParse';
import { processTotals, isGather, parallelChild } from '../../shared/src/plan/planTiming';
import type { Plan, PlanNode } from '../../shared/src/plan/planTypes';
import { renderPlanDocument } from '../../shared/src/plan/planHtml';

const dir = path.resolve(__dirname, '../fixtures/plans');
const load = (file: string): Plan => parsePlan(fs.readFileSync(path.join(dir, file), 'utf8'));
const planFiles = fs.readdirSync(dir).filter((f) => f.endsWith('.json') || f.endsWith('.txt')).sort();
const pairs = planFiles.filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));

function belowLimit(plan: Plan, n: PlanNode): boolean {
  for (let p = n.parentId; p !== null; p = plan.nodes[p]!.parentId) {
    if (plan.nodes[p]!.nodeType === 'Limit') {
      return true;
    }
  }
  return false;
}

/** EXPLAIN prints times to 0.001 ms: a node's total over its loops is off by up to loops × 0.0005. */
const roundingMs = (n: PlanNode) => 0.0005 * Math.max(1, n.actual?.loops ?? 1) + 1e-9;

test('the fixtures cover every case the issue names', () => {
  assert.deepEqual(pairs, [
    'gather-merge-limit', 'gather-merge-sort', 'leader-not-participating', 'no-workers-launched', 'nonparallel-nestloop', 'parallel-aggregate',
    'parallel-append', 'parallel-bitmap-scan', 'parallel-hash-join', 'parallel-index-scan', 'parallel-seqscan-filter',
    'settings-not-recorded', 'subplans-never-executed', 'workers-not-launched',
  ]);
  for (const name of pairs) {
    assert.ok(planFiles.includes(`${name}.txt`), `${name}.txt`);
  }
  const labels = new Set(pairs.flatMap((p) => load(`${p}.json`).nodes.map((n) => n.label)));
  for (const l of ['Gather', 'Gather Merge', 'Parallel Seq Scan', 'Partial Aggregate', 'Finalize Aggregate', 'Parallel Hash Join', 'Parallel Hash', 'Parallel Append', 'Parallel Index Scan', 'Parallel Bitmap Heap Scan', 'Sort']) {
    assert.ok(labels.has(l), `a fixture has ${l}`);
  }
});

for (const file of planFiles) {
  test(`${file}: exclusive times are non-negative and sum to the root's time`, () => {
    const plan = load(file);
    assert.ok(plan.analyzed);
    let sum = 0;
    let tolerance = 0;
    for (const n of plan.nodes) {
      assert.ok(n.metrics.exclusiveMs >= 0, `${n.label} exclusive ${n.metrics.exclusiveMs}`);
      sum += n.metrics.exclusiveMs;
      tolerance += roundingMs(n);
    }
    const root = plan.root.metrics.inclusiveMs;
    assert.ok(Math.abs(sum - root) <= tolerance, `Σ exclusive ${sum} vs root ${root} (±${tolerance})`);
    if (plan.executionMs !== undefined) {
      // Execution Time adds executor start-up and shutdown to the root node's time
      assert.ok(root <= plan.executionMs + 0.001, `root ${root} ≤ execution ${plan.executionMs}`);
      assert.ok(plan.executionMs - root < Math.max(0.2, 0.05 * plan.executionMs), `root ${root} close to execution ${plan.executionMs}`);
    }
  });

  test(`${file}: per-process rows, loops and times add up to PostgreSQL's totals`, () => {
    const plan = load(file);
    // every capture where a worker ran carries per-worker detail, so the loop below has work to do
    assert.equal(plan.nodes.some((x) => x.workers.length > 0), plan.gathers.some((g) => g.launched > 0), 'per-worker detail when a worker ran');
    for (const n of plan.nodes.filter((x) => x.workers.length > 0)) {
      const procs = processTotals(n);
      const [leader, ...workers] = procs;
      assert.equal(leader!.worker, null);
      assert.equal(workers.length, n.workers.length);
      assert.equal(procs.reduce((s, p) => s + p.rows, 0), n.metrics.rowsTotal, `${n.label} rows`);
      assert.equal(procs.reduce((s, p) => s + p.loops, 0), n.actual!.loops, `${n.label} loops`);
      assert.ok(leader!.rows >= 0 && leader!.rows <= n.metrics.rowsTotal, `${n.label} leader rows ${leader!.rows}`);
      const time = procs.reduce((s, p) => s + (p.timeMs ?? 0), 0);
      assert.ok(Math.abs(time - n.metrics.workMs) <= roundingMs(n) * (workers.length + 1), `${n.label} time ${time} vs ${n.metrics.workMs}`);
    }
  });

  test(`${file}: every Gather received exactly the rows its processes produced`, () => {
    // the Gather's count is the leader's own, exact; the child's is a per-loop average × loops
    const plan = load(file);
    for (const g of plan.nodes.filter(isGather)) {
      const child = parallelChild(g)!;
      if (belowLimit(plan, g)) {
        // a Limit stops the Gather early: rows the workers had queued are never received
        assert.ok(child.metrics.rowsTotal >= g.metrics.rowsTotal, `${g.label} rows under a Limit`);
      } else {
        assert.equal(child.metrics.rowsTotal, g.metrics.rowsTotal, `${g.label} rows`);
      }
      // and no process spent longer in the section than the Gather's wall clock
      const facts = plan.gathers.find((f) => f.nodeId === g.id)!;
      for (const lane of facts.lanes.filter((l) => l.timeMs !== undefined)) {
        assert.ok(lane.timeMs! <= g.metrics.inclusiveMs + 0.01, `${lane.worker ?? 'leader'} ${lane.timeMs} ≤ ${g.metrics.inclusiveMs}`);
      }
    }
  });
}

test('I/O timings (track_io_timing) are read from both formats, temp I/O of the spilling sort included', () => {
  for (const file of ['gather-merge-sort.json', 'gather-merge-sort.txt']) {
    const sort = load(file).nodes.find((n) => n.label === 'Sort')!;
    assert.ok((sort.io?.tempWrite ?? 0) > 0, `${file}: temp write time`);
    assert.ok(sort.workers.some((w) => w.fields['Sort Space Type'] === 'Disk'), `${file}: a worker spilled`);
  }
});

test('multiplying parallel times by loops (the naive math) makes Gather times negative; ours does not', () => {
  let naiveNegative = 0;
  for (const name of pairs) {
    const plan = load(`${name}.json`);
    for (const g of plan.nodes.filter(isGather)) {
      const child = parallelChild(g)!;
      const naive = g.metrics.workMs - child.actual!.totalMs! * child.actual!.loops;
      naiveNegative += naive < 0 ? 1 : 0;
      assert.ok(g.metrics.exclusiveMs >= 0);
      assert.ok(child.metrics.inclusiveMs <= g.metrics.inclusiveMs);
    }
  }
  assert.ok(naiveNegative >= 3, `naive math negative on ${naiveNegative} Gathers`);
});

test('parallel aggregate: 4 workers plus the leader, Partial/Finalize pair, per-process times', () => {
  const plan = load('parallel-aggregate.json');
  assert.deepEqual(plan.nodes.map((n) => n.label), ['Finalize Aggregate', 'Gather', 'Partial Aggregate', 'Parallel Seq Scan']);
  const [g] = plan.gathers;
  assert.equal(g!.planned, 4);
  assert.equal(g!.launched, 4);
  assert.equal(g!.leaderParticipates, true);
  assert.equal(g!.processes, 5);
  assert.deepEqual(g!.lanes.map((l) => l.worker), [null, 0, 1, 2, 3]);
  const scan = plan.nodes[3]!;
  assert.equal(g!.rowsNodeId, scan.id);
  assert.equal(g!.lanes.reduce((s, l) => s + l.rows, 0), scan.metrics.rowsTotal);
  // the scan's share of the wall clock is its summed time over the 5 processes that ran it
  assert.equal(scan.metrics.processes, 5);
  assert.ok(Math.abs(scan.metrics.inclusiveMs - (scan.actual!.totalMs! * scan.actual!.loops) / 5) < 1e-9);
  assert.equal(scan.relation?.schema, 'public');
  assert.equal(scan.relation?.name, 'tbl_parallel_test');
  assert.equal(scan.props.Filter, '((tbl_parallel_test.c1 % 7) = 0)');
});

test('workers planned > launched: empty lanes for workers that never started, and the limiting settings', () => {
  for (const file of ['workers-not-launched.json', 'workers-not-launched.txt']) {
    const plan = load(file);
    const [g] = plan.gathers;
    assert.equal(g!.planned, 4);
    assert.equal(g!.launched, 1);
    assert.equal(g!.processes, 2);
    assert.deepEqual(g!.lanes.map((l) => [l.worker, l.launched]), [[null, true], [0, true], [1, false], [2, false], [3, false]]);
    assert.deepEqual(g!.lanes.slice(2).map((l) => l.nodes.length), [0, 0, 0]);
    const finding = plan.findings.find((f) => f.kind === 'workers');
    assert.match(finding!.message, /4 workers planned, only 1 launched/);
    assert.match(finding!.message, /max_parallel_workers = 1 \(changed\)/);
    assert.equal(plan.settings.max_parallel_workers, '1');
  }
});

test('parallel_leader_participation = off: the leader has no share and is not counted', () => {
  for (const file of ['leader-not-participating.json', 'leader-not-participating.txt']) {
    const plan = load(file);
    const [g] = plan.gathers;
    assert.equal(g!.leaderParticipates, false);
    assert.equal(g!.processes, 4);
    for (const id of g!.sectionNodeIds) {
      const [leader] = processTotals(plan.nodes[id]!);
      assert.equal(leader!.loops, 0, `${plan.nodes[id]!.label}: PostgreSQL's loops are the workers' alone`);
      assert.equal(leader!.rows, 0);
    }
    assert.ok(plan.findings.some((f) => f.kind === 'workers' && /leader only gathered/.test(f.message)));
  }
});

test('parallel hash join: a process that joined after the hash was built has no line at the inner scan', () => {
  for (const file of ['parallel-hash-join.json', 'parallel-hash-join.txt']) {
    const plan = load(file);
    const g = plan.gathers[0]!;
    const inner = plan.nodes.find((n) => n.label === 'Parallel Seq Scan' && n.relation?.name === 'tbl_parallel_join')!;
    assert.ok(inner.actual!.loops < g.processes, `${file}: the inner scan ran in ${inner.actual!.loops} of ${g.processes} processes`);
    const ran = new Set(processTotals(inner).filter((p) => p.loops > 0).map((p) => p.worker));
    assert.equal(ran.size, inner.actual!.loops);
    for (const lane of g.lanes) {
      const entry = lane.nodes.find((e) => e.nodeId === inner.id)!;
      assert.equal(entry.loops > 0, ran.has(lane.worker), `${file}: ${lane.worker ?? 'leader'}`);
    }
    assert.ok(plan.nodes.some((n) => n.label === 'Parallel Hash' && typeof n.props['Peak Memory Usage'] === 'number'));
  }
});

test('InitPlan and CTE time is taken once, from the node that ran it', () => {
  const plan = load('subplans-never-executed.json');
  const initResult = plan.nodes.find((n) => n.subplanName === 'InitPlan 4')!;
  const indexScan = plan.nodes.find((n) => n.label === 'Index Scan')!;
  assert.match(String(indexScan.props['Index Cond']), /\(InitPlan 4\)/);
  assert.ok(Math.abs(indexScan.metrics.exclusiveMs - (indexScan.metrics.inclusiveMs - initResult.metrics.inclusiveMs)) < 1e-9);
  const never = plan.nodes.filter((n) => n.actual?.loops === 0).map((n) => n.label);
  assert.deepEqual(never, ['HashAggregate', 'Seq Scan', 'Hash', 'Seq Scan', 'CTE Scan']);
});

test('text and JSON parse to the same model', () => {
  for (const name of pairs) {
    const json = load(`${name}.json`);
    const text = load(`${name}.txt`);
    assert.equal(text.format, 'text');
    assert.equal(json.format, 'json');
    const shape = (p: Plan) =>
      p.nodes.map((n) => ({
        label: n.label, nodeType: n.nodeType, parentId: n.parentId, rel: n.parentRelationship, sub: n.subplanName,
        parallel: n.parallelAware, relation: n.relation, index: n.indexName, target: n.scanTarget,
        cost: [n.costStartup, n.costTotal, n.planRows, n.planWidth], planned: n.workersPlanned, launched: n.workersLaunched,
        // loops can differ between runs below a Parallel Append (which process takes which child),
        // and rows below a Limit (how many rows each worker had queued when the Limit stopped)
        rows: belowLimit(p, n) && n.metrics.gatherId !== null ? undefined : n.metrics.rowsTotal, ran: (n.actual?.loops ?? 0) > 0, workers: n.workers.length > 0, gather: n.metrics.gatherId, processes: n.metrics.processes,
        props: ['Filter', 'Output', 'Sort Key', 'Group Key', 'Hash Cond', 'Index Cond', 'Join Type', 'Strategy', 'Partial Mode', 'Inner Unique', 'Index Searches'].map((k) => n.props[k]),
      }));
    assert.deepEqual(shape(text), shape(json), name);
    assert.deepEqual(text.settings, json.settings, `${name} settings`);
    // JSON prints every planning counter, zeros too; the text format only the non-zero ones
    for (const k of Object.keys(text.planning ?? {})) {
      assert.ok(k in (json.planning ?? {}), `${name} planning ${k}`);
    }
    // the same counters in both formats: every buffer and worker field JSON has, text has too
    for (const [i, n] of json.nodes.entries()) {
      const t = text.nodes[i]!;
      assert.deepEqual(Object.keys(t.buffers ?? {}), Object.keys(n.buffers ?? {}));
      // which worker ran what differs between two executions; how many did, not when loops agree
      if (t.actual?.loops === n.actual?.loops) {
        assert.equal(t.workers.length, n.workers.length, `${name} ${n.label} workers`);
      }
    }
  }
});

test('auto_explain log lines and psql-printed JSON parse too', () => {
  const auto = load('parallel-aggregate.auto_explain.txt');
  assert.equal(auto.queryText, 'select count(*), max(c1) from tbl_parallel_test where c1 % 7 = 0');
  assert.deepEqual(auto.nodes.map((n) => n.label), load('parallel-aggregate.json').nodes.map((n) => n.label));
  assert.equal(auto.gathers[0]!.processes, 5);
  const psqlJson = load('parallel-seqscan-filter.psql-json.txt');
  assert.equal(psqlJson.format, 'json');
  assert.deepEqual(psqlJson.nodes.map((n) => n.label), ['Gather', 'Parallel Seq Scan']);
});

test('PG 18 fractional rows keep their fraction, totals round to whole rows', () => {
  const plan = load('workers-not-launched.txt');
  const scan = plan.nodes.find((n) => n.label === 'Parallel Seq Scan')!;
  assert.equal(scan.actual!.rows, 7142.5);
  assert.equal(scan.metrics.rowsTotal, 14285);
});

test('parallel bitmap heap scan: one process builds the bitmap, the lanes count the shared heap scan', () => {
  for (const file of ['parallel-bitmap-scan.json', 'parallel-bitmap-scan.txt']) {
    const plan = load(file);
    const g = plan.gathers[0]!;
    const heap = plan.nodes.find((n) => n.label === 'Parallel Bitmap Heap Scan')!;
    const bitmap = plan.nodes.find((n) => n.label === 'Bitmap Index Scan')!;
    assert.equal(g.rowsNodeId, heap.id, 'rows are counted at the parallel-aware scan');
    assert.equal(bitmap.actual!.loops, 1);
    const builders = g.lanes.filter((l) => (l.nodes.find((e) => e.nodeId === bitmap.id)?.loops ?? 0) > 0);
    assert.equal(builders.length, 1, `${file}: exactly one process built the bitmap`);
    assert.equal(g.lanes.reduce((s, l) => s + l.rows, 0), heap.metrics.rowsTotal);
  }
  const index = load('parallel-index-scan.txt');
  assert.equal(index.nodes.find((n) => n.parallelAware)!.label, 'Parallel Index Scan');
  assert.equal(index.nodes.find((n) => n.parallelAware)!.indexName, 'tbl_parallel_join_pkey');
});

test('Partial and Finalize aggregates are paired across the Gather', () => {
  const agg = load('parallel-aggregate.json');
  assert.deepEqual(agg.gathers[0]!.aggregatePair, { partialId: 2, finalizeId: 0 });
  const join = load('parallel-hash-join.txt');
  const pair = join.gathers[0]!.aggregatePair!;
  assert.equal(join.nodes[pair.partialId]!.label, 'Partial HashAggregate');
  assert.equal(join.nodes[pair.finalizeId]!.label, 'Finalize GroupAggregate');
  assert.equal(load('parallel-seqscan-filter.json').gathers[0]!.aggregatePair, undefined);
});

test('no worker launched (max_parallel_workers = 0): the leader alone runs the section', () => {
  for (const file of ['no-workers-launched.json', 'no-workers-launched.txt']) {
    const plan = load(file);
    const g = plan.gathers[0]!;
    assert.equal(g.launched, 0);
    assert.equal(g.processes, 1);
    const scan = plan.nodes.find((n) => n.label === 'Parallel Seq Scan')!;
    assert.equal(scan.actual!.loops, 1);
    assert.equal(scan.metrics.inclusiveMs, scan.metrics.workMs, 'one process: no division');
    assert.deepEqual(g.lanes.map((l) => [l.worker, l.launched, l.rows]), [[null, true, scan.metrics.rowsTotal], [0, false, 0], [1, false, 0], [2, false, 0], [3, false, 0]]);
    assert.match(plan.findings.find((f) => f.kind === 'workers')!.message, /4 workers planned, none launched/);
    const html = renderPlanDocument(plan, { nonce: 'n', source: '' });
    assert.match(html, /No worker started: the leader ran the whole section alone/);
    assert.match(html, /0 of 4 workers launched/);
  }
});
