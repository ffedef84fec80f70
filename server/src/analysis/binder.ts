/**
 * Name resolution for queries, in the order PostgreSQL's parse analysis does it
 * (analyze.c transformSelectStmt, parse_clause.c transformFromClauseItem): WITH, FROM (with
 * JOIN … ON seeing only the join's inputs, LATERAL seeing earlier items), target list, WHERE,
 * HAVING, ORDER BY, GROUP BY, DISTINCT ON, LIMIT, WINDOW. Returns each query's output
 * column names (or null when they cannot be known) so subqueries, CTEs and views compose.
 */
import type { Alias, CommonTableExpr, FuncCall, JoinExpr, RangeFunction, RangeSubselect, RangeVar, ResTarget, SelectStmt, SortBy, SubLink, WithClause } from 'libpg-query';
import { BindContext, nodeAs, strings } from './bindContext';
import { bindDml } from './binderDml';
import { levenshtein } from './fuzzyMatch';
import { Level, columnsOf, pseudoRte, type NsItem, type Rte } from './scope';
import { resolveColumnRef, type ColumnRefOptions } from './unknownColumn';
import { quoteIdentifier } from '../parser';

/** Output columns of a query, or null when unknowable. */
export type Columns = string[] | null;

/** Binds any query-like statement (SELECT, INSERT, UPDATE, DELETE, MERGE) in `level`. */
export function bindQuery(node: unknown, level: Level, ctx: BindContext): Columns {
  const select = nodeAs<SelectStmt>(node, 'SelectStmt');
  if (select) {
    return bindSelect(select, level, ctx);
  }
  return bindDml(node, level, ctx);
}

export function bindWith(withClause: WithClause | undefined, level: Level, ctx: BindContext): void {
  if (!withClause) {
    return;
  }
  const ctes = (withClause.ctes ?? []).map((n) => nodeAs<CommonTableExpr>(n, 'CommonTableExpr')).filter((c) => c !== undefined);
  if (withClause.recursive) {
    // every CTE of WITH RECURSIVE sees every other (and itself) while being analysed; its
    // columns come from its alias list, else from the non-recursive branch
    for (const cte of ctes) {
      const alias = strings(cte.aliascolnames);
      let columns: Columns = alias.length > 0 ? alias : null;
      const select = nodeAs<SelectStmt>(cte.ctequery, 'SelectStmt');
      if (columns === null && select?.op === 'SETOP_UNION' && select.larg) {
        columns = bindSelect(select.larg, level.child(), new BindContext(ctx.statement, ctx.schema));
      }
      level.ctes.set(cte.ctename ?? '', { name: cte.ctename ?? '', columns: [...(columns ?? []), ...searchCycleColumns(cte)], opaque: columns === null });
    }
  }
  for (const cte of ctes) {
    const out = bindQuery(cte.ctequery, level.child(), ctx);
    const alias = strings(cte.aliascolnames);
    const columns = out === null ? alias : [...alias, ...out.slice(alias.length), ...searchCycleColumns(cte)];
    level.ctes.set(cte.ctename ?? '', { name: cte.ctename ?? '', columns, opaque: out === null });
  }
}

/** SEARCH … SET seq and CYCLE … SET mark USING path add columns to a recursive CTE. */
function searchCycleColumns(cte: CommonTableExpr): string[] {
  const search = cte.search_clause?.search_seq_column;
  const cycle = cte.cycle_clause;
  return [search, cycle?.cycle_mark_column, cycle?.cycle_path_column].filter((c): c is string => typeof c === 'string');
}

