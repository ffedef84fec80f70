/** psql's node names and property lines decoded into FORMAT JSON's keys. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeNodeName } from '../../shared/src/plan/planText';
import { parseProperty, splitList } from '../../shared/src/plan/planTextProperties';
import { nodeLabel } from '../../shared/src/plan/planBuild';
import { parsePlan } from '../../shared/src/plan/planParse';
import fs from 'node:fs';
import path from 'node:path';

test('node names decode to JSON fields and back to the same label', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['Parallel Seq Scan on public.tbl_parallel_test', { 'Node Type': 'Seq Scan', 'Parallel Aware': true, Schema: 'public', 'Relation Name': 'tbl_parallel_test', Alias: 'tbl_parallel_test' }],
    ['Index Scan Backward using "My Idx" on public."Order Lines" ol', { 'Node Type': 'Index Scan', 'Scan Direction': 'Backward', 'Index Name': 'My Idx', 'Relation Name': 'Order Lines', Alias: 'ol' }],
    ['Finalize HashAggregate', { 'Node Type': 'Aggregate', Strategy: 'Hashed', 'Partial Mode': 'Finalize' }],
    ['Partial GroupAggregate', { 'Node Type': 'Aggregate', Strategy: 'Sorted', 'Partial Mode': 'Partial' }],
    ['Hash Right Anti Join', { 'Node Type': 'Hash Join', 'Join Type': 'Right Anti' }],
    ['Nested Loop Left Join', { 'Node Type': 'Nested Loop', 'Join Type': 'Left' }],
    ['Parallel Hash Join', { 'Node Type': 'Hash Join', 'Join Type': 'Inner', 'Parallel Aware': true }],
    ['Update on public.t', { 'Node Type': 'ModifyTable', Operation: 'Update', 'Relation Name': 't' }],
    ['HashSetOp Except All', { 'Node Type': 'SetOp', Strategy: 'Hashed', Command: 'Except All' }],
    ['Bitmap Index Scan on t_pkey', { 'Node Type': 'Bitmap Index Scan', 'Index Name': 't_pkey' }],
    ['CTE Scan on per_grp p', { 'Node Type': 'CTE Scan', 'CTE Name': 'per_grp', Alias: 'p' }],
    ['Parallel Append', { 'Node Type': 'Append', 'Parallel Aware': true }],
  ];
  for (const [name, expected] of cases) {
    const o = decodeNodeName(name);
    for (const [k, v] of Object.entries(expected)) {
      assert.equal(o[k], v, `${name}: ${k}`);
    }
    const label = nodeLabel(o);
    assert.equal(label, name.replace(/ (on|using) .*$/, ''), `label of ${name}`);
  }
});

test('property lines become the JSON keys explain.c uses for the same counters', () => {
  const o: Record<string, unknown> = {};
  parseProperty('Buffers', 'shared hit=14438 read=2 dirtied=1, temp read=154 written=154', o);
  parseProperty('I/O Timings', 'shared read=1.250 write=0.125, temp read=0.500', o);
  parseProperty('Sort Method', 'external merge  Disk: 616kB', o);
  parseProperty('Buckets', '65536 (originally 1024)  Batches: 4 (originally 1)  Memory Usage: 2528kB', o);
  parseProperty('WAL', 'records=3 fpi=1 bytes=240 buffers full=0', o);
  parseProperty('Storage', 'Memory  Maximum Storage: 17kB', o);
  parseProperty('Output', "j.grp, (PARTIAL count(*)), coalesce(a, 'x, y')", o);
  assert.equal(o['Shared Hit Blocks'], 14438);
  assert.equal(o['Shared Read Blocks'], 2);
  assert.equal(o['Shared Dirtied Blocks'], 1);
  assert.equal(o['Local Hit Blocks'], 0);
  assert.equal(o['Temp Written Blocks'], 154);
  assert.equal(o['Shared I/O Read Time'], 1.25);
  assert.equal(o['Temp I/O Read Time'], 0.5);
  assert.equal(o['Sort Method'], 'external merge');
  assert.equal(o['Sort Space Type'], 'Disk');
  assert.equal(o['Sort Space Used'], 616);
  assert.equal(o['Hash Buckets'], 65536);
  assert.equal(o['Original Hash Buckets'], 1024);
  assert.equal(o['Hash Batches'], 4);
  assert.equal(o['Peak Memory Usage'], 2528);
  assert.equal(o['WAL Bytes'], 240);
  assert.equal(o.Storage, 'Memory');
  assert.equal(o['Maximum Storage'], 17);
  assert.deepEqual(o.Output, ['j.grp', '(PARTIAL count(*))', "coalesce(a, 'x, y')"]);
  assert.deepEqual(splitList('a'), ['a']);
});

test('an auto_explain entry copied from the server log (prefix, tab-indented continuation lines) parses', () => {
  // the captured entry as the server's stderr log writes it: log_line_prefix on the first
  // line, a tab before every continuation line (elog.c's append_with_tabs)
  const captured = fs.readFileSync(path.resolve(__dirname, '../fixtures/plans/parallel-aggregate.auto_explain.txt'), 'utf8');
  const [first, ...rest] = captured.trimEnd().split('\n');
  const logged = [`2026-11-22 00:10:26.605 UTC [24893] postgres@pgsight_plan_fixtures ${first}`, ...rest.map((l) => `\t${l}`)].join('\r\n');
  const fromLog = parsePlan(logged);
  const direct = parsePlan(captured);
  assert.equal(fromLog.queryText, direct.queryText);
  assert.deepEqual(fromLog.nodes.map((n) => [n.label, n.metrics.rowsTotal, n.actual?.totalMs]), direct.nodes.map((n) => [n.label, n.metrics.rowsTotal, n.actual?.totalMs]));
  assert.deepEqual(fromLog.settings, direct.settings);
});
