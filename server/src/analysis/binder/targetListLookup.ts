/**
 * ORDER BY, GROUP BY and DISTINCT ON items, resolved as parse_clause.c does: a bare name is
 * first an output column of the SELECT list and a bare integer its position
 * (findTargetlistEntrySQL92); anything else, or a name no output column has, is an expression
 * over the input columns (findTargetlistEntrySQL99). GROUP BY prefers an input column of its
 * own level to an output name. The ORDER BY of a set operation accepts output names and
 * positions only (transformSetOperationStmt), and SELECT DISTINCT's ORDER BY only expressions
 * of the SELECT list (transformDistinctClause).
 *
 * PostgreSQL decides ambiguity and "appears in the select list" with equal() on analysed
 * expressions; without types, two entries count as different only when that is certain (two
 * distinct columns, a column and an operator, two different constants), else as equal.
 */
import type { ColumnRef, FuncCall, ResTarget, SelectStmt, SortBy } from 'libpg-query';
import { BindContext, nodeAs, strings, type Columns } from './bindContext';
import { figureColname } from './figureColname';
import { columnsOf, countColumn, findRefname, Level, pseudoRte, type NsItem, type Rte } from './scope';
import { ambiguousClauseName } from '../checks/ambiguousColumn';
import { invalidSetOperationOrderBy } from '../checks/featureNotSupported';
import { aggregateInGroupBy } from '../checks/groupingError';
import { distinctOrderByNotInSelectList, positionNotInSelectList } from '../checks/invalidColumnReference';
import { nonIntegerConstant } from '../checks/syntaxError';
import { windowFunctionInGroupBy } from '../checks/windowingError';

type Clause = 'ORDER BY' | 'GROUP BY' | 'DISTINCT ON';

/** What an expression is after analysis, as far as can be told without types. */
export type Identity =
  | { kind: 'column'; rte: Rte; column: string }
  | { kind: 'const'; text: string }
  /** an operator, a sub-select, a CASE…: never a plain column or constant */
  | { kind: 'other' }
  | { kind: 'unknown' };

export interface Entry {
  /** output name; null when it cannot be known */
  name: string | null;
  /** the SELECT-list expression (null for a `*` expansion) */
  expr: unknown;
  identity: Identity;
}

export interface TargetList {
  entries: Entry[];
  /** false when a `*` expands to columns that cannot be known (positions after it are unknown) */
  complete: boolean;
}

const unknown: Identity = { kind: 'unknown' };

/** Whether equal() on the analysed expressions would certainly say false. */
export function certainlyDifferent(a: Identity, b: Identity): boolean {
  if (a.kind === 'unknown' || b.kind === 'unknown' || (a.kind === 'other' && b.kind === 'other')) {
    return false;
  }
  if (a.kind === 'column' && b.kind === 'column') {
    return a.rte !== b.rte || a.column !== b.column;
  }
  if (a.kind === 'const' && b.kind === 'const') {
    return a.text !== b.text;
  }
  return a.kind !== b.kind;
}

const otherKinds = ['A_Expr', 'BoolExpr', 'NullTest', 'BooleanTest', 'SubLink', 'CaseExpr', 'A_ArrayExpr', 'RowExpr', 'CoalesceExpr', 'MinMaxExpr'];

function columnIdentity(item: NsItem, column: string): Identity {
  // a join's columns are its inputs' (or merged): which one is not tracked
  return item.rte.isJoin || item.columnsOverride || countColumn(item, column) !== 1 ? unknown : { kind: 'column', rte: item.rte, column };
}

export function identityOf(node: unknown, level: Level): Identity {
  const cr = nodeAs<ColumnRef>(node, 'ColumnRef');
  if (cr) {
    const fields = cr.fields ?? [];
    const names = strings(fields);
    if (names.length !== fields.length) {
      return unknown;
    }
    if (names.length === 1) {
      return unqualifiedIdentity(level, names[0] ?? '');
    }
    const item = names.length === 2 ? findRefname(level, undefined, names[0] ?? '') : undefined;
    return item ? columnIdentity(item, names[1] ?? '') : unknown;
  }
  const aconst = nodeAs<Record<string, unknown>>(node, 'A_Const');
  if (aconst) {
    return { kind: 'const', text: JSON.stringify(aconst, (k, v: unknown) => (k === 'location' ? undefined : v)) };
  }
  return otherKinds.some((k) => nodeAs(node, k)) ? { kind: 'other' } : unknown;
}

/** The one column a bare name resolves to (colNameToVar), innermost level first. */
function unqualifiedIdentity(level: Level, name: string): Identity {
  for (let l: Level | null = level; l; l = l.parent) {
    const { count, unknowable, item } = countAtLevel(l, name);
    if (count === 1 && !unknowable && item) {
      return columnIdentity(item, name);
    }
    if (count > 0 || unknowable) {
      return unknown;
    }
  }
  return unknown;
}

