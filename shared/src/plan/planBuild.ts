/**
 * Builds the plan model from EXPLAIN's JSON shape. The text parser produces the same shape
 * (keys named as in FORMAT JSON), so both formats go through this one function and cannot
 * drift apart.
 */
import type { Buffers, IoTiming, Plan, PlanNode, ProcessStats } from './planTypes';
import { computeTiming } from './planTiming';
import { computeEstimates } from './planEstimates';
import { computeOwnBuffers } from './planBuffers';
import { analyseParallelism } from './parallelFacts';
import { collectFindings } from './planFindings';

export type RawObject = Record<string, unknown>;

const bufferKeys: Record<keyof Buffers, string> = {
  sharedHit: 'Shared Hit Blocks',
  sharedRead: 'Shared Read Blocks',
  sharedDirtied: 'Shared Dirtied Blocks',
  sharedWritten: 'Shared Written Blocks',
  localHit: 'Local Hit Blocks',
  localRead: 'Local Read Blocks',
  localDirtied: 'Local Dirtied Blocks',
  localWritten: 'Local Written Blocks',
  tempRead: 'Temp Read Blocks',
  tempWritten: 'Temp Written Blocks',
};

const ioKeys: Record<keyof IoTiming, string[]> = {
  // PG 15+ splits by kind; before that "I/O Read Time" meant shared+local
  sharedRead: ['Shared I/O Read Time', 'I/O Read Time'],
  sharedWrite: ['Shared I/O Write Time', 'I/O Write Time'],
  localRead: ['Local I/O Read Time'],
  localWrite: ['Local I/O Write Time'],
  tempRead: ['Temp I/O Read Time'],
  tempWrite: ['Temp I/O Write Time'],
};

/** Fields consumed into typed members; everything else stays in `props`. */
const modelled = new Set([
  'Plans', 'Workers', 'Node Type', 'Parent Relationship', 'Subplan Name', 'Parallel Aware',
  'Relation Name', 'Schema', 'Alias', 'Index Name', 'CTE Name', 'Function Name',
  'Startup Cost', 'Total Cost', 'Plan Rows', 'Plan Width', 'Actual Startup Time',
  'Actual Total Time', 'Actual Rows', 'Actual Loops', 'Workers Planned', 'Workers Launched',
  ...Object.values(bufferKeys), ...Object.values(ioKeys).flat(),
]);

export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) {
    return v;
  }
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) {
    return Number(v);
  }
  return undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function readBuffers(o: RawObject): Buffers | undefined {
  if (!Object.values(bufferKeys).some((k) => k in o)) {
    return undefined;
  }
  const b = {} as Buffers;
  for (const [field, key] of Object.entries(bufferKeys) as [keyof Buffers, string][]) {
    b[field] = num(o[key]) ?? 0;
  }
  // the text format omits an all-zero "Buffers:" line; JSON prints the zeros: same model
  return Object.values(b).some((v) => v > 0) ? b : undefined;
}

function readIo(o: RawObject): IoTiming | undefined {
  const io: IoTiming = {};
  let any = false;
  for (const [field, keys] of Object.entries(ioKeys) as [keyof IoTiming, string[]][]) {
    for (const k of keys) {
      const v = num(o[k]);
      if (v !== undefined) {
        io[field] = v;
        any = true;
        break;
      }
    }
  }
  return any ? io : undefined;
}

const workerModelled = new Set(['Worker Number', 'Actual Startup Time', 'Actual Total Time', 'Actual Rows', 'Actual Loops', ...Object.values(bufferKeys)]);

function readWorker(w: RawObject): ProcessStats {
  const fields: Record<string, unknown> = {};
  for (const k in w) {
    if (!workerModelled.has(k)) {
      fields[k] = w[k];
    }
  }
  return {
    worker: num(w['Worker Number']) ?? 0,
    startupMs: num(w['Actual Startup Time']),
    totalMs: num(w['Actual Total Time']),
    rows: num(w['Actual Rows']) ?? 0,
    loops: num(w['Actual Loops']) ?? 0,
    timed: num(w['Actual Loops']) !== undefined,
    buffers: readBuffers(w),
    fields,
  };
}

/**
 * False for the `{"Worker Number": N}` stubs FORMAT JSON lists for workers that were planned
 * but never started (explain.c opens a worker group for each planned worker's JIT numbers, then
 * has nothing to print): they are not processes that ran. The text format prints no line.
 */
function isWorkerReport(w: RawObject): boolean {
  return Object.keys(w).some((k) => k !== 'Worker Number');
}

