/**
 * 0A000 feature_not_supported: ORDER BY of a UNION / INTERSECT / EXCEPT names result columns
 * only (transformSetOperationStmt in analyze.c).
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
