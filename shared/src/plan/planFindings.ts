/**
 * What a reader should notice first: workers that did not start, uneven work between
 * processes, misestimates, spills to disk, hot nodes, filters that discard most rows.
 */
import type { Finding, Plan, PlanNode } from './planTypes';
import { formatMs, formatRows } from './planFormat';
import { isGather, parallelChild } from './planTiming';

function processName(worker: number | null): string {
  return worker === null ? 'the leader' : `worker ${worker}`;
}

/**
 * What the plan says about one setting. EXPLAIN (SETTINGS) lists only settings marked for
 * EXPLAIN that differ from their defaults; max_worker_processes (a server start setting) is never
 * among them, and a plan without SETTINGS records none.
 */
export function settingState(plan: Plan, name: string): string {
  if (plan.settings[name] !== undefined) {
    return `${name} = ${plan.settings[name]} (changed)`;
  }
  if (name === 'max_worker_processes') {
    return `${name} (EXPLAIN never records it: SHOW ${name})`;
  }
  return plan.settingsRecorded ? `${name} (default)` : `${name} (not recorded in this plan)`;
}

function workerFindings(plan: Plan): Finding[] {
  const out: Finding[] = [];
  for (const g of plan.gathers) {
    if (plan.analyzed && g.launched < g.planned) {
      const limits = ['max_parallel_workers', 'max_worker_processes', 'max_parallel_workers_per_gather'].map((k) => settingState(plan, k));
      const hint = plan.settingsRecorded ? '' : ' Run EXPLAIN (ANALYZE, SETTINGS) to record the settings changed from their defaults.';
      out.push({
        kind: 'workers',
        nodeId: g.nodeId,
        severity: 'warning',
        message: `${g.kind}: ${g.planned} workers planned, ${g.launched === 0 ? 'none' : `only ${g.launched}`} launched — the server had no free parallel workers (they are shared by all sessions). Limits: ${limits.join(', ')}.${hint}`,
      });
    }
    if (g.leaderParticipates === false && g.launched > 0) {
      const single = g.nodeId >= 0 && plan.nodes[g.nodeId]!.props['Single Copy'] === true;
      const setting = plan.settings.parallel_leader_participation !== undefined || plan.settingsRecorded
        ? `parallel_leader_participation = ${plan.settings.parallel_leader_participation ?? 'on'}`
        : 'parallel_leader_participation not recorded in this plan';
      out.push({
        kind: 'workers',
        nodeId: g.nodeId,
        severity: 'info',
        message: `${g.kind}: the leader only gathered rows and did not run the parallel plan (${setting}${single ? ', Single Copy' : ''}).`,
      });
    }
    if (g.perWorker && g.processes > 1 && g.rowSkew >= 1.5) {
      const active = g.lanes.filter((l) => l.launched && l.nodes.length > 0);
      const total = active.reduce((s, l) => s + l.rows, 0);
      const busiest = active.reduce((a, b) => (b.rows > a.rows ? b : a));
      out.push({
        kind: 'skew',
        nodeId: g.nodeId,
        severity: 'warning',
        message: `${g.kind}: uneven work — ${processName(busiest.worker)} produced ${formatRows(busiest.rows)} of ${formatRows(total)} rows (${Math.round((100 * busiest.rows) / Math.max(total, 1))}%), ${g.rowSkew.toFixed(1)}× the mean of ${g.processes} processes.`,
      });
    }
  }
  return out;
}

function spill(node: PlanNode): string | undefined {
  const p = node.props;
  if (p['Sort Space Type'] === 'Disk') {
    return `sort spilled to disk (${String(p['Sort Method'] ?? '')}, ${String(p['Sort Space Used'] ?? '?')} kB)`;
  }
  if (typeof p['Hash Batches'] === 'number' && p['Hash Batches'] > 1) {
    return `hash used ${p['Hash Batches']} batches (spilled to disk)`;
  }
  if (typeof p['HashAgg Batches'] === 'number' && p['HashAgg Batches'] > 1) {
    return `hash aggregate used ${p['HashAgg Batches']} batches (${String(p['Disk Usage'] ?? '?')} kB on disk)`;
  }
  for (const w of node.workers) {
    if (w.fields['Sort Space Type'] === 'Disk') {
      return `sort spilled to disk in worker ${w.worker} (${String(w.fields['Sort Space Used'] ?? '?')} kB)`;
    }
  }
  return undefined;
}

/** "500 (125 per process × parallel divisor 4.0)", "30 (10 per loop × 3 loops)", "10". */
export function estimateBasis(node: PlanNode): string {
  const m = node.metrics;
  const total = formatRows(Math.round(m.estRowsTotal ?? node.planRows ?? 0));
  if (m.parallelDivisor !== undefined && isGather(node)) {
    const share = (node.planRows ?? 0) / m.parallelDivisor;
    return `${total} (${formatRows(share)} per process × ${parallelChild(node)?.metrics.processes ?? '?'} processes that ran; the planner's ${formatRows(node.planRows)} is ${formatRows(share)} × parallel divisor ${m.parallelDivisor.toFixed(1)})`;
  }
  if (m.parallelDivisor !== undefined) {
    return `${total} (${formatRows(node.planRows)} per process × parallel divisor ${m.parallelDivisor.toFixed(1)})`;
  }
  const loops = node.actual?.loops ?? 1;
  return loops > 1 ? `${total} (${formatRows(node.planRows)} per loop × ${formatRows(loops)} loops)` : total;
}

export function collectFindings(plan: Plan): Finding[] {
  const out = workerFindings(plan);
  for (const node of plan.nodes) {
    const m = node.metrics;
    if (m.hot && plan.analyzed) {
      out.push({ kind: 'hot', nodeId: node.id, severity: 'info', message: `${node.label} takes ${Math.round(m.exclusiveShare * 100)}% of the time (${formatMs(m.exclusiveMs)} of its own).` });
    }
    if (m.misestimate !== undefined && (m.misestimate >= 10 || m.misestimate <= 0.1) && node.actual && node.actual.loops > 0) {
      const dir = m.misestimate > 1 ? 'under' : 'over';
      const factor = m.misestimate > 1 ? m.misestimate : 1 / m.misestimate;
      out.push({
        kind: 'misestimate',
        nodeId: node.id,
        severity: 'warning',
        message: `${node.label}: rows ${dir}estimated ${factor >= 100 ? Math.round(factor) : factor.toFixed(1)}× (estimated ${estimateBasis(node)}, actual ${formatRows(m.rowsTotal)}).`,
      });
    }
    const s = spill(node);
    if (s) {
      out.push({ kind: 'spill', nodeId: node.id, severity: 'warning', message: `${node.label}: ${s}.` });
    }
    const removed = typeof node.props['Rows Removed by Filter'] === 'number' ? (node.props['Rows Removed by Filter'] as number) : 0;
    if (node.actual && removed > 1000 && removed > 10 * Math.max(node.actual.rows, 1)) {
      out.push({ kind: 'filter', nodeId: node.id, severity: 'info', message: `${node.label}: the filter removed ${formatRows(removed)} rows per loop to keep ${formatRows(node.actual.rows)}; an index may help.` });
    }
  }
  return out;
}
