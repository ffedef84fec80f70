/**
 * What EXPLAIN ANALYZE would leave behind although it runs inside BEGIN … ROLLBACK: calls that
 * act outside the transaction (another connection, another session, the server's files,
 * configuration or statistics, session-level locks) and sequences a ROLLBACK does not put back.
 * Two steps: `statementCalls` lists what the parse tree calls (functions, operators, INSERT
 * targets); `lastingEffects` decides from catalog facts passed in (pg_proc volatility, the
 * sequences behind column defaults), so it is a pure function. No vscode, no pg here.
 */
import type { Node } from './statementBody';

export interface FunctionCall {
  /** Schema as written, when qualified. */
  schema?: string;
  name: string;
  /** For set_config: whether the third argument is the literal `true` (transaction-local). */
  localSetting?: boolean;
  /** The first argument when it is a string literal (nextval('s'), setval('s', …)). */
  firstLiteral?: string;
}

export interface InsertTarget {
  schema?: string;
  relation: string;
  /** Columns the INSERT names; undefined when it names none (every column gets its default or a value). */
  columns?: string[];
}

export interface StatementCalls {
  functions: FunctionCall[];
  operators: string[];
  inserts: InsertTarget[];
}

/** Catalog facts `lastingEffects` decides from, read on the target connection. */
export interface SideEffectCatalog {
  /** current_schemas(true): where an unqualified name resolves. */
  searchPath: string[];
  /** Every pg_proc row with one of the called names: provolatile 'v' volatile, 's' stable, 'i' immutable. */
  functions: { schema: string; name: string; volatility: string }[];
  /** Operators with one of the used names and their function's volatility. */
  operators: { name: string; schema: string; function: string; volatility: string }[];
  /** Sequences behind column defaults (serial, identity, nextval defaults) of the INSERT targets. */
  insertSequences: { schema?: string; relation: string; column: string; sequence: string }[];
  /** nextval/setval literal arguments resolved to schema-qualified sequence names. */
  sequenceNames: Record<string, string>;
}

/** Acts outside the transaction whatever the catalog says: always asked about, named. */
const outsideTransaction: [RegExp, string][] = [
  [/^dblink/, 'runs SQL on another connection, which commits on its own'],
  [/^pg_terminate_backend$/, 'ends another session'],
  [/^pg_cancel_backend$/, "cancels another session's query"],
  [/^pg_reload_conf$/, 'makes the server reload its configuration'],
  [/^pg_stat_reset/, 'resets statistics counters'],
  [/^pg_switch_wal$/, 'switches the server to a new WAL file'],
  [/^pg_logical_emit_message$/, 'writes a message into the WAL for logical decoding'],
  [/^lo_export$/, "writes a file on the server's file system"],
  [/^lo_import$/, "reads a file from the server's file system"],
  [/^pg_(try_)?advisory_lock(_shared)?$/, 'takes a session-level advisory lock, which ROLLBACK does not release'],
  [/^pg_(create|drop)_(physical_|logical_)?replication_slot$/, 'creates or drops a replication slot'],
  [/^pg_(rotate_logfile|create_restore_point|promote|log_backend_memory_contexts)$/, 'acts on the server outside the transaction'],
];

/** Volatile, yet harmless in a rolled-back transaction: reads, clocks, random numbers, transaction-scoped locks. */
const harmlessVolatile = new Set([
  'random', 'random_normal', 'setseed', 'clock_timestamp', 'timeofday', 'now', 'statement_timestamp', 'transaction_timestamp',
  'gen_random_uuid', 'uuidv4', 'uuidv7', 'pg_sleep', 'pg_sleep_for', 'pg_sleep_until', 'currval', 'lastval',
  'txid_current', 'txid_current_if_assigned', 'pg_current_xact_id', 'pg_current_xact_id_if_assigned',
  'pg_advisory_xact_lock', 'pg_advisory_xact_lock_shared', 'pg_try_advisory_xact_lock', 'pg_try_advisory_xact_lock_shared',
  // sent at COMMIT only
  'pg_notify',
  'pg_relation_size', 'pg_total_relation_size', 'pg_table_size', 'pg_indexes_size', 'pg_database_size', 'pg_tablespace_size',
  'pg_current_wal_lsn', 'pg_current_wal_insert_lsn', 'pg_current_wal_flush_lsn', 'pg_backend_pid',
]);

