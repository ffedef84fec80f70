/**
 * The plan model: what pgsight knows about one EXPLAIN output, whichever format it came in.
 * Plain data (JSON-serialisable), no vscode, no DOM: the extension host, the standalone CLI
 * and the webview all use it.
 */

/** Block counts as EXPLAIN (BUFFERS) reports them. */
export interface Buffers {
  sharedHit: number;
  sharedRead: number;
  sharedDirtied: number;
  sharedWritten: number;
  localHit: number;
  localRead: number;
  localDirtied: number;
  localWritten: number;
  tempRead: number;
  tempWritten: number;
}

/** I/O timing in ms (track_io_timing); only the keys PostgreSQL printed are set. */
export type IoTiming = Partial<Record<'sharedRead' | 'sharedWrite' | 'localRead' | 'localWrite' | 'tempRead' | 'tempWrite', number>>;

/** One process's numbers for a node: a worker from VERBOSE's `Workers`, or the leader's remainder. */
export interface ProcessStats {
  /** Worker number, or null for the leader (derived: node total minus the workers). */
  worker: number | null;
  /** Per-loop averages, as PostgreSQL prints them (undefined with TIMING off). */
  startupMs?: number;
  totalMs?: number;
  rows: number;
  loops: number;
  /**
   * False when PostgreSQL printed no "Actual Loops" for the worker: without VERBOSE only its
   * sort or hash facts are listed, so its rows and loops are unknown (not zero).
   */
  timed: boolean;
  buffers?: Buffers;
  /** Other per-worker fields (sort method and space, hash batches, JIT…), raw. */
  fields: Record<string, unknown>;
}

export interface PlanNode {
  /** Pre-order index, 0 for the root. */
  id: number;
  parentId: number | null;
  depth: number;
  /** JSON "Node Type": "Seq Scan", "Aggregate", "Hash Join"… */
  nodeType: string;
  /** What psql prints: "Parallel Seq Scan", "Finalize Aggregate", "Hash Left Join"… */
  label: string;
  parentRelationship?: string;
  subplanName?: string;
  parallelAware: boolean;
  relation?: { schema?: string; name: string; alias?: string };
  indexName?: string;
  /** CTE, function or subquery alias the node scans. */
  scanTarget?: string;
  costStartup?: number;
  costTotal?: number;
  planRows?: number;
  planWidth?: number;
  /** Undefined when the plan was not run with ANALYZE. */
  actual?: { startupMs?: number; totalMs?: number; rows: number; loops: number };
  workersPlanned?: number;
  workersLaunched?: number;
  buffers?: Buffers;
  io?: IoTiming;
  /** VERBOSE's per-worker numbers (empty otherwise). */
  workers: ProcessStats[];
  /** Every other field PostgreSQL printed, keyed as in EXPLAIN JSON. */
  props: Record<string, unknown>;
  children: PlanNode[];
  metrics: NodeMetrics;
}

/** Numbers pgsight derives; see planTiming.ts for the math. */
export interface NodeMetrics {
  /** Rows over all loops and processes (per-loop average × loops). */
  rowsTotal: number;
  /** Time summed over every loop of every process that ran the node (ms). */
  workMs: number;
  /**
   * The node's share of the query's wall clock (ms): `workMs` in a serial part; inside a
   * parallel section, `workMs` divided by the processes that ran the section.
   */
  inclusiveMs: number;
  /** `inclusiveMs` minus the children's `inclusiveMs`, clamped at 0 (rounding). */
  exclusiveMs: number;
  /** exclusiveMs / the root's inclusive time, 0..1. */
  exclusiveShare: number;
  /**
   * Actual / estimated rows, totals against totals (planEstimates.ts); > 1 means
   * underestimated. Undefined without ANALYZE, for a node never run, and where a Limit cut
   * the node short.
   */
  misestimate?: number;
  /** The estimated total: Plan Rows × loops, or × `parallelDivisor` for a node whose rows are split between processes. */
  estRowsTotal?: number;
  /** The planner's parallel divisor, for a node estimated per process. */
  parallelDivisor?: number;
  /** Id of the Gather / Gather Merge whose workers run this node, or null. */
  gatherId: number | null;
  /** Processes that ran the node's parallel section (1 outside one). */
  processes: number;
  /** The node's own blocks: its inclusive counts minus its children's (planBuffers.ts); undefined without BUFFERS. */
  ownBuffers?: Buffers;
  /** Among the hottest nodes by exclusive time. */
  hot: boolean;
}

export interface Lane {
  /** null for the leader. */
  worker: number | null;
  launched: boolean;
  /** Per node of the parallel section (pre-order), this process's totals over its loops. */
  nodes: { nodeId: number; rows: number; loops: number; timeMs?: number; exclusiveMs?: number }[];
  /** Rows this process produced at the section's busiest node (GatherFacts.rowsNodeId). */
  rows: number;
  /** Time this process spent in the Gather's child (ms), when known. */
  timeMs?: number;
}

export interface GatherFacts {
  nodeId: number;
  kind: string;
  planned: number;
  launched: number;
  /** null when the plan cannot tell (no ANALYZE). */
  leaderParticipates: boolean | null;
  /** Processes that ran the section: launched workers plus the leader when it took part. */
  processes: number;
  /** Leader first, then workers 0…planned-1 (those not launched have empty lanes). */
  lanes: Lane[];
  /** True when VERBOSE gave per-worker numbers. */
  perWorker: boolean;
  /** Busiest process's rows divided by the mean over participating processes. */
  rowSkew: number;
  /** Slowest process's time divided by the mean, when times are known. */
  timeSkew?: number;
  sectionNodeIds: number[];
  /** The section node moving the most rows (usually the parallel scan): lanes' `rows` are there. */
  rowsNodeId: number;
  /** A Partial aggregate in the section and the Finalize above the Gather that combines its results. */
  aggregatePair?: { partialId: number; finalizeId: number };
}

export type FindingKind = 'workers' | 'skew' | 'misestimate' | 'spill' | 'hot' | 'filter';

export interface Finding {
  kind: FindingKind;
  nodeId: number | null;
  severity: 'info' | 'warning';
  message: string;
}

export interface Plan {
  format: 'json' | 'text';
  root: PlanNode;
  /** All nodes, pre-order (nodes[i].id === i). */
  nodes: PlanNode[];
  analyzed: boolean;
  planningMs?: number;
  executionMs?: number;
  /** Settings changed from their defaults (EXPLAIN SETTINGS). */
  settings: Record<string, string>;
  /**
   * Whether the plan says which settings were changed: JSON has a "Settings" object whenever
   * SETTINGS was on; the text format prints the line only when something was changed, so a text
   * plan without it cannot tell.
   */
  settingsRecorded: boolean;
  planning?: Record<string, unknown>;
  jit?: Record<string, unknown>;
  triggers: { name: string; relation?: string; timeMs?: number; calls?: number }[];
  queryText?: string;
  /** Top-level fields not modelled above (Serialization, Query Identifier…). */
  extra: Record<string, unknown>;
  gathers: GatherFacts[];
  findings: Finding[];
}
