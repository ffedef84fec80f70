/**
 * Name resolution for queries, in the order PostgreSQL's parse analysis does it
 * (analyze.c transformSelectStmt, parse_clause.c transformFromClauseItem): WITH, FROM (with
 * JOIN … ON seeing only the join's inputs, LATERAL seeing earlier items), target list, WHERE,
 * HAVING, ORDER BY, GROUP BY, DISTINCT ON, LIMIT, WINDOW. Returns each query's output
 * column names (or null when they cannot be known) so subqueries, CTEs and views compose.
 */
import type { ColumnRef, CommonTableExpr, RangeVar, ResTarget, SelectStmt, SubLink, WithClause } from 'libpg-query';
import { BindContext, nodeAs, strings, type Binder, type Columns } from './bindContext';
import { bindDml } from './binderDml';
import { bindFromClause } from './binderFrom';
import { lockedRelationNotInFrom } from '../checks/undefinedTable';
import { Level, columnsOf, pseudoRte } from './scope';
import { resolveColumnRef, resolveFieldSelection } from './columnRef';
import { figureColname } from './figureColname';
import { bindSetOperationSort, bindSortGroupDistinct } from './targetListLookup';
import { checkDistinctOnOrder } from './distinctOnOrder';

/** Binds any query-like statement (SELECT, INSERT, UPDATE, DELETE, MERGE) in `level`. */
export function bindQuery(node: unknown, level: Level, ctx: BindContext): Columns {
  const select = nodeAs<SelectStmt>(node, 'SelectStmt');
  if (select) {
    return bindSelect(select, level, ctx);
  }
  return bindDml(node, level, ctx);
}

function bindWith(withClause: WithClause | undefined, level: Level, ctx: BindContext): void {
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
        columns = bindSelect(select.larg, level.child(), new BindContext(ctx.statement, ctx.schema, ctx.binder));
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

function bindSelect(stmt: SelectStmt, level: Level, ctx: BindContext): Columns {
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
  bindExpr(stmt.whereClause, level, ctx);
  bindExpr(stmt.havingClause, level, ctx);
  bindSortGroupDistinct(stmt, level, ctx);
  checkDistinctOnOrder(stmt, level, ctx);
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
        lockedRelationNotInFrom(ctx, rv, lockStrength[lock?.strength ?? ''] ?? 'FOR UPDATE');
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
 * PostgreSQL); ORDER BY sees only the output names (targetListLookup.ts).
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
  bindSetOperationSort(stmt.sortClause, first, level, ctx);
  return first;
}

/** Output names, as FigureColname would name them; null when a `*` or a name is unknowable. */
function bindTargetList(targets: unknown[], level: Level, ctx: BindContext): Columns {
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

/** Walks an expression tree: resolves column references, binds sub-queries one level down. */
export function bindExpr(node: unknown, level: Level, ctx: BindContext): void {
  if (node === null || typeof node !== 'object') {
    return;
  }
  if (Array.isArray(node)) {
    for (const n of node) {
      bindExpr(n, level, ctx);
    }
    return;
  }
  for (const [kind, value] of Object.entries(node as Record<string, unknown>)) {
    if (value === null || typeof value !== 'object') {
      continue;
    }
    if (kind === 'ColumnRef') {
      resolveColumnRef(value, level, ctx);
    } else if (kind === 'A_Indirection') {
      const ind = value as { arg?: unknown; indirection?: unknown[] };
      bindExpr(ind.arg, level, ctx);
      bindExpr(ind.indirection, level, ctx);
      const cr = nodeAs<ColumnRef>(ind.arg, 'ColumnRef');
      const field = nodeAs<{ sval?: string }>(ind.indirection?.[0], 'String')?.sval;
      if (cr && field !== undefined) {
        resolveFieldSelection(cr, field, level, ctx);
      }
    } else if (kind === 'SubLink') {
      const sub = value as SubLink;
      bindExpr(sub.testexpr, level, ctx);
      bindQuery(sub.subselect, level.child(), ctx);
    } else if (kind === 'SelectStmt') {
      bindSelect(value as SelectStmt, level.child(), ctx);
    } else if (kind === 'GroupingSet') {
      bindExpr((value as { content?: unknown[] }).content, level, ctx);
    } else {
      bindExpr(value, level, ctx);
    }
  }
}

/** The walker as the FROM-clause and DML binders reach it (see Binder). */
export const binder: Binder = { expr: bindExpr, query: bindQuery, targetList: bindTargetList, with: bindWith };
