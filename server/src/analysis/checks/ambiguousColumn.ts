/**
 * 42702 ambiguous_column: a name more than one entry answers to (scanNSItemForColumn,
 * transformJoinUsingClause), or two different output columns (findTargetlistEntrySQL92). Beyond PostgreSQL: each table that has the column is offered as
 * a qualifier, none preferred.
 */
import { quoteIdentifier } from '../../parser';
import { SqlState } from '../../../../shared/src/diagnosticCodes';
import type { BindContext } from '../binder/bindContext';
import { countColumn, type Level } from '../binder/scope';
import { renameFixes } from './fixes';

const code = SqlState.ambiguousColumn;

/** `column reference "c" is ambiguous` for a bare name; `level` is where it matched twice. */
export function ambiguousColumn(ctx: BindContext, level: Level, name: string, location: number | undefined): void {
  const start = ctx.offset(location);
  const end = start + ctx.nameExtent(location);
  const owners = level.namespace.filter((i) => i.relVisible && !(i.lateralOnly && !level.lateralActive) && countColumn(i, name) > 0);
  const fixes = renameFixes(
    owners.map((i) => ({ name: `${i.refname}.${name}`, newText: `${quoteIdentifier(i.refname)}.${quoteIdentifier(name)}` })),
    { start, end },
    false,
  );
  ctx.report({ code, message: `column reference "${name}" is ambiguous`, start, end, fixes });
}

/** `t.c` where t itself has two columns c. */
export function ambiguousQualifiedColumn(ctx: BindContext, column: string, location: number | undefined): void {
  const start = ctx.offset(location);
  ctx.report({ code, message: `column reference "${column}" is ambiguous`, start, end: start + ctx.nameExtent(location), fixes: [] });
}

/** transformJoinUsingClause: a USING name found twice on one side. */
export function ambiguousUsingColumn(ctx: BindContext, name: string, side: 'left' | 'right', where: { start: number; end: number }): void {
  ctx.report({ code, message: `common column name "${name}" appears more than once in ${side} table`, ...where, fixes: [] });
}

/**
 * findTargetlistEntrySQL92: a bare name in ORDER BY / GROUP BY / DISTINCT ON that two different
 * output columns answer to: `ORDER BY "c" is ambiguous`.
 */
export function ambiguousClauseName(ctx: BindContext, clause: string, name: string, location: number | undefined): void {
  const start = ctx.offset(location);
  ctx.report({ code, message: `${clause} "${name}" is ambiguous`, start, end: start + ctx.nameExtent(location), fixes: [] });
}

/**
 * plpgsql_post_column_ref with plpgsql.variable_conflict = error (the default): a name in a
 * PL/pgSQL body's statement that is both a column and a variable. `when` says when PostgreSQL
 * raises it (the statement runs, not CREATE FUNCTION).
 */
export function ambiguousVariable(ctx: BindContext, names: readonly string[], location: number | undefined, when: string): void {
  const start = ctx.offset(location);
  ctx.report({
    code,
    message: `column reference "${names.join('.')}" is ambiguous`,
    detail: `It could refer to either a PL/pgSQL variable or a table column.\n${when}`,
    start,
    end: start + ctx.nameExtent(location),
    fixes: [],
  });
}
