/**
 * INSERT / UPDATE / DELETE / MERGE, following analyze.c: the target relation sits in the
 * range table (so the "Perhaps you meant" search sees it) but is visible only where
 * PostgreSQL makes it visible; column lists and SET targets raise
 * `column "x" of relation "t" does not exist` (no hint from PostgreSQL: our quick fixes
 * still rank candidates); ON CONFLICT adds `excluded`; RETURNING sees old/new (PG 18).
 */
import type { DeleteStmt, InsertStmt, MergeStmt, MergeWhenClause, RangeVar, ResTarget, ReturningClause, SelectStmt, UpdateStmt } from 'libpg-query';
import { BindContext, nodeAs, type Columns } from './bindContext';
import { bindFromClause, bindRangeVar } from './binderFrom';
import { mergeNameClash } from '../checks/duplicateAlias';
import { duplicateInsertColumn } from '../checks/duplicateColumn';
import { multipleAssignments } from '../checks/syntaxError';
import { undefinedTargetColumn } from '../checks/undefinedColumn';
import { Level, pseudoRte, type NsItem, type Rte } from './scope';

export function bindDml(node: unknown, level: Level, ctx: BindContext): Columns {
  const ins = nodeAs<InsertStmt>(node, 'InsertStmt');
  if (ins) {
    return bindInsert(ins, level, ctx);
  }
  const upd = nodeAs<UpdateStmt>(node, 'UpdateStmt');
  if (upd) {
    ctx.binder.with(upd.withClause, level, ctx);
    const target = addTarget(upd.relation, level, ctx, true);
    fromClauseBesideTarget(upd.fromClause ?? [], target, level, ctx);
    ctx.binder.expr(upd.whereClause, level, ctx);
    const out = bindReturning(upd.returningClause, target, level, ctx);
    bindSetList(upd.targetList ?? [], target, level, ctx);
    return out;
  }
  const del = nodeAs<DeleteStmt>(node, 'DeleteStmt');
  if (del) {
    ctx.binder.with(del.withClause, level, ctx);
    const target = addTarget(del.relation, level, ctx, true);
    fromClauseBesideTarget(del.usingClause ?? [], target, level, ctx);
    ctx.binder.expr(del.whereClause, level, ctx);
    return bindReturning(del.returningClause, target, level, ctx);
  }
  const merge = nodeAs<MergeStmt>(node, 'MergeStmt');
  if (merge) {
    return bindMerge(merge, level, ctx);
  }
  return null;
}

/** UPDATE … FROM / DELETE … USING: a LATERAL item there may not reference the target. */
function fromClauseBesideTarget(items: unknown[], target: NsItem, level: Level, ctx: BindContext): void {
  target.lateralOnly = true;
  target.lateralOk = false;
  bindFromClause(items, level, ctx, [target]);
  target.lateralOnly = false;
  target.lateralOk = undefined;
}

function addTarget(relation: RangeVar | undefined, level: Level, ctx: BindContext, visible: boolean): NsItem {
  const item = bindRangeVar(relation ?? {}, level, ctx);
  item.rte.kind = 'target';
  if (visible) {
    level.namespace.push(item);
  }
  return item;
}

function bindInsert(stmt: InsertStmt, level: Level, ctx: BindContext): Columns {
  ctx.binder.with(stmt.withClause, level, ctx);
  const target = addTarget(stmt.relation, level, ctx, false);
  // checkInsertTargets runs before the source is analysed
  const seen = new Set<string>();
  for (const c of stmt.cols ?? []) {
    const rt = nodeAs<ResTarget>(c, 'ResTarget');
    if (!rt) {
      continue;
    }
    checkTargetColumn(rt, target, ctx, false);
    if (seen.has(rt.name ?? '') && !rt.indirection?.length) {
      duplicateInsertColumn(ctx, rt);
    }
    seen.add(rt.name ?? '');
  }
  const select = nodeAs<SelectStmt>(stmt.selectStmt, 'SelectStmt');
  if (select?.valuesLists && !select.withClause && !select.sortClause && !select.limitCount) {
    // a VALUES list is transformed in the INSERT's own level (target in reach, not visible)
    for (const row of select.valuesLists) {
      ctx.binder.expr(row, level, ctx);
    }
    if (select.valuesLists.length > 1) {
      const first = nodeAs<{ items?: unknown[] }>(select.valuesLists[0], 'List')?.items ?? [];
      level.rtable.push(
        pseudoRte(
          '*VALUES*',
          first.map((_, i) => `column${i + 1}`),
        ),
      );
    }
  } else if (stmt.selectStmt) {
    const out = ctx.binder.query(stmt.selectStmt, level.child(), ctx);
    level.rtable.push(pseudoRte('*SELECT*', out));
  }
  const conflict = stmt.onConflictClause;
  // DO UPDATE's `excluded` enters the range table before the arbiter is analysed (so the
  // arbiter's "Perhaps you meant" may name it), but is visible only in the SET / WHERE part
  const excluded: Rte | null =
    conflict?.action === 'ONCONFLICT_UPDATE' ? { ...target.rte, kind: 'excluded', aliasname: 'excluded', hasSystemColumns: false, hasAlias: true } : null;
  if (excluded) {
    level.rtable.push(excluded);
  }
  if (conflict?.infer) {
    bindArbiter(conflict.infer, target, level, ctx);
  }
  if (conflict && excluded) {
    level.namespace.push(target, { rte: excluded, refname: 'excluded', relVisible: true, colsVisible: false, lateralOnly: false });
    bindSetList(conflict.targetList ?? [], target, level, ctx);
    ctx.binder.expr(conflict.whereClause, level, ctx);
    level.namespace.splice(0);
  }
  return bindReturning(stmt.returningClause, target, level, ctx);
}