/** What psql prints for a node: "Parallel Seq Scan", "Finalize HashAggregate", "Hash Left Join". */
export function nodeLabel(o: RawObject): string {
  const type = str(o['Node Type']) ?? '?';
  let label = type;
  if (type === 'Aggregate') {
    const strategy = str(o.Strategy);
    label = strategy === 'Sorted' ? 'GroupAggregate' : strategy === 'Hashed' ? 'HashAggregate' : strategy === 'Mixed' ? 'MixedAggregate' : 'Aggregate';
    const mode = str(o['Partial Mode']);
    if (mode && mode !== 'Simple') {
      label = `${mode} ${label}`;
    }
  } else if (type === 'SetOp') {
    label = `${str(o.Strategy) === 'Hashed' ? 'HashSetOp' : 'SetOp'} ${str(o.Command) ?? ''}`.trim();
  } else if (type === 'ModifyTable') {
    label = str(o.Operation) ?? type;
  } else if (['Hash Join', 'Merge Join', 'Nested Loop'].includes(type)) {
    const join = str(o['Join Type']);
    if (join && join !== 'Inner') {
      label = `${type === 'Nested Loop' ? 'Nested Loop' : type.replace(' Join', '')} ${join} Join`;
    }
  } else if (type === 'Custom Scan') {
    label = `Custom Scan (${str(o['Custom Plan Provider']) ?? '?'})`;
  }
  if ((type === 'Index Scan' || type === 'Index Only Scan') && str(o['Scan Direction']) === 'Backward') {
    label += ' Backward';
  }
  if (o['Parallel Aware'] === true) {
    label = `Parallel ${label}`;
  }
  if (o['Async Capable'] === true && type === 'Foreign Scan') {
    label = `Async ${label}`;
  }
  return label;
}

function buildNode(o: RawObject, parentId: number | null, depth: number, out: PlanNode[]): PlanNode {
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (!modelled.has(k)) {
      props[k] = v;
    }
  }
  const loops = num(o['Actual Loops']);
  const relName = str(o['Relation Name']);
  const node: PlanNode = {
    id: out.length,
    parentId,
    depth,
    nodeType: str(o['Node Type']) ?? '?',
    label: nodeLabel(o),
    parentRelationship: str(o['Parent Relationship']),
    subplanName: str(o['Subplan Name']),
    parallelAware: o['Parallel Aware'] === true,
    relation: relName ? { schema: str(o.Schema), name: relName, alias: str(o.Alias) } : undefined,
    indexName: str(o['Index Name']),
    scanTarget: str(o['CTE Name']) ?? str(o['Function Name']) ?? (relName ? undefined : str(o.Alias)),
    costStartup: num(o['Startup Cost']),
    costTotal: num(o['Total Cost']),
    planRows: num(o['Plan Rows']),
    planWidth: num(o['Plan Width']),
    actual:
      loops === undefined
        ? undefined
        : {
            startupMs: num(o['Actual Startup Time']),
            totalMs: num(o['Actual Total Time']),
            rows: num(o['Actual Rows']) ?? 0,
            loops,
          },
    workersPlanned: num(o['Workers Planned']),
    workersLaunched: num(o['Workers Launched']),
    buffers: readBuffers(o),
    io: readIo(o),
    workers: Array.isArray(o.Workers) ? (o.Workers as RawObject[]).filter(isWorkerReport).map(readWorker) : [],
    props,
    children: [],
    metrics: {
      rowsTotal: 0, workMs: 0, inclusiveMs: 0, exclusiveMs: 0, exclusiveShare: 0,
      gatherId: null, processes: 1, hot: false,
    },
  };
  out.push(node);
  const plans = Array.isArray(o.Plans) ? (o.Plans as RawObject[]) : [];
  node.children = plans.map((p) => buildNode(p, node.id, depth + 1, out));
  return node;
}

function readSettings(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object') {
    for (const [k, val] of Object.entries(v as RawObject)) {
      out[k] = String(val);
    }
  }
  return out;
}

/** Turns one EXPLAIN result (the object inside FORMAT JSON's array) into the model. */
export function buildPlan(top: RawObject, format: 'json' | 'text'): Plan {
  const rootRaw = top.Plan;
  if (!rootRaw || typeof rootRaw !== 'object') {
    throw new Error('not an EXPLAIN plan: no "Plan" object');
  }
  const nodes: PlanNode[] = [];
  const root = buildNode(rootRaw as RawObject, null, 0, nodes);
  const known = new Set(['Plan', 'Planning Time', 'Execution Time', 'Settings', 'Planning', 'JIT', 'Triggers', 'Query Text']);
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(top)) {
    if (!known.has(k)) {
      extra[k] = v;
    }
  }
  const triggers = Array.isArray(top.Triggers)
    ? (top.Triggers as RawObject[]).map((t) => ({
        name: str(t['Trigger Name']) ?? '?',
        relation: str(t.Relation),
        timeMs: num(t.Time),
        calls: num(t.Calls),
      }))
    : [];
  const plan: Plan = {
    format,
    root,
    nodes,
    analyzed: root.actual !== undefined,
    planningMs: num(top['Planning Time']),
    executionMs: num(top['Execution Time']),
    settings: readSettings(top.Settings),
    settingsRecorded: top.Settings !== undefined && top.Settings !== null && typeof top.Settings === 'object',
    planning: top.Planning && typeof top.Planning === 'object' ? (top.Planning as RawObject) : undefined,
    jit: top.JIT && typeof top.JIT === 'object' ? (top.JIT as RawObject) : undefined,
    triggers,
    queryText: str(top['Query Text']),
    extra,
    gathers: [],
    findings: [],
  };
  computeTiming(plan);
  computeEstimates(plan);
  computeOwnBuffers(plan);
  plan.gathers = analyseParallelism(plan);
  plan.findings = collectFindings(plan);
  return plan;
}
