/**
 * Time and row math, PostgreSQL's way.
 *
 * PostgreSQL prints per-loop averages: a node's "actual time" and "rows" are divided by
 * "loops". In a parallel section (below a Gather or Gather Merge) every process runs its own
 * copy of the subtree and "loops" counts the leader's and the workers' executions together,
 * so `time × loops` is the time summed over processes running *at the same time*, not wall
 * clock: multiplied out it can exceed the Gather above it (the well-known negative Gather
 * times). pgsight keeps both numbers:
 *   workMs      = time × loops, summed over all processes (what the processes spent);
 *   inclusiveMs = workMs ÷ the processes that actually ran the section (launched workers,
 *                 plus the leader when it took part), i.e. the node's per-process share of the
 *                 wall clock. Planned-but-not-launched workers never count (PEV2 #482).
 * Exclusive time is inclusive minus the children's inclusive, so exclusive times telescope
 * to the root's inclusive time, and a Gather's own time is what the leader spent beyond its
 * average process's share: waiting for and receiving the workers' tuples.
 */
import type { Plan, PlanNode } from './planTypes';

export function isGather(node: PlanNode): boolean {
  return node.nodeType === 'Gather' || node.nodeType === 'Gather Merge';
}

/** The Gather's child that runs in the workers (InitPlans below a Gather run in the leader). */
export function parallelChild(gather: PlanNode): PlanNode | undefined {
  return gather.children.find((c) => c.parentRelationship !== 'InitPlan' && c.parentRelationship !== 'SubPlan') ?? gather.children[0];
}

/** A process's totals for one node: rows and time over all of its loops. */
export interface ProcessTotals {
  worker: number | null;
  rows: number;
  loops: number;
  timeMs?: number;
}

/**
 * Per-process totals from VERBOSE's Workers: the workers as printed, the leader as the node
 * total minus the workers (PostgreSQL prints no leader line). Empty without per-worker data.
 */
export function processTotals(node: PlanNode): ProcessTotals[] {
  const a = node.actual;
  const timed = node.workers.filter((w) => w.timed);
  if (!a || timed.length === 0) {
    return [];
  }
  const workers: ProcessTotals[] = timed.map((w) => ({
    worker: w.worker,
    rows: Math.round(w.rows * w.loops),
    loops: w.loops,
    timeMs: w.totalMs === undefined ? undefined : w.totalMs * w.loops,
  }));
  const sum = (f: (p: ProcessTotals) => number) => workers.reduce((s, p) => s + f(p), 0);
  const leaderLoops = Math.max(0, a.loops - sum((p) => p.loops));
  const leader: ProcessTotals = {
    worker: null,
    loops: leaderLoops,
    rows: leaderLoops === 0 ? 0 : Math.max(0, Math.round(a.rows * a.loops) - sum((p) => p.rows)),
    timeMs: a.totalMs === undefined || leaderLoops === 0 ? (leaderLoops === 0 ? 0 : undefined) : Math.max(0, a.totalMs * a.loops - sum((p) => p.timeMs ?? 0)),
  };
  return [leader, ...workers];
}

/** Whether the leader ran the Gather's parallel child; null when the plan cannot tell. */
export function leaderParticipates(plan: Plan, gather: PlanNode): boolean | null {
  const child = parallelChild(gather);
  const g = gather.actual;
  if (!child?.actual || !g || g.loops === 0) {
    return null;
  }
  const launched = gather.workersLaunched ?? 0;
  if (launched === 0) {
    return true; // no workers: the leader runs the plan itself
  }
  const totals = processTotals(child);
  if (totals.length > 0) {
    return totals[0]!.loops > 0;
  }
  if (plan.settings.parallel_leader_participation === 'off' || gather.props['Single Copy'] === true) {
    return false;
  }
  // without VERBOSE: each process runs the child once per Gather loop
  return child.actual.loops / g.loops > launched;
}

function markSection(node: PlanNode, gatherId: number, processes: number): void {
  for (const c of node.children) {
    c.metrics.gatherId = gatherId;
    c.metrics.processes = processes;
    markSection(c, gatherId, processes);
  }
}

