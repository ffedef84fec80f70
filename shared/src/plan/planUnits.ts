/**
 * Units for the numbers PostgreSQL prints bare in FORMAT JSON (and pgsight's text parser keys
 * the same way): memory in kB, WAL in bytes, times in ms; and the JIT block as one line.
 */
import { formatBytes, formatMs, formatRows } from './planFormat';

/** Fields explain.c prints in kilobytes (its "kB" unit in the text format). */
const kilobytes = new Set([
  'Sort Space Used', 'Peak Memory Usage', 'Disk Usage', 'Memory Used', 'Memory Allocated',
  'Average Sort Space Used', 'Peak Sort Space Used', 'Maximum Storage', 'Output Volume',
]);
const milliseconds = new Set(['Time', 'Actual Startup Time', 'Actual Total Time', 'Planning Time', 'Execution Time']);

/** A field's number with its unit ("Sort Space Used" 49 → "49 kB"), or undefined when it has none. */
export function withUnit(key: string, value: unknown): string | undefined {
  if (typeof value !== 'number') {
    return undefined;
  }
  if (kilobytes.has(key)) {
    return value >= 1024 ? `${formatRows(value)} kB (${formatBytes(value * 1024)})` : `${formatRows(value)} kB`;
  }
  if (key === 'WAL Bytes') {
    return value >= 1024 ? `${formatRows(value)} bytes (${formatBytes(value)})` : `${formatRows(value)} bytes`;
  }
  return milliseconds.has(key) ? formatMs(value) : undefined;
}

export interface JitSummary {
  functions?: number;
  /** Options that were on: "inlining", "optimization", "expressions", "deforming". */
  options: string[];
  generationMs?: number;
  /** PG 17+: the part of generation spent on tuple deforming. */
  deformMs?: number;
  inliningMs?: number;
  optimizationMs?: number;
  emissionMs?: number;
  totalMs?: number;
}

function ms(v: unknown): number | undefined {
  if (typeof v === 'number') {
    return v;
  }
  // PG 17+: "Generation": {"Deform": …, "Total": …}
  if (v && typeof v === 'object' && typeof (v as Record<string, unknown>).Total === 'number') {
    return (v as Record<string, number>).Total;
  }
  return undefined;
}

/** Reads EXPLAIN's "JIT" object (JSON, or the text block parsed into the same keys). */
export function readJit(raw: Record<string, unknown> | undefined): JitSummary | undefined {
  if (!raw) {
    return undefined;
  }
  const options = raw.Options && typeof raw.Options === 'object' ? (raw.Options as Record<string, unknown>) : {};
  const timing = raw.Timing && typeof raw.Timing === 'object' ? (raw.Timing as Record<string, unknown>) : {};
  const generation = timing.Generation;
  return {
    functions: typeof raw.Functions === 'number' ? raw.Functions : undefined,
    options: Object.entries(options).filter(([, v]) => v === true).map(([k]) => k.toLowerCase()),
    generationMs: ms(generation),
    deformMs: generation && typeof generation === 'object' ? ms((generation as Record<string, unknown>).Deform) : undefined,
    inliningMs: ms(timing.Inlining),
    optimizationMs: ms(timing.Optimization),
    emissionMs: ms(timing.Emission),
    totalMs: ms(timing.Total),
  };
}

/** "17 functions, 751 ms: generation 6.44 ms, inlining 488 ms, optimization 167 ms, emission 90.4 ms". */
export function jitLine(j: JitSummary): string {
  const parts = [
    ['generation', j.generationMs],
    ['deform', j.deformMs],
    ['inlining', j.inliningMs],
    ['optimization', j.optimizationMs],
    ['emission', j.emissionMs],
  ]
    .filter((p): p is [string, number] => typeof p[1] === 'number')
    .map(([k, v]) => `${k} ${formatMs(v)}`);
  const head = `${j.functions ?? '?'} function${j.functions === 1 ? '' : 's'}${j.totalMs !== undefined ? `, ${formatMs(j.totalMs)}` : ''}`;
  return `${head}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}