/** UPDATE SET / ON CONFLICT DO UPDATE SET / MERGE UPDATE SET: values first, then the names. */
function bindSetList(targets: unknown[], target: NsItem, level: Level, ctx: BindContext): void {
  const seen = new Set<unknown>();
  for (const t of targets) {
    const rt = nodeAs<ResTarget>(t, 'ResTarget');
    const multi = nodeAs<{ source?: unknown }>(rt?.val, 'MultiAssignRef');
    // (a, b) = (select …) repeats one source per column: bind it once
    if (multi) {
      if (!seen.has(multi.source)) {
        seen.add(multi.source);
        ctx.binder.expr(multi.source, level, ctx);
      }
    } else {
      ctx.binder.expr(rt?.val, level, ctx);
    }
  }
  const assigned = new Set<string>();
  for (const t of targets) {
    const rt = nodeAs<ResTarget>(t, 'ResTarget');
    if (!rt) {
      continue;
    }
    checkTargetColumn(rt, target, ctx);
    // the rewriter's check (no cursor from PostgreSQL); subscripts and fields may repeat
    if (!rt.indirection?.length) {
      if (assigned.has(rt.name ?? '')) {
        multipleAssignments(ctx, rt);
      }
      assigned.add(rt.name ?? '');
    }
  }
}

/**
 * ON CONFLICT (…) WHERE …: only the target is visible (name and columns); a bare column
 * that is not there is reported at the inference clause's "(" as PostgreSQL does.
 */
function bindArbiter(infer: { indexElems?: unknown[]; whereClause?: unknown; location?: number }, target: NsItem, level: Level, ctx: BindContext): void {
  const saved = level.namespace.splice(0);
  level.namespace.push(target);
  for (const e of infer.indexElems ?? []) {
    const elem = nodeAs<{ name?: string; expr?: unknown }>(e, 'IndexElem');
    if (elem?.name !== undefined) {
      ctx.binder.expr({ ColumnRef: { fields: [{ String: { sval: elem.name } }], location: infer.location } }, level, ctx);
    } else {
      ctx.binder.expr(elem?.expr, level, ctx);
    }
  }
  ctx.binder.expr(infer.whereClause, level, ctx);
  level.namespace.splice(0, level.namespace.length, ...saved);
}

/** A target column name (INSERT list, SET): exact match against the target relation. */
function checkTargetColumn(rt: ResTarget, target: NsItem, ctx: BindContext, isSet = true): void {
  const name = rt.name ?? '';
  if (target.rte.opaque || target.rte.columns.includes(name) || target.rte.uncertain?.includes(name)) {
    return;
  }
  undefinedTargetColumn(ctx, rt, target, isSet);
}

/** RETURNING: the target plus PostgreSQL 18's old/new (or their WITH aliases). */
function bindReturning(clause: ReturningClause | undefined, target: NsItem, level: Level, ctx: BindContext): Columns {
  if (!clause) {
    return [];
  }
  let oldName = 'old';
  let newName = 'new';
  for (const o of clause.options ?? []) {
    const opt = nodeAs<{ option?: string; value?: string }>(o, 'ReturningOption');
    if (opt?.option === 'RETURNING_OPTION_OLD') {
      oldName = opt.value ?? oldName;
    } else if (opt?.option === 'RETURNING_OPTION_NEW') {
      newName = opt.value ?? newName;
    }
  }
  const saved = level.namespace.splice(0);
  const extra: NsItem[] = [oldName, newName]
    .filter((n) => n !== target.refname)
    .map((refname) => ({ rte: target.rte, refname, relVisible: true, colsVisible: false, lateralOnly: false }));
  level.namespace.push(...saved.filter((n) => n !== target), target, ...extra);
  const out = ctx.binder.targetList(clause.exprs ?? [], level, ctx);
  level.namespace.splice(0, level.namespace.length, ...saved);
  return out;
}

function bindMerge(stmt: MergeStmt, level: Level, ctx: BindContext): Columns {
  ctx.binder.with(stmt.withClause, level, ctx);
  const target = addTarget(stmt.relation, level, ctx, true);
  const source = bindFromClause([stmt.sourceRelation], level, ctx);
  const clash = source.find((s) => s.relVisible && s.refname === target.refname);
  if (clash) {
    mergeNameClash(ctx, clash, target.refname);
    ctx.stop();
  }
  ctx.binder.expr(stmt.joinCondition, level, ctx);
  const all = level.namespace.slice();
  for (const w of stmt.mergeWhenClauses ?? []) {
    const when = nodeAs<MergeWhenClause>(w, 'MergeWhenClause');
    if (!when) {
      continue;
    }
    // NOT MATCHED [BY TARGET] sees only the source; NOT MATCHED BY SOURCE only the target
    const visible = when.matchKind === 'MERGE_WHEN_NOT_MATCHED_BY_TARGET' ? source : when.matchKind === 'MERGE_WHEN_NOT_MATCHED_BY_SOURCE' ? [target] : all;
    level.namespace.splice(0, level.namespace.length, ...visible);
    ctx.binder.expr(when.condition, level, ctx);
    if (when.commandType === 'CMD_INSERT') {
      ctx.binder.expr(when.values, level, ctx);
      for (const c of when.targetList ?? []) {
        const rt = nodeAs<ResTarget>(c, 'ResTarget');
        if (rt) {
          checkTargetColumn(rt, target, ctx, false);
        }
      }
    } else if (when.commandType === 'CMD_UPDATE') {
      bindSetList(when.targetList ?? [], target, level, ctx);
    }
  }
  level.namespace.splice(0, level.namespace.length, ...all);
  return bindReturning(stmt.returningClause, target, level, ctx);
}