function subtree(node: PlanNode, out: PlanNode[] = []): PlanNode[] {
  out.push(node);
  node.children.forEach((c) => subtree(c, out));
  return out;
}

/**
 * An InitPlan runs once, lazily, inside the first node that needs its value, so its time is
 * already part of that node's time (not only of its owner's). A CTE runs inside the CTE Scans
 * that read it. Finds that node: the CTE Scan of the CTE, or the deepest node whose
 * expressions mention the InitPlan ("(InitPlan 2).col1" since PG 16, "$0" before);
 * the owner itself when nothing else does.
 */
function initPlanEvaluator(plan: Plan, owner: PlanNode, init: PlanNode): PlanNode {
  const name = init.subplanName ?? '';
  const own = new Set(subtree(init).map((n) => n.id));
  if (name.startsWith('CTE ')) {
    const cte = name.slice(4);
    return plan.nodes.find((n) => n.nodeType === 'CTE Scan' && n.scanTarget === cte && !own.has(n.id) && (n.actual?.loops ?? 1) > 0) ?? owner;
  }
  const number = name.match(/^InitPlan (\d+)/)?.[1];
  const params = [...(name.match(/\$\d+/g) ?? [])];
  const needles = [...(number ? [`(InitPlan ${number})`] : []), ...params];
  if (needles.length === 0) {
    return owner;
  }
  const mentions = (n: PlanNode) => {
    const text = JSON.stringify(n.props);
    return needles.some((k) => (k.startsWith('$') ? new RegExp(`\\${k}(?!\\d)`).test(text) : text.includes(k)));
  };
  const candidates = subtree(owner).filter((n) => n !== owner && !own.has(n.id) && mentions(n));
  return candidates.reduce<PlanNode | undefined>((best, n) => (!best || n.depth > best.depth ? n : best), undefined) ?? owner;
}

/** The node whose inclusive numbers (time, buffers) contain the child's: its parent, or where an InitPlan ran. */
export function containingNode(plan: Plan, parent: PlanNode, child: PlanNode): PlanNode {
  return child.parentRelationship === 'InitPlan' ? initPlanEvaluator(plan, parent, child) : parent;
}

export function computeTiming(plan: Plan): void {
  for (const node of plan.nodes) {
    const child = isGather(node) ? parallelChild(node) : undefined;
    if (child) {
      const leader = node.actual ? leaderParticipates(plan, node) : null;
      // without ANALYZE only the plan is known: count the planned processes
      const workers = node.actual ? (node.workersLaunched ?? 0) : (node.workersPlanned ?? 0);
      const processes = Math.max(1, workers + (leader === false ? 0 : 1));
      child.metrics.gatherId = node.id;
      child.metrics.processes = processes;
      markSection(child, node.id, processes);
    }
  }
  for (const node of plan.nodes) {
    const a = node.actual;
    const m = node.metrics;
    m.rowsTotal = a ? Math.round(a.rows * a.loops) : 0;
    m.workMs = a?.totalMs === undefined ? 0 : a.totalMs * a.loops;
    m.inclusiveMs = m.workMs / m.processes;
  }
  // each child's time is subtracted once, from the node whose own time contains it
  const deduct = new Map<number, number>();
  for (const node of plan.nodes) {
    for (const c of node.children) {
      const into = containingNode(plan, node, c);
      deduct.set(into.id, (deduct.get(into.id) ?? 0) + c.metrics.inclusiveMs);
    }
  }
  for (const node of plan.nodes) {
    node.metrics.exclusiveMs = Math.max(0, node.metrics.inclusiveMs - (deduct.get(node.id) ?? 0));
  }
  const total = plan.root.metrics.inclusiveMs;
  for (const node of plan.nodes) {
    node.metrics.exclusiveShare = total > 0 ? node.metrics.exclusiveMs / total : 0;
  }
  const ranked = [...plan.nodes].filter((n) => n.metrics.exclusiveShare >= 0.1).sort((x, y) => y.metrics.exclusiveMs - x.metrics.exclusiveMs);
  for (const n of ranked.slice(0, 3)) {
    n.metrics.hot = true;
  }
}