/** How many visible columns of this level's FROM answer to `name`. */
function countAtLevel(l: Level, name: string): { count: number; unknowable: boolean; item?: NsItem } {
  let count = 0;
  let unknowable = false;
  let item: NsItem | undefined;
  for (const i of l.namespace) {
    if (!i.colsVisible || (i.lateralOnly && !l.lateralActive)) {
      continue;
    }
    const n = countColumn(i, name);
    if (n < 0) {
      unknowable = true;
    } else if (n > 0) {
      count += n;
      item = i;
    }
  }
  return { count, unknowable, item };
}

/** The SELECT list as transformTargetList leaves it (stars expanded), for name and position look-ups. */
export function targetListOf(targets: unknown[], level: Level): TargetList {
  const entries: Entry[] = [];
  for (const t of targets) {
    const rt = nodeAs<ResTarget>(t, 'ResTarget');
    if (!rt) {
      continue;
    }
    const cr = nodeAs<ColumnRef>(rt.val, 'ColumnRef');
    const fields = cr?.fields ?? [];
    if (cr && nodeAs(fields[fields.length - 1], 'A_Star')) {
      const quals = strings(fields);
      const items = level.namespace.filter((i) => (quals.length === 0 ? i.colsVisible : i.relVisible && i.refname === quals[quals.length - 1]));
      if (items.length === 0 || items.some((i) => i.rte.opaque && !i.columnsOverride)) {
        return { entries, complete: false };
      }
      for (const item of items) {
        entries.push(...columnsOf(item).map((c) => ({ name: c, expr: null, identity: columnIdentity(item, c) })));
      }
      continue;
    }
    entries.push({ name: rt.name ?? figureColname(rt.val), expr: rt.val, identity: identityOf(rt.val, level) });
  }
  return { entries, complete: true };
}

type Lookup = { found: Entry | null } | 'ambiguous' | 'none';

/** A bare name among the output columns: two certainly different matches are ambiguous. */
export function lookupName(list: TargetList, name: string): Lookup {
  const maybe = !list.complete || list.entries.some((e) => e.name === null);
  const matches = list.entries.filter((e) => e.name === name);
  if (matches.some((a, i) => matches.slice(i + 1).some((b) => certainlyDifferent(a.identity, b.identity)))) {
    return 'ambiguous';
  }
  if (matches.length > 0) {
    return { found: maybe ? null : (matches[0] ?? null) };
  }
  return maybe ? { found: null } : 'none';
}

/**
 * findTargetlistEntrySQL92: true when the item was settled (found, or reported) as an output
 * name or position; false when it is an expression to bind over the input columns.
 */
function findSql92(node: unknown, clause: Clause, list: TargetList, level: Level, ctx: BindContext): boolean {
  const cr = nodeAs<ColumnRef>(node, 'ColumnRef');
  const field = cr?.fields?.length === 1 ? nodeAs<{ sval?: string }>(cr.fields[0], 'String')?.sval : undefined;
  if (cr && field !== undefined) {
    if (clause === 'GROUP BY') {
      // an input column of this level wins (colNameToVar, local only); its errors are SQL99's
      const local = countAtLevel(level, field);
      if (local.count > 0 || (local.unknowable && !list.entries.some((e) => e.name === field))) {
        return false;
      }
    }
    const r = lookupName(list, field);
    if (r === 'ambiguous') {
      ambiguousClauseName(ctx, clause, field, cr.location);
      return true;
    }
    if (r === 'none') {
      return false;
    }
    if (clause === 'GROUP BY' && r.found) {
      checkGroupedEntry(r.found, ctx);
    }
    return true;
  }
  const aconst = nodeAs<{ ival?: { ival?: number }; location?: number }>(node, 'A_Const');
  if (aconst) {
    if (aconst.ival === undefined) {
      nonIntegerConstant(ctx, clause, aconst.location);
      return true;
    }
    const position = aconst.ival.ival ?? 0;
    const entry = list.entries[position - 1];
    if (entry && position >= 1) {
      if (clause === 'GROUP BY') {
        checkGroupedEntry(entry, ctx);
      }
    } else if (list.complete) {
      positionNotInSelectList(ctx, clause, position, aconst.location);
    }
    return true;
  }
  return false;
}

/** checkTargetlistEntrySQL92: GROUP BY may not name an output column holding an aggregate or window function. */
function checkGroupedEntry(entry: Entry, ctx: BindContext): void {
  const agg = findCall(entry.expr, (fn) => !fn.over && isAggregate(fn, ctx));
  if (agg) {
    aggregateInGroupBy(ctx, agg.location);
    return;
  }
  const win = findCall(entry.expr, (fn) => fn.over !== undefined);
  if (win) {
    windowFunctionInGroupBy(ctx, win.location);
  }
}

function isAggregate(fn: FuncCall, ctx: BindContext): boolean {
  const names = strings(fn.funcname);
  const name = names[names.length - 1] ?? '';
  if (ctx.schema.hasDocumentFunction(name)) {
    return false;
  }
  const found = ctx.schema.lookupFunctions(names.length > 1 ? names[0] : undefined, name);
  return !!found && found.length > 0 && found.every((f) => f.kind === 'aggregate');
}

