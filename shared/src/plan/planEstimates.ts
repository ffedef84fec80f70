/**
 * Estimated vs actual rows, compared the way the planner made the estimate.
 *
 * Outside a parallel section a node's "rows" estimate is per loop: the estimated total is
 * `Plan Rows × loops`. Inside one, a node whose output is split between the processes (a
 * parallel-aware scan and what is computed from its rows) is estimated per process, as the
 * planner's total divided by its *parallel divisor* (costsize.c, get_parallel_divisor):
 *   divisor = workers + max(0, 1 − 0.3 × workers) when the leader takes part, else workers
 * with the workers the Gather planned (4.0 for 4 workers, 2.4 for 2, 1.7 for 1). That is not the
 * number of processes that ran (PostgreSQL's loops), so the estimated total is
 * `Plan Rows × divisor`, compared with the actual total (per-loop rows × loops). PEV2 divides
 * by loops and gets these nodes wrong by loops ÷ divisor.
 *
 * A Gather of per-process results (each process's partial aggregate) is the exception: the
 * planner's Plan Rows there is one share × the divisor, while one share arrives from each
 * process that ran, so the Gather is compared per process: (rows ÷ processes) against
 * (Plan Rows ÷ divisor).
 *
 * A Limit stops its input early by design, so below it an estimate made for a full run is not
 * compared — down to the first node that reads its whole input anyway (a Sort, a Hash, a plain
 * or hashed Aggregate, a hashed SetOp): below that node the numbers are for a full run again.
 */
import type { Plan, PlanNode } from './planTypes';
import { isGather, leaderParticipates, parallelChild } from './planTiming';

/** PostgreSQL's get_parallel_divisor for `workers` planned workers. */
export function parallelDivisor(workers: number, leaderTakesPart: boolean): number {
  const leader = leaderTakesPart ? Math.max(0, 1 - 0.3 * workers) : 0;
  return workers + leader;
}

/** Nodes whose result needs their whole input before the first row goes up. */
export function readsWholeInput(n: PlanNode): boolean {
  if (n.nodeType === 'Sort' || n.nodeType === 'Hash') {
    return true;
  }
  const strategy = n.props.Strategy;
  if (n.nodeType === 'Aggregate') {
    return strategy === 'Plain' || strategy === 'Hashed' || strategy === 'Mixed';
  }
  return n.nodeType === 'SetOp' && strategy === 'Hashed';
}

/** True when a Limit above the node can stop it before it has produced all its rows. */
export function cutShortByLimit(plan: Plan, node: PlanNode): boolean {
  for (let id = node.parentId; id !== null; id = plan.nodes[id]!.parentId) {
    const p = plan.nodes[id]!;
    if (readsWholeInput(p)) {
      return false;
    }
    if (p.nodeType === 'Limit') {
      return true;
    }
  }
  return false;
}

const joins = new Set(['Hash Join', 'Merge Join', 'Nested Loop']);
/** Nodes whose estimate is per process even on split input (each process has its own groups). */
const perProcess = new Set(['Aggregate', 'Group', 'WindowAgg', 'Unique', 'SetOp']);

function planChildren(n: PlanNode): PlanNode[] {
  return n.children.filter((c) => c.parentRelationship !== 'InitPlan' && c.parentRelationship !== 'SubPlan');
}

/** Whether the node's rows are a share of a total split between the section's processes. */
function splitOutput(n: PlanNode, memo: Map<number, boolean>): boolean {
  const known = memo.get(n.id);
  if (known !== undefined) {
    return known;
  }
  let split = false;
  if (n.metrics.gatherId !== null && !isGather(n)) {
    if (n.parallelAware) {
      split = true;
    } else if (!perProcess.has(n.nodeType)) {
      const kids = planChildren(n);
      // a join's output follows its outer side; the inner side is complete in every process
      split = joins.has(n.nodeType) ? kids[0] !== undefined && splitOutput(kids[0], memo) : kids.some((k) => splitOutput(k, memo));
    }
  }
  memo.set(n.id, split);
  return split;
}

/** The divisor the planner used for the Gather's section. */
function gatherDivisor(plan: Plan, gather: PlanNode): number {
  const planned = gather.workersPlanned ?? 0;
  const setting = plan.settings.parallel_leader_participation;
  // the plan-time setting when recorded; else what the run shows (the leader ran no loop)
  const leader = setting !== undefined ? setting !== 'off' : gather.props['Single Copy'] !== true && !(leaderParticipates(plan, gather) === false);
  return parallelDivisor(planned, leader);
}

export function computeEstimates(plan: Plan): void {
  const divisors = new Map<number, number>();
  for (const g of plan.nodes.filter(isGather)) {
    if (parallelChild(g)) {
      divisors.set(g.id, gatherDivisor(plan, g));
    }
  }
  const memo = new Map<number, boolean>();
  for (const node of plan.nodes) {
    const m = node.metrics;
    const a = node.actual;
    m.parallelDivisor = undefined;
    m.estRowsTotal = undefined;
    m.misestimate = undefined;
    if (node.planRows === undefined) {
      continue;
    }
    const child = isGather(node) ? parallelChild(node) : undefined;
    if (child && !splitOutput(child, memo) && divisors.has(node.id)) {
      // a Gather of per-process results (partial aggregates): the planner expects `divisor`
      // processes' worth, one share from each process that actually runs
      const divisor = divisors.get(node.id)!;
      m.parallelDivisor = divisor;
      if (a && a.loops > 0) {
        const processes = child.metrics.processes;
        m.estRowsTotal = (node.planRows / divisor) * processes;
        if (!cutShortByLimit(plan, node)) {
          m.misestimate = Math.max(m.rowsTotal / processes, 1) / Math.max(node.planRows / divisor, 1);
        }
      }
      continue;
    }
    const divisor = m.gatherId !== null && splitOutput(node, memo) ? divisors.get(m.gatherId) : undefined;
    m.parallelDivisor = divisor;
    if (!a) {
      continue;
    }
    const per = divisor ?? a.loops;
    m.estRowsTotal = node.planRows * per;
    if (a.loops > 0 && !cutShortByLimit(plan, node)) {
      // per planner unit (a loop, or a process's share), both clamped at 1 row as the planner does
      m.misestimate = Math.max(m.rowsTotal / per, 1) / Math.max(node.planRows, 1);
    }
  }
}

/** The misestimate as text: "20× under", "1.3× over". */
export function misestimateText(mis: number): string {
  const factor = mis > 1 ? mis : 1 / mis;
  if (factor < 1.05) {
    return 'exact';
  }
  return `${factor >= 100 ? Math.round(factor) : Number(factor.toFixed(1))}× ${mis > 1 ? 'under' : 'over'}`;
}
