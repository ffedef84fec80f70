/**
 * Columns named by statements other than queries and table DDL: COPY's and ANALYZE's column
 * lists, GRANT / REVOKE column privileges, CREATE STATISTICS, CREATE POLICY's USING / WITH
 * CHECK and CREATE TRIGGER … WHEN. Each with PostgreSQL 18's message; where PostgreSQL gives
 * no cursor (all but WHEN), the range is the name as written. Silent when the relation's columns are not all known.
 */
import type { RangeVar } from 'libpg-query';
import { BindContext, nodeAs, strings } from './bindContext';
import { has, known, nameRange, relationLevel } from './ddlColumns';
import { undefinedDdlColumn } from '../checks/undefinedColumn';
import { Level, type NsItem, type Rte } from './scope';
import type { RelationInfo } from './schemaView';

/** `column "c" of relation "t" does not exist` for each name of `columns` the relation lacks. */
function checkColumnList(rv: RangeVar | undefined, columns: string[], ctx: BindContext): void {
  const rel = tableLike(known(rv, ctx));
  for (const c of rel ? columns : []) {
    if (rel && !has(rel, c)) {
      undefinedDdlColumn(ctx, rel, c, `column "${c}" of relation "${rel.name}" does not exist`, nameRange(ctx, c, ctx.localOffset(rv?.location)));
      return;
    }
  }
}

/** The relation when it is a table (or, unless `tablesOnly`, a view); else null. */
function tableLike(rel: RelationInfo | null, tablesOnly = false): RelationInfo | null {
  return rel && (rel.kind === undefined || (rel.kind === 'view' && !tablesOnly)) ? rel : null;
}

/** CREATE TRIGGER … WHEN: NEW and OLD are the relation's rows. */
function triggerLevel(rel: RelationInfo): Level {
  const level = new Level(null);
  for (const name of ['new', 'old']) {
    const rte: Rte = {
      kind: 'relation',
      aliasname: name,
      columns: rel.columns,
      opaque: false,
      hasSystemColumns: rel.hasSystemColumns,
      isJoin: false,
      hasAlias: true,
      relationName: rel.name,
      relationSchema: rel.schema,
    };
    const item: NsItem = { rte, refname: name, relVisible: true, colsVisible: false, lateralOnly: false };
    level.rtable.push(rte);
    level.namespace.push(item);
  }
  return level;
}

export function checkStatementColumns(node: unknown, ctx: BindContext): void {
  const copy = nodeAs<{ relation?: RangeVar; attlist?: unknown[] }>(node, 'CopyStmt');
  if (copy?.relation) {
    checkColumnList(copy.relation, strings(copy.attlist), ctx);
    return;
  }
  const vacuum = nodeAs<{ rels?: unknown[]; is_vacuumcmd?: boolean; options?: unknown[] }>(node, 'VacuumStmt');
  if (vacuum) {
    // a column list needs ANALYZE (VACUUM without it says something else)
    const analyze = !vacuum.is_vacuumcmd || (vacuum.options ?? []).some((o) => nodeAs<{ defname?: string }>(o, 'DefElem')?.defname === 'analyze');
    for (const r of analyze ? (vacuum.rels ?? []) : []) {
      const rel = nodeAs<{ relation?: RangeVar; va_cols?: unknown[] }>(r, 'VacuumRelation');
      checkColumnList(rel?.relation, strings(rel?.va_cols), ctx);
    }
    return;
  }
  const grant = nodeAs<{ targtype?: string; objtype?: string; objects?: unknown[]; privileges?: unknown[] }>(node, 'GrantStmt');
  if (grant?.targtype === 'ACL_TARGET_OBJECT' && grant.objtype === 'OBJECT_TABLE') {
    const columns = (grant.privileges ?? []).flatMap((p) => strings(nodeAs<{ cols?: unknown[] }>(p, 'AccessPriv')?.cols));
    for (const o of grant.objects ?? []) {
      checkColumnList(nodeAs<RangeVar>(o, 'RangeVar'), columns, ctx);
    }
    return;
  }
  const stats = nodeAs<{ exprs?: unknown[]; relations?: unknown[] }>(node, 'CreateStatsStmt');
  if (stats) {
    const rv = nodeAs<RangeVar>(stats.relations?.[0], 'RangeVar');
    // statistics only on tables (a view or sequence is refused first, 42809)
    const rel = stats.relations?.length === 1 ? tableLike(known(rv, ctx), true) : null;
    for (const e of rel ? (stats.exprs ?? []) : []) {
      const elem = nodeAs<{ name?: string; expr?: unknown }>(e, 'StatsElem');
      if (rel && elem?.name !== undefined && !has(rel, elem.name)) {
        undefinedDdlColumn(ctx, rel, elem.name, `column "${elem.name}" does not exist`, nameRange(ctx, elem.name));
        return;
      }
      if (rel && elem?.expr) {
        ctx.binder.expr(elem.expr, relationLevel(rel, rel.name), ctx);
      }
    }
    return;
  }
  const policy =
    nodeAs<{ table?: RangeVar; qual?: unknown; with_check?: unknown }>(node, 'CreatePolicyStmt') ??
    nodeAs<{ table?: RangeVar; qual?: unknown; with_check?: unknown }>(node, 'AlterPolicyStmt');
  if (policy) {
    const rel = tableLike(known(policy.table, ctx), true);
    if (rel) {
      ctx.binder.expr(policy.qual, relationLevel(rel, rel.name), ctx);
      ctx.binder.expr(policy.with_check, relationLevel(rel, rel.name), ctx);
    }
    return;
  }
  const trigger = nodeAs<{ relation?: RangeVar; whenClause?: unknown; row?: boolean }>(node, 'CreateTrigStmt');
  if (trigger?.whenClause && trigger.row) {
    const rel = tableLike(known(trigger.relation, ctx));
    if (rel) {
      ctx.binder.expr(trigger.whenClause, triggerLevel(rel), ctx);
    }
  }
}