export function bindSelect(stmt: SelectStmt, level: Level, ctx: BindContext): Columns {
  bindWith(stmt.withClause, level, ctx);
  if (stmt.op && stmt.op !== 'SETOP_NONE') {
    return bindSetOperation(stmt, level, ctx);
  }
  if (stmt.valuesLists) {
    for (const row of stmt.valuesLists) {
      bindExpr(row, level, ctx);
    }
    const first = nodeAs<{ items?: unknown[] }>(stmt.valuesLists[0], 'List')?.items ?? [];
    return first.map((_, i) => `column${i + 1}`);
  }
  bindFromClause(stmt.fromClause ?? [], level, ctx);
  const output = bindTargetList(stmt.targetList ?? [], level, ctx);
  level.outputNames = output ?? [];
  bindExpr(stmt.whereClause, level, ctx);
  bindExpr(stmt.havingClause, level, ctx);
  for (const s of stmt.sortClause ?? []) {
    bindExpr(nodeAs<SortBy>(s, 'SortBy')?.node, level, ctx, { outputNamesOk: true });
  }
  bindExpr(stmt.groupClause, level, ctx, { outputNamesOk: true });
  bindExpr(stmt.distinctClause, level, ctx, { outputNamesOk: true });
  bindExpr(stmt.limitOffset, level, ctx);
  bindExpr(stmt.limitCount, level, ctx);
  bindExpr(stmt.windowClause, level, ctx);
  checkLockedRelations(stmt.lockingClause, level, ctx);
  return output;
}

const lockStrength: Record<string, string> = {
  LCS_FORKEYSHARE: 'FOR KEY SHARE',
  LCS_FORSHARE: 'FOR SHARE',
  LCS_FORNOKEYUPDATE: 'FOR NO KEY UPDATE',
  LCS_FORUPDATE: 'FOR UPDATE',
};

/** transformLockingClause: FOR UPDATE OF names entries of this query's FROM. */
function checkLockedRelations(clauses: unknown[] | undefined, level: Level, ctx: BindContext): void {
  for (const c of clauses ?? []) {
    const lock = nodeAs<{ lockedRels?: unknown[]; strength?: string }>(c, 'LockingClause');
    for (const r of lock?.lockedRels ?? []) {
      const rv = nodeAs<RangeVar>(r, 'RangeVar');
      if (!rv || rv.schemaname !== undefined || rv.catalogname !== undefined) {
        continue;
      }
      const name = rv.relname ?? '';
      // (a JOIN … USING … AS name is found too: PostgreSQL then refuses it for another reason)
      const found = level.rtable.some((rte) => rte.aliasname === name && (!rte.isJoin || rte.hasAlias)) || level.namespace.some((n) => n.refname === name);
      if (!found) {
        const start = ctx.offset(rv.location);
        ctx.report({
          code: '42P01',
          message: `relation "${name}" in ${lockStrength[lock?.strength ?? ''] ?? 'FOR UPDATE'} clause not found in FROM clause`,
          start,
          end: start + extentOfName(ctx, rv.location),
          fixes: [],
        });
      }
    }
  }
}

/** A set-operation branch with its own ORDER BY, LIMIT, locking or WITH is analysed as a whole. */
function isSetOpLeaf(stmt: SelectStmt): boolean {
  return !stmt.op || stmt.op === 'SETOP_NONE' || !!(stmt.sortClause || stmt.limitOffset || stmt.limitCount || stmt.lockingClause || stmt.withClause);
}

/**
 * transformSetOperationTree: every leaf is its own query level under this one, and leaves
 * enter this level's range table as "*SELECT* n" (in reach of the fuzzy search, as in
 * PostgreSQL); ORDER BY sees only the output names.
 */
function bindSetOperation(stmt: SelectStmt, level: Level, ctx: BindContext): Columns {
  const leaves: SelectStmt[] = [];
  const collect = (s: SelectStmt | undefined): void => {
    if (!s) {
      return;
    }
    if (isSetOpLeaf(s)) {
      leaves.push(s);
    } else {
      collect(s.larg);
      collect(s.rarg);
    }
  };
  collect(stmt.larg);
  collect(stmt.rarg);
  let first: Columns = null;
  leaves.forEach((leaf, i) => {
    const out = bindSelect(leaf, level.child(), ctx);
    if (i === 0) {
      first = out;
    }
    level.rtable.push(pseudoRte(`*SELECT* ${level.rtable.length + 1}`, out));
  });
  level.outputNames = first ?? [];
  for (const s of stmt.sortClause ?? []) {
    const node = nodeAs<SortBy>(s, 'SortBy')?.node;
    const cr = nodeAs<{ fields?: unknown[] }>(node, 'ColumnRef');
    if (cr && first !== null && cr.fields?.length === 1) {
      bindExpr(node, level, ctx, { outputNamesOk: true });
    }
  }
  return first;
}