/** The first call of this query level (sub-selects are their own levels) that `test` accepts. */
function findCall(node: unknown, test: (fn: FuncCall) => boolean): FuncCall | undefined {
  if (node === null || typeof node !== 'object') {
    return undefined;
  }
  if (Array.isArray(node)) {
    for (const n of node) {
      const hit = findCall(n, test);
      if (hit) {
        return hit;
      }
    }
    return undefined;
  }
  for (const [kind, value] of Object.entries(node as Record<string, unknown>)) {
    if (kind === 'SubLink' || kind === 'SelectStmt') {
      continue;
    }
    if (kind === 'FuncCall' && test(value as FuncCall)) {
      return value as FuncCall;
    }
    const hit = findCall(value, test);
    if (hit) {
      return hit;
    }
  }
  return undefined;
}

/** exprLocation of the analysed expression: its leftmost token. */
export function leftmostLocation(node: unknown): number | undefined {
  let best: number | undefined;
  const walk = (n: unknown): void => {
    if (n === null || typeof n !== 'object') {
      return;
    }
    for (const [k, v] of Object.entries(n as Record<string, unknown>)) {
      if (k === 'location' && typeof v === 'number' && v >= 0) {
        best = best === undefined ? v : Math.min(best, v);
      } else if (k !== 'SelectStmt') {
        walk(v);
      }
    }
  };
  walk(node);
  return best;
}

/** GROUP BY items as transformGroupClause sees them: grouping sets and `(a, b)` rows flattened. */
function groupItems(nodes: unknown[] | undefined): unknown[] {
  const out: unknown[] = [];
  for (const n of nodes ?? []) {
    const set = nodeAs<{ content?: unknown[] }>(n, 'GroupingSet');
    const row = nodeAs<{ args?: unknown[]; row_format?: string }>(n, 'RowExpr');
    if (set) {
      out.push(...groupItems(set.content));
    } else if (row && row.row_format === 'COERCE_IMPLICIT_CAST') {
      out.push(...groupItems(row.args));
    } else {
      out.push(n);
    }
  }
  return out;
}

/** ORDER BY, GROUP BY, DISTINCT ON / DISTINCT of a plain SELECT, in transformSelectStmt's order. */
export function bindSortGroupDistinct(stmt: SelectStmt, level: Level, ctx: BindContext): void {
  const list = targetListOf(stmt.targetList ?? [], level);
  const sortSql99: unknown[] = [];
  for (const s of stmt.sortClause ?? []) {
    const node = nodeAs<SortBy>(s, 'SortBy')?.node;
    if (!findSql92(node, 'ORDER BY', list, level, ctx)) {
      const before = ctx.problems.length;
      ctx.binder.expr(node, level, ctx);
      if (ctx.problems.length === before) {
        sortSql99.push(node);
      }
    }
  }
  for (const item of groupItems(stmt.groupClause)) {
    if (!findSql92(item, 'GROUP BY', list, level, ctx)) {
      ctx.binder.expr(item, level, ctx);
    }
  }
  const distinct = stmt.distinctClause ?? [];
  const plainDistinct = distinct.length === 1 && Object.keys(distinct[0] ?? {}).length === 0;
  if (!plainDistinct) {
    for (const item of distinct) {
      if (!findSql92(item, 'DISTINCT ON', list, level, ctx)) {
        ctx.binder.expr(item, level, ctx);
      }
    }
    return;
  }
  // SELECT DISTINCT: an ORDER BY expression must equal an output column
  for (const node of sortSql99) {
    const id = identityOf(node, level);
    if ((id.kind === 'column' || id.kind === 'other') && list.complete && list.entries.every((e) => certainlyDifferent(id, e.identity))) {
      distinctOrderByNotInSelectList(ctx, leftmostLocation(node));
      return;
    }
  }
}

/**
 * ORDER BY of UNION / INTERSECT / EXCEPT: output names and positions only; an expression over
 * the output columns binds (so its errors come first) and is then refused.
 */
export function bindSetOperationSort(sortClause: unknown[] | undefined, outputs: Columns, level: Level, ctx: BindContext): void {
  if (outputs === null) {
    return;
  }
  const rte = pseudoRte('', outputs);
  const list: TargetList = { entries: outputs.map((name, i) => ({ name, expr: null, identity: { kind: 'column', rte, column: String(i) } })), complete: true };
  for (const s of sortClause ?? []) {
    const node = nodeAs<SortBy>(s, 'SortBy')?.node;
    if (findSql92(node, 'ORDER BY', list, level, ctx)) {
      continue;
    }
    const before = ctx.problems.length;
    // the output columns are visible to the expression (a join RTE in PostgreSQL), under no name
    const item: NsItem = { rte, refname: '', relVisible: false, colsVisible: true, lateralOnly: false };
    level.namespace.push(item);
    ctx.binder.expr(node, level, ctx);
    level.namespace.splice(level.namespace.indexOf(item), 1);
    if (ctx.problems.length === before && !level.rtables().some((rt) => rt.some((r) => r.opaque))) {
      invalidSetOperationOrderBy(ctx, leftmostLocation(node));
    }
  }
}
