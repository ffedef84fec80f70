/**
 * The parallel lane view of one Gather / Gather Merge: one lane per process (leader first,
 * then each planned worker). A lane's bar is the process's time in the parallel section on
 * the Gather's wall-clock scale, split into the process's own time per node; the numbers are
 * its time and the rows it produced at the section's busiest node. Workers that were planned
 * but never launched are empty dashed lanes, and lanes far from the mean are flagged.
 */
import type { GatherFacts, Lane, Plan } from './planTypes';
import { escapeHtml, formatMs, formatRows } from './planFormat';

const palette = 6;

function processName(lane: Lane): string {
  return lane.worker === null ? 'leader' : `worker ${lane.worker}`;
}

/** Lanes whose rows or time are ≥ 1.5× or ≤ 0.5× the mean of the processes that ran. */
function skewedLanes(facts: GatherFacts, active: Lane[]): Set<Lane> {
  const out = new Set<Lane>();
  if (!facts.perWorker || active.length < 2) {
    return out;
  }
  const check = (values: number[]) => {
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    values.forEach((v, i) => {
      if (mean > 0 && (v >= 1.5 * mean || v <= 0.5 * mean)) {
        out.add(active[i]!);
      }
    });
  };
  check(active.map((l) => l.rows));
  if (active.every((l) => l.timeMs !== undefined)) {
    check(active.map((l) => l.timeMs!));
  }
  return out;
}

/** Sections up to this many nodes get one legend entry (and colour) per node; larger ones one per node type. */
export const legendNodeLimit = 8;
/** Node types listed in a large section's legend; the rest are summed in one entry. */
export const legendTypeLimit = 8;

interface Colours {
  of: Map<number, number>;
  legend: string;
}

/**
 * Colour per node and the legend. A small section names each node ("Parallel Seq Scan t"); a
 * large one (thousands of nodes under one Gather) colours by node type, busiest types first,
 * so the legend stays one line instead of pushing the tree screens down.
 */
function colours(plan: Plan, facts: GatherFacts): Colours {
  const ids = facts.sectionNodeIds;
  const of = new Map<number, number>();
  if (ids.length <= legendNodeLimit) {
    ids.forEach((id, i) => of.set(id, i % palette));
    const legend = ids
      .map((id, i) => {
        const n = plan.nodes[id]!;
        const rel = n.relation ? ` ${n.relation.alias ?? n.relation.name}` : '';
        return `<span><i class="c${i % palette}"></i>${escapeHtml(n.label + rel)}</span>`;
      })
      .join('');
    return { of, legend };
  }
  const types = new Map<string, { count: number; ms: number }>();
  for (const id of ids) {
    const n = plan.nodes[id]!;
    const t = types.get(n.label) ?? { count: 0, ms: 0 };
    t.count++;
    t.ms += n.metrics.exclusiveMs;
    types.set(n.label, t);
  }
  const ranked = [...types.entries()].sort((a, b) => b[1].ms - a[1].ms || b[1].count - a[1].count);
  const index = new Map(ranked.map(([label], i) => [label, i]));
  for (const id of ids) {
    const i = index.get(plan.nodes[id]!.label)!;
    // the types beyond the legend share the last colour, named "other"
    of.set(id, Math.min(i, legendTypeLimit) % palette);
  }
  const shown = ranked.slice(0, legendTypeLimit).map(([label, t], i) => `<span><i class="c${i % palette}"></i>${escapeHtml(label)} ×${formatRows(t.count)}</span>`);
  const rest = ranked.slice(legendTypeLimit);
  if (rest.length > 0) {
    const count = rest.reduce((s, [, t]) => s + t.count, 0);
    shown.push(`<span><i class="c${legendTypeLimit % palette}"></i>${rest.length} other types ×${formatRows(count)}</span>`);
  }
  return { of, legend: `<span class="legend-note">${formatRows(ids.length)} nodes, by type:</span>${shown.join('')}` };
}