/** Output names, as FigureColname would name them; null when a `*` or a name is unknowable. */
export function bindTargetList(targets: unknown[], level: Level, ctx: BindContext): Columns {
  let out: string[] | null = [];
  for (const t of targets) {
    const rt = nodeAs<ResTarget>(t, 'ResTarget');
    if (!rt) {
      continue;
    }
    bindExpr(rt.val, level, ctx);
    if (out === null) {
      continue;
    }
    if (rt.name !== undefined) {
      out.push(rt.name);
      continue;
    }
    const star = starColumns(rt.val, level);
    if (star !== undefined) {
      out = star === null ? null : [...out, ...star];
      continue;
    }
    const name = figureColname(rt.val);
    out = name === null ? null : [...out, name];
  }
  return out;
}

function starColumns(val: unknown, level: Level): Columns | undefined {
  const cr = nodeAs<{ fields?: unknown[] }>(val, 'ColumnRef');
  const fields = cr?.fields ?? [];
  if (!cr || !nodeAs(fields[fields.length - 1], 'A_Star')) {
    return undefined;
  }
  const quals = strings(fields);
  const items = level.namespace.filter((i) => (quals.length === 0 ? i.colsVisible : i.relVisible && i.refname === quals[quals.length - 1]));
  if (items.length === 0 || items.some((i) => i.rte.opaque && !i.columnsOverride)) {
    return null;
  }
  return items.flatMap((i) => [...columnsOf(i)]);
}

/** FigureColname (parse_target.c) for the expressions whose name is certain. */
function figureColname(node: unknown): string | null {
  const cr = nodeAs<{ fields?: unknown[] }>(node, 'ColumnRef');
  if (cr) {
    const names = strings(cr.fields);
    return names[names.length - 1] ?? null;
  }
  const fn = nodeAs<FuncCall>(node, 'FuncCall');
  if (fn) {
    const names = strings(fn.funcname);
    return names[names.length - 1] ?? null;
  }
  const cast = nodeAs<{ arg?: unknown; typeName?: { names?: unknown[] } }>(node, 'TypeCast');
  if (cast) {
    const inner = figureColname(cast.arg);
    if (inner !== '?column?') {
      return inner;
    }
    const names = strings(cast.typeName?.names);
    const last = names[names.length - 1];
    return last === undefined ? null : last;
  }
  const sub = nodeAs<SubLink>(node, 'SubLink');
  if (sub) {
    if (sub.subLinkType === 'EXISTS_SUBLINK') {
      return 'exists';
    }
    if (sub.subLinkType === 'ARRAY_SUBLINK') {
      return 'array';
    }
    if (sub.subLinkType === 'EXPR_SUBLINK') {
      const first = nodeAs<ResTarget>(nodeAs<SelectStmt>(sub.subselect, 'SelectStmt')?.targetList?.[0], 'ResTarget');
      return first?.name ?? (first ? figureColname(first.val) : null);
    }
    return '?column?';
  }
  for (const [kind, name] of [['CaseExpr', 'case'], ['A_ArrayExpr', 'array'], ['CoalesceExpr', 'coalesce'], ['RowExpr', 'row']] as const) {
    if (nodeAs(node, kind)) {
      return name;
    }
  }
  if (nodeAs(node, 'A_Const') || nodeAs(node, 'A_Expr') || nodeAs(node, 'BoolExpr') || nodeAs(node, 'ParamRef') || nodeAs(node, 'NullTest')) {
    return '?column?';
  }
  return null;
}

/** Walks an expression tree: resolves column references, binds sub-queries one level down. */
export function bindExpr(node: unknown, level: Level, ctx: BindContext, options: ColumnRefOptions = {}): void {
  if (node === null || typeof node !== 'object') {
    return;
  }
  if (Array.isArray(node)) {
    for (const n of node) {
      bindExpr(n, level, ctx, options);
    }
    return;
  }
  for (const [kind, value] of Object.entries(node as Record<string, unknown>)) {
    if (value === null || typeof value !== 'object') {
      continue;
    }
    if (kind === 'ColumnRef') {
      resolveColumnRef(value, level, ctx, options);
    } else if (kind === 'SubLink') {
      const sub = value as SubLink;
      bindExpr(sub.testexpr, level, ctx);
      bindQuery(sub.subselect, level.child(), ctx);
    } else if (kind === 'SelectStmt') {
      bindSelect(value as SelectStmt, level.child(), ctx);
    } else if (kind === 'GroupingSet') {
      bindExpr((value as { content?: unknown[] }).content, level, ctx, options);
    } else if (kind === 'WindowDef' || kind === 'SortBy' || kind === 'List') {
      bindExpr(value, level, ctx, kind === 'WindowDef' ? {} : options);
    } else {
      // the option only applies to a bare name directly in the clause, not inside expressions
      bindExpr(value, level, ctx, {});
    }
  }
}

