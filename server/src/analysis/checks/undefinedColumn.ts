/**
 * 42703 undefined_column: a column that is not there. errorMissingColumn's texts (parse_relation.c,
 * PostgreSQL 18) with its DETAIL / HINT rules, the target-list and DDL variants, and ranked
 * quick fixes: PostgreSQL's own suggestions first, then the nearest names in reach.
 */
import type { ResTarget } from 'libpg-query';
import { SqlState } from '../../../../shared/src/diagnosticCodes';
import type { BindContext } from '../binder/bindContext';
import { rankCandidates, searchRangeTableForCol } from './fuzzyMatch';
import { nameParts, type Fix, type Problem } from '../problems';
import type { RelationInfo } from '../binder/schemaView';
import { anyOpaque, columnsOf, findNsItemForRte, Level, type NsItem, type Rte } from '../binder/scope';
import { renameFixes, type Replacement } from './fixes';
import { quoteIdentifier } from '../../parser';

const code = SqlState.undefinedColumn;

/** errorMissingColumn: `column "c" does not exist` / `column t.c does not exist`. */
export function undefinedColumn(ctx: BindContext, level: Level, relname: string | null, colname: string, location: number | undefined, item?: NsItem): void {
  const start = ctx.offset(location);
  const local = ctx.localOffset(location);
  const parts = nameParts(ctx.statement.text, local);
  const end = start + (parts.length > 0 ? parts[parts.length - 1]!.end - local : colname.length);
  const message = relname !== null ? `column ${relname}.${colname} does not exist` : `column "${colname}" does not exist`;
  const state = searchRangeTableForCol(level.rtables(), relname, colname);
  let detail: string | undefined;
  let hint: string | undefined;
  const uncertain = anyOpaque(level);
  if (state.exact1) {
    if (state.exact2) {
      detail = `There are columns named "${colname}", but they are in tables that cannot be referenced from this part of the query.`;
      hint = relname === null ? 'Try using a table-qualified name.' : undefined;
    } else {
      detail = `There is a column named "${colname}" in table "${state.exact1.rte.aliasname}", but it cannot be referenced from this part of the query.`;
      const ns = findNsItemForRte(level, state.exact1.rte);
      if (!level.lateralActive && ns?.item.lateralOnly === true) {
        hint = 'To reference that column, you must mark this subquery with LATERAL.';
      } else if (relname === null && ns && ns.item.relVisible && !ns.item.colsVisible) {
        hint = 'To reference that column, you must use a table-qualified name.';
      }
    }
  } else if (!uncertain && state.first) {
    const a = `"${state.first.rte.aliasname}.${state.first.column}"`;
    hint = state.second
      ? `Perhaps you meant to reference the column ${a} or the column "${state.second.rte.aliasname}.${state.second.column}".`
      : `Perhaps you meant to reference the column ${a}.`;
  }
  ctx.report({ code, message, detail, hint, start, end, fixes: columnFixes(ctx, level, colname, parts, state, item) });
}

/** Quick fixes: PostgreSQL's own suggestions first, then the nearest names in reach. */
function columnFixes(
  ctx: BindContext,
  level: Level,
  colname: string,
  parts: { start: number; end: number }[],
  state: ReturnType<typeof searchRangeTableForCol<Rte>>,
  item?: NsItem,
): Fix[] {
  if (parts.length === 0) {
    return [];
  }
  const last = parts[parts.length - 1]!;
  const base = ctx.statement.span.start;
  const visible: Rte[] = [];
  /** column → the qualifiers that reach it (a bare name in two of them would be ambiguous) */
  const qualifiers = new Map<string, string[]>();
  if (item) {
    visible.push(item.rte);
  } else {
    for (let l: Level | null = level; l; l = l.parent) {
      for (const ns of l.namespace) {
        if (ns.lateralOnly && !l.lateralActive) {
          continue;
        }
        if (ns.colsVisible) {
          visible.push({ ...ns.rte, columns: [...columnsOf(ns)] });
        }
        for (const c of ns.relVisible && l === level ? columnsOf(ns) : []) {
          qualifiers.set(c, [...(qualifiers.get(c) ?? []), ns.refname]);
        }
      }
    }
  }
  const names: string[] = [];
  for (const m of [state.first, state.second]) {
    if (m && !state.exact1 && (item ? m.rte === item.rte : visible.some((v) => v.columns.includes(m.column)))) {
      names.push(m.column);
    }
  }
  for (const c of rankCandidates(visible, colname)) {
    names.push(c.column);
  }
  const nearest = [...new Set(names)].slice(0, 5);
  // a bare name two FROM items have would be ambiguous: each qualified form next to it
  const replacements: Replacement[] = [];
  for (const name of nearest) {
    replacements.push(name);
    const reaching = parts.length === 1 ? (qualifiers.get(name) ?? []) : [];
    if (reaching.length >= 2) {
      replacements.push(...reaching.slice(0, 3).map((q) => ({ name: `${q}.${name}`, newText: `${quoteIdentifier(q)}.${quoteIdentifier(name)}` })));
    }
  }
  return renameFixes(replacements, { start: base + last.start, end: base + last.end });
}

