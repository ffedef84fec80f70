/**
 * 0A000 feature_not_supported: ORDER BY of a UNION / INTERSECT / EXCEPT names result columns
 * only (transformSetOperationStmt in analyze.c); a DEFAULT expression names no column
 * (transformColumnRef's EXPR_KIND_COLUMN_DEFAULT).
 */
import { SqlState } from '../../../../shared/src/diagnosticCodes';
import type { BindContext } from '../binder/bindContext';

const code = SqlState.featureNotSupported;

/** An expression over the result columns, at its leftmost token as PostgreSQL's cursor is. */
export function invalidSetOperationOrderBy(ctx: BindContext, location: number | undefined): void {
  const start = ctx.offset(location);
  ctx.report({
    code,
    message: 'invalid UNION/INTERSECT/EXCEPT ORDER BY clause',
    detail: 'Only result column names can be used, not expressions or functions.',
    hint: 'Add the expression/function to every SELECT, or move the UNION into a FROM clause.',
    start,
    end: start + ctx.nameExtent(location),
    fixes: [],
  });
}

/** `cannot use column reference in DEFAULT expression`, at the reference. */
export function columnReferenceInDefault(ctx: BindContext, location: number | undefined): void {
  const start = ctx.offset(location);
  ctx.report({ code, message: 'cannot use column reference in DEFAULT expression', start, end: start + ctx.nameExtent(location), fixes: [] });
}