/** transformFromClause: binds each item; earlier items are visible to later LATERAL ones. */
export function bindFromClause(items: unknown[], level: Level, ctx: BindContext): NsItem[] {
  const added: NsItem[] = [];
  for (const item of items) {
    const ns = bindFromItem(item, level, ctx);
    checkNameConflicts(added, ns, ctx);
    for (const n of ns) {
      n.lateralOnly = true;
      level.namespace.push(n);
    }
    added.push(...ns);
  }
  for (const n of added) {
    n.lateralOnly = false;
  }
  return added;
}

/** checkNameSpaceConflicts: two FROM entries answering to the same name (42712). */
function checkNameConflicts(existing: NsItem[], added: NsItem[], ctx: BindContext): void {
  for (const a of added) {
    const clash = existing.find(
      (e) =>
        e.relVisible &&
        a.relVisible &&
        e.refname === a.refname &&
        // two different tables of the same name in different schemas, unaliased, are fine
        !(e.rte.kind === 'relation' && a.rte.kind === 'relation' && !e.rte.hasAlias && !a.rte.hasAlias && e.rte.relationSchema !== a.rte.relationSchema),
    );
    if (clash) {
      // PostgreSQL gives no cursor here; the second occurrence is the useful place
      const start = ctx.offset(a.location);
      ctx.report({ code: '42712', message: `table name "${a.refname}" specified more than once`, start, end: start + a.refname.length, fixes: [] });
      ctx.stop();
    }
  }
}

/** buildRelationAliases: more column aliases than columns (PostgreSQL gives no cursor). */
function checkAliasCount(available: number, alias: Alias | undefined, ctx: BindContext, location: number | undefined): void {
  const given = strings(alias?.colnames).length;
  if (alias && given > available) {
    const start = ctx.offset(location);
    ctx.report({
      code: '42P10',
      message: `table "${alias.aliasname ?? ''}" has ${available} columns available but ${given} columns specified`,
      start,
      end: start + extentOfName(ctx, location),
      fixes: [],
    });
    ctx.stop();
  }
}

function extentOfName(ctx: BindContext, location: number | undefined): number {
  const m = /^("(?:[^"]|"")*"|[^\s.,;()"]+)/.exec(ctx.statement.text.slice(ctx.localOffset(location)));
  return m ? m[0].length : 0;
}

function applyAlias(columns: string[], alias: Alias | undefined): string[] {
  const names = strings(alias?.colnames);
  return [...names, ...columns.slice(names.length)];
}

function makeItem(rte: Rte, refname: string, schema?: string): NsItem {
  return { rte, refname, schema, relVisible: true, colsVisible: true, lateralOnly: false };
}

