/**
 * Parallel facts per Gather / Gather Merge: workers planned vs launched, whether the leader
 * took part, and one lane per process with its rows and time through the parallel section.
 * Per-process numbers come from VERBOSE's per-worker lines; the leader's are the node's
 * total minus the workers', since PostgreSQL prints no leader line.
 */
import type { GatherFacts, Lane, Plan, PlanNode } from './planTypes';
import { isGather, leaderParticipates, parallelChild, processTotals, type ProcessTotals } from './planTiming';

function sectionNodes(child: PlanNode): PlanNode[] {
  const out: PlanNode[] = [];
  const walk = (n: PlanNode) => {
    out.push(n);
    n.children.forEach(walk);
  };
  walk(child);
  return out;
}

function ratioToMean(values: number[]): number {
  if (values.length < 2) {
    return 1;
  }
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return mean > 0 ? Math.max(...values) / mean : 1;
}

/** Partial Aggregate below the Gather, Finalize Aggregate above it (through a Sort or so). */
function aggregatePair(plan: Plan, gather: PlanNode, section: PlanNode[]): GatherFacts['aggregatePair'] {
  const partial = section.find((n) => n.props['Partial Mode'] === 'Partial');
  if (!partial) {
    return undefined;
  }
  for (let id = gather.parentId, hops = 0; id !== null && hops < 3; id = plan.nodes[id]!.parentId, hops++) {
    if (plan.nodes[id]!.props['Partial Mode'] === 'Finalize') {
      return { partialId: partial.id, finalizeId: id };
    }
  }
  return undefined;
}

function gatherFacts(plan: Plan, gather: PlanNode): GatherFacts | undefined {
  const child = parallelChild(gather);
  if (!child) {
    return undefined;
  }
  const planned = gather.workersPlanned ?? 0;
  const launched = gather.workersLaunched ?? 0;
  const leader = leaderParticipates(plan, gather);
  const section = sectionNodes(child);
  const perNode = new Map<number, ProcessTotals[]>(section.map((n) => [n.id, processTotals(n)]));
  const perWorker = (perNode.get(child.id) ?? []).length > 0;
  const processes = child.metrics.processes;
  // the parallel-aware node that moves the most rows (usually the parallel scan) shows how the
  // work was shared; a node one process runs alone (the bitmap under a Parallel Bitmap Heap
  // Scan) would show false skew
  const aware = section.filter((n) => n.parallelAware);
  const driver = (aware.length > 0 ? aware : section).reduce((best, n) => (n.metrics.rowsTotal > best.metrics.rowsTotal ? n : best));

  const laneFor = (worker: number | null, isLaunched: boolean): Lane => {
    const nodes = section.map((n) => {
      const totals = perNode.get(n.id) ?? [];
      const mine = totals.find((t) => t.worker === worker);
      if (mine) {
        return { nodeId: n.id, rows: mine.rows, loops: mine.loops, timeMs: mine.timeMs };
      }
      if (totals.length > 0 || !isLaunched || !n.actual) {
        // VERBOSE lists every process that ran the node: absent means it did not run it
        return { nodeId: n.id, rows: 0, loops: 0, timeMs: 0 };
      }
      if (perWorker) {
        // VERBOSE, but no worker line here: only the leader ran it (a Bitmap Index Scan
        // feeding a Parallel Bitmap Heap Scan is built once, by one process)
        return worker === null
          ? { nodeId: n.id, rows: n.metrics.rowsTotal, loops: n.actual.loops, timeMs: n.metrics.workMs }
          : { nodeId: n.id, rows: 0, loops: 0, timeMs: 0 };
      }
      // no VERBOSE: only the average per process is known
      return { nodeId: n.id, rows: n.metrics.rowsTotal / processes, loops: n.actual.loops / processes, timeMs: n.metrics.inclusiveMs };
    });
    // a process's own time in a node: its inclusive time minus its children's in the section
    const byId = new Map(nodes.map((e) => [e.nodeId, e]));
    for (const entry of nodes) {
      const n = plan.nodes[entry.nodeId]!;
      const childTime = n.children.reduce((s, c) => s + (byId.get(c.id)?.timeMs ?? 0), 0);
      (entry as Lane['nodes'][number]).exclusiveMs = entry.timeMs === undefined ? undefined : Math.max(0, entry.timeMs - childTime);
    }
    const top = nodes[0]!;
    const driving = byId.get(driver.id) ?? top;
    return { worker, launched: isLaunched, nodes, rows: driving.rows, timeMs: top.timeMs };
  };

  const lanes: Lane[] = [];
  if (leader !== false) {
    lanes.push(laneFor(null, true));
  } else {
    lanes.push({ worker: null, launched: true, nodes: [], rows: 0, timeMs: 0 });
  }
  const launchedNumbers = perWorker
    ? new Set((perNode.get(child.id) ?? []).filter((t) => t.worker !== null).map((t) => t.worker as number))
    : new Set(Array.from({ length: launched }, (_, i) => i));
  for (let w = 0; w < Math.max(planned, launched); w++) {
    // workers are numbered from 0 in launch order, so the first `launched` numbers ran
    const isLaunched = w < launched || launchedNumbers.has(w);
    lanes.push(isLaunched ? laneFor(w, true) : { worker: w, launched: false, nodes: [], rows: 0 });
  }
  const active = lanes.filter((l) => l.launched && (l.worker !== null || leader !== false));
  const times = active.map((l) => l.timeMs).filter((t): t is number => t !== undefined);
  return {
    nodeId: gather.id,
    kind: gather.nodeType,
    planned,
    launched,
    leaderParticipates: leader,
    processes,
    lanes,
    perWorker,
    rowSkew: perWorker ? ratioToMean(active.map((l) => l.rows)) : 1,
    timeSkew: perWorker && times.length === active.length ? ratioToMean(times) : undefined,
    sectionNodeIds: section.map((n) => n.id),
    rowsNodeId: driver.id,
    aggregatePair: aggregatePair(plan, gather, section),
  };
}

export function analyseParallelism(plan: Plan): GatherFacts[] {
  return plan.nodes.filter(isGather).map((g) => gatherFacts(plan, g)).filter((f): f is GatherFacts => f !== undefined);
}
