/**
 * The plan model on what other PostgreSQL versions and other EXPLAIN options print: the same
 * capture from Debian's PostgreSQL 15 (integer per-loop rows, "InitPlan 1 (returns $0)"), and
 * PostgreSQL 18's TIMING OFF, COSTS OFF and plain EXPLAIN shapes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parsePlan } from '../../shared/src/plan/planParse';
import { isGather, parallelChild, processTotals } from '../../shared/src/plan/planTiming';
import { renderPlanDocument } from '../../shared/src/plan/planHtml';
import type { Plan } from '../../shared/src/plan/planTypes';

const root = path.resolve(__dirname, '../fixtures/plans');
const load = (rel: string): Plan => parsePlan(fs.readFileSync(path.join(root, rel), 'utf8'));
const pg15 = fs.readdirSync(path.join(root, 'pg15')).filter((f) => /\.(json|txt)$/.test(f)).sort();

test('PostgreSQL 15 fixtures are a full capture', () => {
  assert.match(fs.readFileSync(path.join(root, 'pg15/README.md'), 'utf8'), /PostgreSQL 15\./);
  assert.equal(pg15.length, 26);
});

for (const file of pg15) {
  test(`pg15/${file}: exclusive times and per-process numbers hold with integer per-loop rows`, () => {
    const plan = load(`pg15/${file}`);
    let sum = 0;
    let tolerance = 0;
    for (const n of plan.nodes) {
      assert.ok(n.metrics.exclusiveMs >= 0);
      sum += n.metrics.exclusiveMs;
      tolerance += 0.0005 * Math.max(1, n.actual?.loops ?? 1);
    }
    assert.ok(Math.abs(sum - plan.root.metrics.inclusiveMs) <= tolerance + 1e-9, `${sum} vs ${plan.root.metrics.inclusiveMs}`);
    for (const g of plan.nodes.filter(isGather)) {
      // before PG 18 each per-loop average is rounded to a whole row: totals drift by < loops / 2
      const child = parallelChild(g)!;
      if (plan.root.nodeType === 'Limit') {
        // the Limit stopped the Gather before it received every row the workers queued
        assert.ok(child.metrics.rowsTotal + child.actual!.loops / 2 >= g.metrics.rowsTotal);
        continue;
      }
      assert.ok(Math.abs(child.metrics.rowsTotal - g.metrics.rowsTotal) <= child.actual!.loops / 2, `${g.label} ${g.metrics.rowsTotal} vs ${child.metrics.rowsTotal}`);
    }
    // every parallel capture carries per-worker detail, so the loop below has work to do
    assert.equal(plan.nodes.some((x) => x.workers.length > 0), plan.nodes.some(isGather), 'per-worker detail when there is a Gather');
    for (const n of plan.nodes.filter((x) => x.workers.length > 0)) {
      const procs = processTotals(n);
      assert.equal(procs.reduce((s, p) => s + p.loops, 0), n.actual!.loops);
      assert.ok(Math.abs(procs.reduce((s, p) => s + p.rows, 0) - n.metrics.rowsTotal) <= n.actual!.loops / 2);
    }
  });
}

test('pg15: text and JSON give the same tree, parallel facts and InitPlan attribution', () => {
  for (const name of pg15.filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''))) {
    const json = load(`pg15/${name}.json`);
    const text = load(`pg15/${name}.txt`);
    const shape = (p: Plan) => p.nodes.map((n) => [n.label, n.parentId, n.subplanName, n.relation?.name, n.indexName, n.planRows, n.workersPlanned, n.metrics.processes]);
    assert.deepEqual(shape(text), shape(json), name);
  }
  const plan = load('pg15/subplans-never-executed.txt');
  const init = plan.nodes.find((n) => n.subplanName === 'InitPlan 4 (returns $3)')!;
  const scan = plan.nodes.find((n) => n.label === 'Index Scan')!;
  assert.equal(scan.props['Index Cond'], '(j.c1 < $3)');
  assert.ok(Math.abs(scan.metrics.exclusiveMs - (scan.metrics.inclusiveMs - init.metrics.inclusiveMs)) < 1e-9, 'the InitPlan ran inside the Index Scan that uses $3');
});

test('TIMING OFF: rows and loops per process, no times', () => {
  const plan = load('variants/parallel-aggregate.timing-off.txt');
  assert.ok(plan.analyzed);
  const scan = plan.nodes.find((n) => n.label === 'Parallel Seq Scan')!;
  assert.equal(scan.actual!.totalMs, undefined);
  assert.equal(scan.metrics.workMs, 0);
  const g = plan.gathers[0]!;
  assert.ok(g.perWorker);
  assert.equal(g.lanes.reduce((s, l) => s + l.rows, 0), scan.metrics.rowsTotal);
  assert.match(renderPlanDocument(plan, { nonce: 'n', source: '' }), /class="lanes"/);
});

test('COSTS OFF without VERBOSE: no estimates, lanes show the average per process', () => {
  const plan = load('variants/parallel-aggregate.costs-off.txt');
  assert.equal(plan.root.planRows, undefined);
  const g = plan.gathers[0]!;
  assert.equal(g.perWorker, false);
  assert.equal(g.processes, 5);
  assert.match(renderPlanDocument(plan, { nonce: 'n', source: '' }), /need EXPLAIN \(ANALYZE, VERBOSE\)/);
});

test('EXPLAIN without ANALYZE: estimates only, same model from text and JSON', () => {
  const text = load('variants/parallel-aggregate.plan-only.txt');
  const json = load('variants/parallel-aggregate.plan-only.json');
  for (const p of [text, json]) {
    assert.equal(p.analyzed, false);
    assert.equal(p.gathers[0]!.planned, 4);
    assert.equal(p.findings.filter((f) => f.kind === 'workers').length, 0, 'not launching is only a finding after ANALYZE');
  }
  assert.deepEqual(text.nodes.map((n) => [n.label, n.costTotal, n.planRows]), json.nodes.map((n) => [n.label, n.costTotal, n.planRows]));
  assert.deepEqual(text.settings, json.settings);
  assert.match(renderPlanDocument(text, { nonce: 'n', source: '' }), /Run with ANALYZE/);
});
