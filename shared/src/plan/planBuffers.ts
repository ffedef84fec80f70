/**
 * Own buffers: EXPLAIN (BUFFERS) counts are inclusive (a node's blocks include its children's,
 * and, in a parallel section, every process's), so every ancestor repeats its subtree's total.
 * A node's own blocks are its count minus its children's, each child subtracted once, from the
 * node that ran it (an InitPlan's from the node that evaluated it, as for time), clamped at 0.
 */
import type { Buffers, Plan } from './planTypes';
import { containingNode } from './planTiming';
import { formatBlocks, formatRows } from './planFormat';

const keys: (keyof Buffers)[] = [
  'sharedHit', 'sharedRead', 'sharedDirtied', 'sharedWritten', 'localHit', 'localRead', 'localDirtied', 'localWritten', 'tempRead', 'tempWritten',
];

function zero(): Buffers {
  return Object.fromEntries(keys.map((k) => [k, 0])) as unknown as Buffers;
}

export function computeOwnBuffers(plan: Plan): void {
  if (!plan.nodes.some((n) => n.buffers)) {
    return;
  }
  const deduct = new Map<number, Buffers>();
  for (const node of plan.nodes) {
    for (const c of node.children) {
      const into = containingNode(plan, node, c);
      const sum = deduct.get(into.id) ?? zero();
      for (const k of keys) {
        sum[k] += c.buffers?.[k] ?? 0;
      }
      deduct.set(into.id, sum);
    }
  }
  for (const node of plan.nodes) {
    const own = zero();
    const minus = deduct.get(node.id);
    for (const k of keys) {
      own[k] = Math.max(0, (node.buffers?.[k] ?? 0) - (minus?.[k] ?? 0));
    }
    node.metrics.ownBuffers = own;
  }
}

/** Blocks a node touched itself: shared and local hits and reads, temp reads and writes. */
export function bufferTotal(b: Buffers | undefined): number {
  return b ? b.sharedHit + b.sharedRead + b.localHit + b.localRead + b.tempRead + b.tempWritten + b.sharedDirtied + b.sharedWritten + b.localDirtied + b.localWritten : 0;
}

/** The card's compact line: "hit 12.5 MB · read 8 kB · temp written 1.2 MB" (non-zero parts only). */
export function buffersLine(b: Buffers): string {
  const parts: [string, number][] = [
    ['hit', b.sharedHit + b.localHit],
    ['read', b.sharedRead + b.localRead],
    ['dirtied', b.sharedDirtied + b.localDirtied],
    ['written', b.sharedWritten + b.localWritten],
    ['temp read', b.tempRead],
    ['temp written', b.tempWritten],
  ];
  const shown = parts.filter(([, v]) => v > 0);
  return shown.length === 0 ? 'none' : shown.map(([k, v]) => `${k} <b title="${formatRows(v)} blocks">${formatBlocks(v)}</b>`).join(' · ');
}
