/**
 * FROM-clause items, as parse_clause.c transformFromClauseItem builds them: relations (from
 * the catalog, the document or a CTE), subqueries, table functions, joins with their ON /
 * USING / NATURAL rules, and the errors PostgreSQL raises while building them (missing
 * relation, duplicate names, too many column aliases, bad USING names).
 */
import type { Alias, FuncCall, JoinExpr, RangeFunction, RangeSubselect, RangeVar } from 'libpg-query';
import { BindContext, nodeAs, strings } from './bindContext';
import { ambiguousUsingColumn } from '../checks/ambiguousColumn';
import { duplicateTableName } from '../checks/duplicateAlias';
import { tooManyColumnAliases } from '../checks/invalidColumnReference';
import { undefinedUsingColumn } from '../checks/undefinedColumn';
import { undefinedRelation } from '../checks/undefinedTable';
import { Level, columnsOf, type NsItem, type Rte } from './scope';

/**
 * transformFromClause: binds each item; earlier items are visible to later LATERAL ones. Names
 * may not clash with each other nor with `besides` (the UPDATE / DELETE target).
 */
export function bindFromClause(items: unknown[], level: Level, ctx: BindContext, besides: NsItem[] = []): NsItem[] {
  const added: NsItem[] = [];
  for (const item of items) {
    const ns = bindFromItem(item, level, ctx);
    checkNameConflicts([...besides, ...added], ns, ctx);
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
      duplicateTableName(ctx, a);
      ctx.stop();
    }
  }
}

/** buildRelationAliases: more column aliases than columns (PostgreSQL gives no cursor). */
function checkAliasCount(available: number, alias: Alias | undefined, ctx: BindContext, location: number | undefined): void {
  const given = strings(alias?.colnames).length;
  if (alias && given > available) {
    const start = ctx.offset(location);
    tooManyColumnAliases(ctx, alias.aliasname ?? '', available, given, { start, end: start + ctx.nameLength(location) });
    ctx.stop();
  }
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
    const out = ctx.binder.query(sub.subquery, child, ctx);
    level.lateralActive = false;
    const aliasname = sub.alias?.aliasname ?? 'unnamed_subquery';
    if (out !== null && strings(sub.alias?.colnames).length > out.length) {
      // buildRelationAliases; the parse tree keeps no location for a subquery's alias
      tooManyColumnAliases(ctx, aliasname, out.length, strings(sub.alias?.colnames).length, ctx.findName(aliasname));
      ctx.stop();
    }
    const rte: Rte = {
      kind: 'subquery',
      aliasname,
      columns: applyAlias(out ?? [], sub.alias),
      opaque: out === null,
      hasSystemColumns: false,
      isJoin: false,
      hasAlias: sub.alias !== undefined,
    };
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
    ctx.binder.expr(sample.args, level, ctx);
    ctx.binder.expr(sample.repeatable, level, ctx);
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
    rte = {
      kind: 'cte',
      aliasname,
      columns: applyAlias(cte.columns, rv.alias),
      opaque: cte.opaque,
      hasSystemColumns: false,
      isJoin: false,
      hasAlias: rv.alias !== undefined,
    };
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
        undefinedRelation(rv, ctx);
      }
      rte = {
        kind: 'relation',
        aliasname,
        columns: [],
        opaque: true,
        hasSystemColumns: true,
        isJoin: false,
        hasAlias: rv.alias !== undefined,
        relationName: name,
      };
    }
  }
  level.rtable.push(rte);
  const item = makeItem(rte, aliasname, rv.alias ? undefined : (rte.relationSchema ?? rv.schemaname));
  item.location = rv.location;
  return item;
}

function bindRangeFunction(fn: RangeFunction, level: Level, ctx: BindContext): NsItem {
  // function arguments may always refer to earlier FROM items (LATERAL is implied)
  level.lateralActive = true;
  let columns: string[] | null = [];
  for (const f of fn.functions ?? []) {
    const pair = nodeAs<{ items?: unknown[] }>(f, 'List')?.items ?? [];
    ctx.binder.expr(pair[0], level, ctx);
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
  const rte: Rte = {
    kind: 'function',
    aliasname,
    columns: applyAlias(columns ?? [], fn.alias),
    opaque: columns === null,
    hasSystemColumns: false,
    isJoin: false,
    hasAlias: fn.alias !== undefined,
  };
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
    } else if (
      /record|\bany|^(SETOF\s+)?[\w.]*\.|^TABLE/i.test(c.result) ||
      ctx.schema.catalog?.types.some((t) => t.kind === 'c' && t.name === c.result.replace(/^SETOF\s+/i, ''))
    ) {
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
  const rte: Rte = {
    kind: 'join',
    aliasname,
    columns: applyAlias(columns, join.alias),
    opaque,
    hasSystemColumns: false,
    isJoin: true,
    hasAlias: join.alias !== undefined,
  };
  level.rtable.push(rte);
  // ON sees only the join's own inputs (and outer query levels)
  const saved = level.namespace.splice(0);
  level.namespace.push(...left, ...right);
  for (const n of [...left, ...right]) {
    n.lateralOnly = false;
  }
  ctx.binder.expr(join.quals, level, ctx);
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
    for (const [side, cols] of [
      ['left', leftCols],
      ['right', rightCols],
    ] as const) {
      if (cols === null) {
        continue;
      }
      const n = cols.filter((c) => c === name).length;
      if (n === 1) {
        continue;
      }
      const where = usingNameOffset(ctx, name);
      if (n === 0) {
        undefinedUsingColumn(ctx, name, side, where);
      } else {
        ambiguousUsingColumn(ctx, name, side, where);
      }
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