/** `(t).field` on a whole-row reference whose relation has no such column (unknown_attribute). */
export function undefinedField(ctx: BindContext, aliasname: string, field: string, location: number | undefined): void {
  const start = ctx.offset(location);
  ctx.report({ code, message: `column ${aliasname}.${field} does not exist`, start, end: start + ctx.nameLength(location), fixes: [] });
}

/** transformJoinUsingClause: a USING name missing on one side. */
export function undefinedUsingColumn(ctx: BindContext, name: string, side: 'left' | 'right', where: { start: number; end: number }): void {
  ctx.report({ code, message: `column "${name}" specified in USING clause does not exist in ${side} table`, ...where, fixes: [] });
}

/** A target column (INSERT list, SET, MERGE) the target relation does not have. */
export function undefinedTargetColumn(ctx: BindContext, rt: ResTarget, target: NsItem, isSet: boolean): void {
  const name = rt.name ?? '';
  const start = ctx.offset(rt.location);
  const local = ctx.localOffset(rt.location);
  const parts = nameParts(ctx.statement.text, local);
  const first = parts[0] ?? { start: local, end: local + name.length };
  const relation = target.rte.relationName ?? target.rte.aliasname;
  // only UPDATE-style SET lists get this hint from PostgreSQL
  const qualifiedWithAlias = isSet && (rt.indirection?.length ?? 0) > 0 && name === target.refname;
  const base = ctx.statement.span.start;
  const range = { start: base + first.start, end: base + first.end };
  ctx.report({
    code,
    message: `column "${name}" of relation "${relation}" does not exist`,
    hint: qualifiedWithAlias ? 'SET target columns cannot be qualified with the relation name.' : undefined,
    start,
    end: range.end,
    fixes: qualifiedWithAlias
      ? []
      : renameFixes(
          rankCandidates([target.rte], name).map((c) => c.column),
          range,
        ),
  });
}

/** A column named in DDL (index, constraint, ALTER, COMMENT) that the relation lacks. */
export function undefinedDdlColumn(ctx: BindContext, rel: RelationInfo | null, name: string, message: string, range: { start: number; end: number }): void {
  const fixes = rel
    ? renameFixes(
        rankCandidates([{ aliasname: rel.name, columns: rel.columns, hasSystemColumns: false, isJoin: false }], name).map((c) => c.column),
        range,
      )
    : [];
  ctx.report({ code, message, ...range, fixes });
}

/**
 * A PL/pgSQL record whose fields are known (declared `t%ROWTYPE`, or the loop variable of `FOR r
 * IN query`) read at a field it does not have: exec_eval_datum's `record "r" has no field "f"`,
 * raised when the expression runs (PostgreSQL gives no cursor; the range covers `r.f`).
 */
export function recordHasNoField(ctx: BindContext, record: string, field: string, location: number | undefined, when: string): void {
  const start = ctx.offset(location);
  ctx.report({ code, message: `record "${record}" has no field "${field}"`, detail: when, start, end: start + ctx.nameExtent(location), fixes: [] });
}

/** `v t.c%TYPE` naming a column t does not have: raised when PostgreSQL compiles the body (no cursor). */
export function typeOfMissingColumn(relation: string, column: string, range: { start: number; end: number }): Problem {
  return { code, message: `column "${column}" of relation "${relation}" does not exist`, ...range, fixes: [] };
}