function bindFromItem(node: unknown, level: Level, ctx: BindContext): NsItem[] {
  const rv = nodeAs<RangeVar>(node, 'RangeVar');
  if (rv) {
    return [bindRangeVar(rv, level, ctx)];
  }
  const sub = nodeAs<RangeSubselect>(node, 'RangeSubselect');
  if (sub) {
    level.lateralActive = sub.lateral === true;
    const child = level.child();
    const out = bindQuery(sub.subquery, child, ctx);
    level.lateralActive = false;
    const aliasname = sub.alias?.aliasname ?? 'unnamed_subquery';
    const rte: Rte = { kind: 'subquery', aliasname, columns: applyAlias(out ?? [], sub.alias), opaque: out === null, hasSystemColumns: false, isJoin: false, hasAlias: sub.alias !== undefined };
    level.rtable.push(rte);
    const item = makeItem(rte, aliasname);
    item.relVisible = sub.alias !== undefined;
    return [item];
  }
  const fn = nodeAs<RangeFunction>(node, 'RangeFunction');
  if (fn) {
    return [bindRangeFunction(fn, level, ctx)];
  }
  const join = nodeAs<JoinExpr>(node, 'JoinExpr');
  if (join) {
    return bindJoin(join, level, ctx);
  }
  const sample = nodeAs<{ relation?: unknown; args?: unknown[]; repeatable?: unknown }>(node, 'RangeTableSample');
  if (sample) {
    const items = bindFromItem(sample.relation, level, ctx);
    bindExpr(sample.args, level, ctx);
    bindExpr(sample.repeatable, level, ctx);
    return items;
  }
  // XMLTABLE, JSON_TABLE, …: columns not modelled, so nothing may be concluded
  const aliasname = nodeAs<{ alias?: Alias }>(node, 'RangeTableFunc')?.alias?.aliasname ?? nodeAs<{ alias?: Alias }>(node, 'JsonTable')?.alias?.aliasname ?? '';
  const rte: Rte = { kind: 'function', aliasname, columns: [], opaque: true, hasSystemColumns: false, isJoin: false, hasAlias: true };
  level.rtable.push(rte);
  return [makeItem(rte, aliasname)];
}

export function bindRangeVar(rv: RangeVar, level: Level, ctx: BindContext): NsItem {
  const name = rv.relname ?? '';
  const aliasname = rv.alias?.aliasname ?? name;
  const cte = rv.schemaname === undefined ? level.findCte(name) : undefined;
  let rte: Rte;
  if (cte) {
    rte = { kind: 'cte', aliasname, columns: applyAlias(cte.columns, rv.alias), opaque: cte.opaque, hasSystemColumns: false, isJoin: false, hasAlias: rv.alias !== undefined };
  } else {
    const found = ctx.schema.lookupRelation(rv.schemaname, name);
    if (found.kind === 'found') {
      const r = found.relation;
      if (!r.opaque) {
        checkAliasCount(r.columns.length, rv.alias, ctx, rv.location);
      }
      rte = {
        kind: 'relation',
        aliasname,
        columns: applyAlias(r.columns, rv.alias),
        opaque: r.opaque,
        hasSystemColumns: r.hasSystemColumns,
        isJoin: false,
        hasAlias: rv.alias !== undefined,
        relationName: r.name,
        relationSchema: r.schema,
        uncertain: r.uncertain,
      };
    } else {
      if (found.kind === 'missing') {
        reportMissingRelation(rv, ctx);
      }
      rte = { kind: 'relation', aliasname, columns: [], opaque: true, hasSystemColumns: true, isJoin: false, hasAlias: rv.alias !== undefined, relationName: name };
    }
  }
  level.rtable.push(rte);
  const item = makeItem(rte, aliasname, rv.alias ? undefined : (rte.relationSchema ?? rv.schemaname));
  item.location = rv.location;
  return item;
}

function reportMissingRelation(rv: RangeVar, ctx: BindContext): void {
  const start = ctx.offset(rv.location);
  const text = ctx.statement.text;
  const local = ctx.localOffset(rv.location);
  const display = rv.schemaname ? `${rv.schemaname}.${rv.relname ?? ''}` : (rv.relname ?? '');
  // the range ends after the last name part (the relation itself)
  let end = local;
  const re = /("(?:[^"]|"")*"|[^\s.,;()"]+)(\s*\.\s*("(?:[^"]|"")*"|[^\s.,;()"]+))*/y;
  re.lastIndex = local;
  const m = re.exec(text);
  end = m ? local + m[0].length : local + display.length;
  const nameStart = m ? local + m[0].length - (m[3] ?? m[1] ?? '').length : local;
  const candidates = ctx.schema
    .relationCandidates(rv.schemaname)
    .map((c) => ({ c, d: levenshtein(c, rv.relname ?? '') }))
    .filter((x) => x.d <= Math.max(3, Math.ceil((rv.relname ?? '').length / 2)))
    .sort((a, b) => a.d - b.d)
    .slice(0, 5);
  ctx.report({
    code: '42P01',
    message: `relation "${display}" does not exist`,
    start,
    end: ctx.statement.span.start + end,
    fixes: candidates.map((x, i) => ({ newText: quoteIdentifier(x.c), name: x.c, start: ctx.statement.span.start + nameStart, end: ctx.statement.span.start + end, preferred: i === 0 })),
  });
}

