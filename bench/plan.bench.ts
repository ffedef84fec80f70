/**
 * Plan view rendering: a 2,000-node plan to the complete HTML document (parse + model +
 * render), goal ≤ 300 ms. The plan is built from a captured PostgreSQL plan
 * (test/fixtures/plans/parallel-hash-join.json, 8 nodes with per-worker data) repeated under
 * an Append until it has 2,000 nodes, so every node carries real fields and workers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parsePlan } from '../shared/src/plan/planParse';
import { renderPlanDocument } from '../shared/src/plan/planHtml';

interface Row { area: string; measure: string; value: number; unit: string; goal?: string }

function bigPlan(nodes: number): string {
  const [captured] = JSON.parse(fs.readFileSync(path.resolve('test/fixtures/plans/parallel-hash-join.json'), 'utf8')) as Record<string, unknown>[];
  const sub = captured!.Plan as Record<string, unknown>;
  const count = (n: Record<string, unknown>): number => 1 + ((n.Plans as Record<string, unknown>[] | undefined) ?? []).reduce((s, c) => s + count(c), 0);
  const copies = Math.ceil((nodes - 1) / count(sub));
  const plans = Array.from({ length: copies }, () => ({ ...structuredClone(sub), 'Parent Relationship': 'Member' }));
  const root = { ...structuredClone(sub), 'Node Type': 'Append', Plans: plans };
  return JSON.stringify([{ ...captured, Plan: root }]);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export default async function (): Promise<Row[]> {
  const source = bigPlan(2000);
  const nodes = parsePlan(source).nodes.length;
  const parse: number[] = [];
  const total: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const plan = parsePlan(source);
    const t1 = performance.now();
    const html = renderPlanDocument(plan, { nonce: 'bench', source });
    const t2 = performance.now();
    parse.push(t1 - t0);
    total.push(t2 - t0);
    bytes = html.length;
  }
  return [
    { area: 'plan view', measure: `parse + model, ${nodes}-node plan (JSON)`, value: median(parse), unit: 'ms' },
    { area: 'plan view', measure: `parse + render HTML, ${nodes}-node plan`, value: median(total), unit: 'ms', goal: '≤ 300 ms' },
    { area: 'plan view', measure: `HTML size, ${nodes}-node plan`, value: bytes / 1024, unit: 'kB' },
  ];
}