function laneBar(plan: Plan, colourOf: Map<number, number>, lane: Lane, scaleMs: number): string {
  const track = '<rect class="track" x="0" y="0.5" width="1000" height="13" vector-effect="non-scaling-stroke"/>';
  if (!lane.launched || lane.nodes.length === 0 || scaleMs <= 0) {
    return `<svg viewBox="0 0 1000 14" preserveAspectRatio="none" aria-hidden="true">${track}</svg>`;
  }
  // deepest nodes first: a process reads before it aggregates, so the bar reads left to right
  const order = [...lane.nodes].reverse();
  let x = 0;
  let segs = '';
  for (const entry of order) {
    const ms = entry.exclusiveMs ?? 0;
    if (ms <= 0) {
      continue;
    }
    const w = (ms / scaleMs) * 1000;
    const colour = colourOf.get(entry.nodeId) ?? 0;
    const label = `${plan.nodes[entry.nodeId]!.label}: ${formatMs(ms)} in ${processName(lane)}`;
    segs += `<rect class="seg c${colour}" x="${x.toFixed(1)}" y="1" width="${Math.max(w, 0.5).toFixed(1)}" height="12"><title>${escapeHtml(label)}</title></rect>`;
    x += w;
  }
  return `<svg viewBox="0 0 1000 14" preserveAspectRatio="none" role="img" aria-label="${escapeHtml(`${processName(lane)}: ${formatMs(lane.timeMs)}`)}">${track}${segs}</svg>`;
}

export function renderLanes(plan: Plan, facts: GatherFacts): string {
  const gather = plan.nodes[facts.nodeId]!;
  if (!gather.actual) {
    return `<div class="lanes"><h3>Parallel plan: ${facts.planned} workers planned</h3><div class="note">Run with ANALYZE to see what each process did.</div></div>`;
  }
  const rowsNode = plan.nodes[facts.rowsNodeId]!;
  const active = facts.lanes.filter((l) => l.launched && l.nodes.length > 0);
  const skewed = skewedLanes(facts, active);
  const totalRows = active.reduce((s, l) => s + l.rows, 0);
  const scaleMs = Math.max(gather.metrics.inclusiveMs / gather.actual.loops || 0, ...active.map((l) => l.timeMs ?? 0));
  const leaderNote =
    facts.leaderParticipates === false ? 'the leader only gathers' : facts.leaderParticipates ? 'the leader takes part' : 'leader participation unknown';
  const head = `<h3>Parallel lanes — ${facts.processes} process${facts.processes === 1 ? '' : 'es'} ran this section (${facts.launched} of ${facts.planned} workers launched; ${leaderNote})</h3>`;
  const note = facts.launched === 0
    ? '<div class="note">No worker started: the leader ran the whole section alone.</div>'
    : facts.perWorker
    ? `<div class="note">Bar: time each process spent in the section, on the ${escapeHtml(gather.label)}'s ${formatMs(scaleMs)} scale, split by node. Rows: produced at ${escapeHtml(rowsNode.label)}${rowsNode.relation ? ` on ${escapeHtml(rowsNode.relation.name)}` : ''}. The leader's numbers are the node totals minus the workers'.</div>`
    : '<div class="note">Per-process numbers need EXPLAIN (ANALYZE, VERBOSE); lanes show the average per process.</div>';
  const pair = facts.aggregatePair;
  const pairNote = pair
    ? `<div class="note">${escapeHtml(plan.nodes[pair.partialId]!.label)} runs in each process; ${escapeHtml(plan.nodes[pair.finalizeId]!.label)} above the ${escapeHtml(gather.label)} combines their ${formatRows(plan.nodes[pair.partialId]!.metrics.rowsTotal)} partial results.</div>`
    : '';
  const header = `<div class="lane-head"><span>process</span><span>time in the parallel section</span><span>time</span><span>rows at ${escapeHtml(rowsNode.label.replace(/^Parallel /, ''))}</span></div>`;
  const { of: colourOf, legend } = colours(plan, facts);
  const rows = facts.lanes
    .map((lane) => {
      const absent = !lane.launched || lane.nodes.length === 0;
      const cls = ['lane', lane.worker === null ? 'leader' : '', absent ? 'absent' : '', skewed.has(lane) ? 'skewed' : ''].filter(Boolean).join(' ');
      const why = !lane.launched ? 'not launched' : lane.worker === null && facts.leaderParticipates === false ? 'only gathers' : '';
      const share = totalRows > 0 ? ` (${Math.round((100 * lane.rows) / totalRows)}%)` : '';
      const mean = active.length > 0 ? totalRows / active.length : 0;
      const hi = skewed.has(lane) && (lane.rows >= 1.5 * mean || lane.rows <= 0.5 * mean) ? ' hi' : '';
      return `<div class="${cls}" data-worker="${lane.worker ?? 'leader'}"><span class="who">${processName(lane)}</span>${laneBar(plan, colourOf, lane, scaleMs)}<span class="num">${absent ? '' : formatMs(lane.timeMs)}</span><span class="num${hi}">${absent ? escapeHtml(why) : `${formatRows(Math.round(lane.rows))}${share}`}</span></div>`;
    })
    .join('');
  return `<div class="lanes" data-gather="${facts.nodeId}">${head}${note}${pairNote}${header}${rows}<div class="legend">${legend}</div></div>`;
}