/** Everything the statement calls directly, from its parse tree. */
export function statementCalls(stmt: Node): StatementCalls {
  const out: StatementCalls = { functions: [], operators: [], inserts: [] };
  const names = (list: unknown) => (Array.isArray(list) ? list.map((n) => String(((n as Node).String as Node | undefined)?.sval ?? '')) : []);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!node || typeof node !== 'object') {
      return;
    }
    const o = node as Node;
    if (o.FuncCall) {
      const f = o.FuncCall as Node;
      const parts = names(f.funcname);
      const args = Array.isArray(f.args) ? (f.args as Node[]) : [];
      const call: FunctionCall = { name: parts[parts.length - 1]!, ...(parts.length > 1 ? { schema: parts[parts.length - 2] } : {}) };
      const first = (args[0]?.A_Const as Node | undefined)?.sval as Node | undefined;
      if (typeof first?.sval === 'string') {
        call.firstLiteral = first.sval;
      }
      if (call.name === 'set_config') {
        const third = (args[2]?.A_Const as Node | undefined)?.boolval as Node | undefined;
        call.localSetting = third?.boolval === true;
      }
      out.functions.push(call);
    }
    if (o.A_Expr) {
      const op = names((o.A_Expr as Node).name);
      if (op.length > 0) {
        out.operators.push(op[op.length - 1]!);
      }
    }
    if (o.SubLink) {
      // a = ANY (subquery), a < ALL (…): the operator is the SubLink's
      const op = names((o.SubLink as Node).operName);
      if (op.length > 0) {
        out.operators.push(op[op.length - 1]!);
      }
    }
    if (o.InsertStmt) {
      const i = o.InsertStmt as Node;
      const cols = Array.isArray(i.cols) ? (i.cols as Node[]).map((c) => String((c.ResTarget as Node).name)) : undefined;
      out.inserts.push({ ...rangeVar(i.relation as Node), columns: cols });
    }
    if (o.MergeStmt) {
      const m = o.MergeStmt as Node;
      for (const w of (m.mergeWhenClauses ?? []) as Node[]) {
        const clause = w.MergeWhenClause as Node;
        if (clause.commandType === 'CMD_INSERT') {
          const cols = Array.isArray(clause.targetList) && clause.targetList.length > 0 ? (clause.targetList as Node[]).map((c) => String((c.ResTarget as Node).name)) : undefined;
          out.inserts.push({ ...rangeVar(m.relation as Node), columns: cols });
        }
      }
    }
    Object.values(o).forEach(visit);
  };
  visit(stmt);
  return out;
}

function rangeVar(r: Node): { schema?: string; relation: string } {
  return { relation: String(r.relname), ...(typeof r.schemaname === 'string' ? { schema: r.schemaname } : {}) };
}

function resolves(schema: string | undefined, rowSchema: string, searchPath: string[]): boolean {
  return schema === undefined ? searchPath.includes(rowSchema) : schema === rowSchema;
}

/**
 * What ROLLBACK does not undo, one readable line each (empty: nothing). Functions the statement
 * reaches only through views, triggers or other functions are not seen here; functions that
 * write fail in the READ ONLY transaction a read runs in.
 */
export function lastingEffects(calls: StatementCalls, catalog: SideEffectCatalog): string[] {
  const effects = new Set<string>();
  for (const call of calls.functions) {
    const shown = `${call.schema ? `${call.schema}.` : ''}${call.name}()`;
    if (call.name === 'nextval' || call.name === 'setval') {
      const seq = call.firstLiteral === undefined ? 'a sequence' : `sequence ${catalog.sequenceNames[call.firstLiteral] ?? call.firstLiteral}`;
      effects.add(`${shown} ${call.name === 'nextval' ? 'advances' : 'sets'} ${seq}, which ROLLBACK does not undo`);
      continue;
    }
    if (call.name === 'set_config') {
      if (!call.localSetting) {
        effects.add('set_config(…, false) changes a setting for the whole session, not only for this transaction');
      }
      continue;
    }
    const known = outsideTransaction.find(([re]) => re.test(call.name));
    if (known) {
      effects.add(`${shown} ${known[1]}`);
      continue;
    }
    const volatile = catalog.functions.filter((f) => f.name === call.name && f.volatility === 'v' && resolves(call.schema, f.schema, catalog.searchPath));
    for (const f of volatile) {
      if (!(f.schema === 'pg_catalog' && harmlessVolatile.has(f.name))) {
        effects.add(`${f.schema}.${f.name}() is volatile and may act outside the transaction`);
      }
    }
  }
  for (const op of new Set(calls.operators)) {
    for (const o of catalog.operators.filter((x) => x.name === op && x.volatility === 'v' && catalog.searchPath.includes(x.schema))) {
      effects.add(`operator ${o.name} calls volatile ${o.function}(), which may act outside the transaction`);
    }
  }
  for (const target of calls.inserts) {
    for (const s of catalog.insertSequences) {
      if (s.relation === target.relation && s.schema === target.schema && (target.columns === undefined || !target.columns.includes(s.column))) {
        effects.add(`INSERT into ${target.schema ? `${target.schema}.` : ''}${target.relation} advances sequence ${s.sequence} (column ${s.column}), which ROLLBACK does not undo`);
      }
    }
  }
  return [...effects];
}