function bindRangeFunction(fn: RangeFunction, level: Level, ctx: BindContext): NsItem {
  // function arguments may always refer to earlier FROM items (LATERAL is implied)
  level.lateralActive = true;
  let columns: string[] | null = [];
  for (const f of fn.functions ?? []) {
    const pair = nodeAs<{ items?: unknown[] }>(f, 'List')?.items ?? [];
    bindExpr(pair[0], level, ctx);
    const coldefs = (nodeAs<{ items?: unknown[] }>(pair[1], 'List')?.items ?? pair[1] ?? []) as unknown[];
    const defs = (Array.isArray(coldefs) ? coldefs : []).map((c) => nodeAs<{ colname?: string }>(c, 'ColumnDef')?.colname).filter((c) => c !== undefined);
    const call = nodeAs<FuncCall>(pair[0], 'FuncCall');
    let cols: string[] | null = defs.length > 0 ? defs : call ? functionColumns(call, fn, ctx) : null;
    if ((fn.coldeflist?.length ?? 0) > 0) {
      cols = (fn.coldeflist ?? []).map((c) => nodeAs<{ colname?: string }>(c, 'ColumnDef')?.colname ?? '');
    }
    columns = columns === null || cols === null ? null : [...columns, ...cols];
  }
  level.lateralActive = false;
  if (columns !== null && fn.ordinality) {
    columns.push('ordinality');
  }
  const first = nodeAs<FuncCall>(nodeAs<{ items?: unknown[] }>(fn.functions?.[0], 'List')?.items?.[0], 'FuncCall');
  const fname = strings(first?.funcname).at(-1) ?? '';
  if (columns !== null && (fn.coldeflist?.length ?? 0) === 0) {
    checkAliasCount(columns.length, fn.alias, ctx, first?.location);
  }
  const aliasname = fn.alias?.aliasname ?? fname;
  const rte: Rte = { kind: 'function', aliasname, columns: applyAlias(columns ?? [], fn.alias), opaque: columns === null, hasSystemColumns: false, isJoin: false, hasAlias: fn.alias !== undefined };
  level.rtable.push(rte);
  return makeItem(rte, aliasname);
}

/** Result columns of a function in FROM, from the catalog; null when not certain. */
function functionColumns(call: FuncCall, fn: RangeFunction, ctx: BindContext): string[] | null {
  const names = strings(call.funcname);
  const name = names[names.length - 1] ?? '';
  const candidates = ctx.schema.lookupFunctions(names.length > 1 ? names[0] : undefined, name);
  if (!candidates || candidates.length === 0) {
    return null;
  }
  let result: string[] | null | undefined;
  for (const c of candidates) {
    let cols: string[] | null;
    if (c.resultColumns) {
      cols = c.resultColumns.map((r) => r.name);
    } else if (/record|\bany|^(SETOF\s+)?[\w.]*\.|^TABLE/i.test(c.result) || ctx.schema.catalog?.types.some((t) => t.kind === 'c' && t.name === c.result.replace(/^SETOF\s+/i, ''))) {
      cols = null;
    } else {
      // a scalar result: one column named after the alias, else the function (polymorphic
      // results such as anyelement were excluded above: a composite argument expands them)
      cols = [fn.alias?.aliasname ?? name];
    }
    if (result === undefined) {
      result = cols;
    } else if (result === null || cols === null || result.join('\u0000') !== cols.join('\u0000')) {
      return null;
    }
  }
  return result ?? null;
}

