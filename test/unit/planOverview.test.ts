/**
 * Own buffers per node, the highlight levels, the grid, the per-table and per-node-type
 * summary and the search text, on captured plans with the expected numbers worked out here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parsePlan } from '../../shared/src/plan/planParse';
import { renderPlanDocument } from '../../shared/src/plan/planHtml';
import { renderNodeDetail } from '../../shared/src/plan/nodeDetail';
import { searchText } from '../../shared/src/plan/planOverview';
import { legendTypeLimit } from '../../shared/src/plan/laneView';
import type { Buffers, Plan } from '../../shared/src/plan/planTypes';

const dir = path.resolve(__dirname, '../fixtures/plans');
const load = (file: string): Plan => parsePlan(fs.readFileSync(path.join(dir, file), 'utf8'));
const html = (plan: Plan) => renderPlanDocument(plan, { nonce: 'n', source: '' });
const files = [
  ...fs.readdirSync(dir).filter((f) => /\.(json|txt)$/.test(f)),
  ...fs.readdirSync(path.join(dir, 'pg15')).filter((f) => /\.(json|txt)$/.test(f)).map((f) => `pg15/${f}`),
];

test('own buffers: a node\'s blocks minus its children\'s, an InitPlan\'s taken from the node that ran it', () => {
  // gather-merge-sort.json: Gather Merge and Sort have shared hit 14,438, temp read 294 and
  // temp written 309; the Parallel Seq Scan 14,286 hits. Own: Gather Merge nothing, Sort
  // 14,438 − 14,286 = 152 hits and all the temp I/O (its spill), the scan its 14,286.
  const plan = load('gather-merge-sort.json');
  const [gm, sort, scan] = plan.nodes;
  assert.deepEqual([gm!.buffers!.sharedHit, sort!.buffers!.sharedHit, scan!.buffers!.sharedHit], [14438, 14438, 14286]);
  assert.deepEqual([sort!.buffers!.tempRead, sort!.buffers!.tempWritten], [294, 309]);
  const own = (b: Buffers | undefined) => [b!.sharedHit, b!.sharedRead, b!.tempRead, b!.tempWritten];
  assert.deepEqual(own(gm!.metrics.ownBuffers), [0, 0, 0, 0]);
  assert.deepEqual(own(sort!.metrics.ownBuffers), [152, 0, 294, 309]);
  assert.deepEqual(own(scan!.metrics.ownBuffers), [14286, 0, 0, 0]);
  // the cards show own blocks (14,286 × 8 kB = 112 MB once, not on every ancestor)
  const page = html(plan);
  assert.match(page, /own buffers hit <b title="14,286 blocks">112 MB<\/b>/);
  assert.match(page, /own buffers hit <b title="152 blocks">1\.2 MB<\/b> · temp read <b title="294 blocks">2\.3 MB<\/b> · temp written <b title="309 blocks">2\.4 MB<\/b>/);
  assert.equal(page.match(/title="14,438 blocks"/g), null, 'the inclusive count is not on a card');
  // the inclusive count moved to the detail panel
  assert.match(renderNodeDetail(plan, gm!), /buffers incl\. children<\/th><td>shared hit 14,438 \(113 MB\)/);
  // subplans-never-executed: the Index Scan's 5 hits include InitPlan 4's 3, run inside it
  const sub = load('subplans-never-executed.json');
  const index = sub.nodes.find((n) => n.label === 'Index Scan')!;
  assert.deepEqual([index.buffers!.sharedHit, index.metrics.ownBuffers!.sharedHit], [5, 2]);
});

for (const file of files) {
  test(`${file}: own buffers add up to the root's count`, () => {
    const plan = load(file);
    assert.ok(plan.root.buffers, 'captured with BUFFERS');
    for (const k of Object.keys(plan.root.buffers!) as (keyof Buffers)[]) {
      const sum = plan.nodes.reduce((s, n) => s + (n.metrics.ownBuffers?.[k] ?? 0), 0);
      assert.equal(sum, plan.root.buffers![k], k);
    }
  });
}

test('highlight levels: 0..4 of the largest own value, misestimates by order of magnitude', () => {
  const plan = load('gather-merge-sort.json');
  const page = html(plan);
  const attrs = (id: number) => page.match(new RegExp(`id="node-${id}"[^>]*`))![0];
  // own blocks: scan 14,286 (the max) → 4; Sort 152 + 294 + 309 = 755, 755 / 14,286 = 0.053 → ⌈0.21⌉ = 1; Gather Merge 0
  assert.match(attrs(2), /data-hl-buffers="4"/);
  assert.match(attrs(1), /data-hl-buffers="1"/);
  assert.match(attrs(0), /data-hl-buffers="0"/);
  // rows: the scan is 100× under (50,000 vs 125 × 4.0) → 3; an exact estimate → 0
  assert.match(attrs(2), /data-hl-rows="3"/);
  const exact = html(load('parallel-hash-join.json'));
  assert.doesNotMatch(exact, /<li [^>]*data-hl-rows="[1-4]"/);
  assert.equal(exact.match(/<li [^>]*data-hl-rows="0"/g)!.length, 8);
  assert.match(page, /<select id="highlight"><option value="none">nothing<\/option><option value="time">own time<\/option><option value="rows">rows misestimate<\/option><option value="buffers">own buffers<\/option><\/select>/);
});

test('the grid has one row per node with sortable values; the summary totals per table and per node type', () => {
  const plan = load('parallel-hash-join.json');
  const page = html(plan);
  const grid = page.match(/<table class="grid">.*?<\/table>/s)![0];
  assert.equal(grid.match(/<tr data-id=/g)!.length, plan.nodes.length);
  // the outer scan: own time (ms) as its sort key, rows 100,000, estimated 25,000 × 4.0, exact
  const scan = plan.nodes.find((n) => n.label === 'Parallel Seq Scan' && n.relation?.name === 'tbl_parallel_test')!;
  const row = grid.match(new RegExp(`<tr data-id="${scan.id}">.*?</tr>`))![0];
  assert.ok(row.includes(`data-v="${scan.metrics.exclusiveMs}"`));
  assert.match(row, /data-v="100000">100,000<\/td><td class="n" data-v="100000">100,000<\/td><td class="n" data-v="1">exact<\/td>/);
  // per table: tbl_parallel_test is read by one node (14,286 own hits = 112 MB), tbl_parallel_join by one (400 = 3.1 MB)
  const summary = page.match(/<section class="summary-view".*?<\/section>/s)![0];
  assert.match(summary, /<td>public\.tbl_parallel_test<\/td><td class="n">1<\/td>.*?<td class="n">100,000<\/td><td class="n">112 MB<\/td>/);
  assert.match(summary, /<td>public\.tbl_parallel_join<\/td><td class="n">1<\/td>.*?<td class="n">50,000<\/td><td class="n">3\.1 MB<\/td>/);
  // per node type: the two Parallel Seq Scans are one "Seq Scan" row of 2 nodes, 150,000 rows
  assert.match(summary, /<td>Seq Scan<\/td><td class="n">2<\/td>.*?<td class="n">150,000<\/td>/);
  // own times per type add up to the query's
  const types = [...summary.matchAll(/<td>([^<]+)<\/td><td class="n">(\d+)<\/td>/g)].filter((m) => !m[1]!.startsWith('public.'));
  assert.equal(types.reduce((s, m) => s + Number(m[2]), 0), plan.nodes.length);
});

test('search text: relation, alias, index and expressions, case-insensitive', () => {
  const idx = load('parallel-index-scan.json');
  const scan = idx.nodes.find((n) => n.indexName)!;
  assert.ok(searchText(scan).includes('tbl_parallel_join_pkey'));
  assert.ok(searchText(scan).includes('(tbl_parallel_join.c1 <= 40000)'));
  const join = load('parallel-hash-join.json');
  const hj = join.nodes.find((n) => n.label === 'Parallel Hash Join')!;
  assert.ok(searchText(hj).includes('(t.c1 = j.c1)'));
  assert.equal(join.nodes.filter((n) => searchText(n).includes('tbl_parallel_join')).length, 1);
  assert.match(html(join), /<input id="search" type="search"/);
});

test('a large parallel section\'s legend is grouped by node type and capped', () => {
  // parallel-hash-join.json with its Gather Merge's section replaced by a Parallel Append of
  // 300 copies of the captured section (Sort → Partial HashAggregate → Parallel Hash Join → …),
  // the Sort of each copy renamed in turn to 6 real node types: 1 + 300 × 6 = 1,801 nodes, 11 types
  const [captured] = JSON.parse(fs.readFileSync(path.join(dir, 'parallel-hash-join.json'), 'utf8'));
  const gm = captured.Plan.Plans[0];
  const section = gm.Plans[0];
  const types = ['Sort', 'Incremental Sort', 'Materialize', 'Memoize', 'Unique', 'Result'];
  const copies = Array.from({ length: 300 }, (_, i) => ({ ...structuredClone(section), 'Node Type': types[i % 6], 'Parent Relationship': 'Member' }));
  gm.Plans = [{ ...structuredClone(section), 'Node Type': 'Append', 'Parallel Aware': true, Plans: copies, Workers: undefined }];
  const plan = parsePlan(JSON.stringify([captured]));
  const facts = plan.gathers[0]!;
  assert.equal(facts.sectionNodeIds.length, 1 + 300 * 6);
  const page = html(plan);
  const legend = page.match(/<div class="legend">(.*?)<\/div>/)![1]!;
  const entries = legend.match(/<span><i class="c\d"><\/i>[^<]*<\/span>/g)!;
  // the 8 busiest types by own time, then one entry for the other 3 of the 11
  assert.equal(entries.length, legendTypeLimit + 1);
  assert.match(legend, /1,801 nodes, by type:/);
  assert.match(legend, /3 other types ×\d+/);
  assert.match(legend, /Parallel Seq Scan ×600/);
  assert.match(legend, /Partial HashAggregate ×300/);
  // the small section of the original plan still names each node
  assert.match(html(load('parallel-hash-join.json')), /<span><i class="c3"><\/i>Parallel Seq Scan t<\/span>/);
});