function bindJoin(join: JoinExpr, level: Level, ctx: BindContext): NsItem[] {
  const left = bindFromItem(join.larg, level, ctx);
  // the left side is visible to a LATERAL right side, legally only through INNER or LEFT
  const lateralOk = join.jointype !== 'JOIN_RIGHT' && join.jointype !== 'JOIN_FULL';
  for (const n of left) {
    n.lateralOnly = true;
    n.lateralOk = lateralOk;
    level.namespace.push(n);
  }
  const right = bindFromItem(join.rarg, level, ctx);
  checkNameConflicts(left, right, ctx);
  for (const n of left) {
    level.namespace.splice(level.namespace.indexOf(n), 1);
    n.lateralOk = undefined;
  }
  const leftCols = joinInputColumns(left);
  const rightCols = joinInputColumns(right);
  let merged: string[] = strings(join.usingClause);
  if (join.isNatural) {
    merged = leftCols && rightCols ? leftCols.filter((c) => rightCols.includes(c)) : [];
  } else {
    checkUsingColumns(merged, leftCols, rightCols, ctx);
  }
  const opaque = leftCols === null || rightCols === null;
  const columns = opaque ? [] : [...merged, ...leftCols.filter((c) => !merged.includes(c)), ...rightCols.filter((c) => !merged.includes(c))];
  const aliasname = join.alias?.aliasname ?? 'unnamed_join';
  const rte: Rte = { kind: 'join', aliasname, columns: applyAlias(columns, join.alias), opaque, hasSystemColumns: false, isJoin: true, hasAlias: join.alias !== undefined };
  level.rtable.push(rte);
  // ON sees only the join's own inputs (and outer query levels)
  const saved = level.namespace.splice(0);
  level.namespace.push(...left, ...right);
  for (const n of [...left, ...right]) {
    n.lateralOnly = false;
  }
  bindExpr(join.quals, level, ctx);
  level.namespace.splice(0, level.namespace.length, ...saved);
  const inner = join.alias ? [] : [...left, ...right];
  for (const n of inner) {
    n.colsVisible = false;
  }
  const jitem = makeItem(rte, aliasname);
  jitem.relVisible = join.alias !== undefined;
  const extra: NsItem[] = [];
  if (join.join_using_alias?.aliasname !== undefined) {
    // `JOIN … USING (a) AS x`: x names the merged columns only
    const usingRte: Rte = { ...rte, aliasname: join.join_using_alias.aliasname, columns: merged, opaque: false };
    extra.push({ rte: usingRte, refname: usingRte.aliasname, relVisible: true, colsVisible: false, lateralOnly: false });
  }
  return [...inner, ...extra, jitem];
}

/** transformJoinUsingClause: each USING name once on each side (PostgreSQL gives no cursor). */
function checkUsingColumns(names: string[], leftCols: string[] | null, rightCols: string[] | null, ctx: BindContext): void {
  for (const name of names) {
    for (const [side, cols] of [['left', leftCols], ['right', rightCols]] as const) {
      if (cols === null) {
        continue;
      }
      const n = cols.filter((c) => c === name).length;
      if (n === 1) {
        continue;
      }
      const where = usingNameOffset(ctx, name);
      ctx.report(
        n === 0
          ? { code: '42703', message: `column "${name}" specified in USING clause does not exist in ${side} table`, ...where, fixes: [] }
          : { code: '42702', message: `common column name "${name}" appears more than once in ${side} table`, ...where, fixes: [] },
      );
      ctx.stop();
      return;
    }
  }
}

/** Where a USING column is written (the parse tree keeps no location for it). */
function usingNameOffset(ctx: BindContext, name: string): { start: number; end: number } {
  const text = ctx.statement.text;
  const all = /\busing\s*\(([^)]*)\)/gi;
  for (let m = all.exec(text); m; m = all.exec(text)) {
    const inner = m[1]!;
    const at = inner.search(new RegExp(`(^|[\\s,"])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[\\s,"])`));
    if (at >= 0) {
      const local = m.index + m[0].indexOf('(') + 1 + at + (/[\s,"]/.test(inner[at]!) ? 1 : 0);
      return { start: ctx.statement.span.start + local, end: ctx.statement.span.start + local + name.length };
    }
  }
  return { start: ctx.statement.span.start, end: ctx.statement.span.start };
}

/** The columns a join input contributes: its last cols-visible entry (the inner join's own), or the base entry. */
function joinInputColumns(items: NsItem[]): string[] | null {
  const visible = items.filter((i) => i.colsVisible);
  if (visible.some((i) => i.rte.opaque && !i.columnsOverride)) {
    return null;
  }
  return visible.flatMap((i) => [...columnsOf(i)]);
}
