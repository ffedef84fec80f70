/**
 * 42P20 windowing_error: GROUP BY naming (by output name or position) a SELECT-list entry that
 * holds a window function (checkTargetlistEntrySQL92 in parse_clause.c).
 */
import { SqlState } from '../../../../shared/src/diagnosticCodes';
import type { BindContext } from '../binder/bindContext';

const code = SqlState.windowingError;

/** `window functions are not allowed in GROUP BY`, at the window function's call. */
export function windowFunctionInGroupBy(ctx: BindContext, location: number | undefined): void {
  const start = ctx.offset(location);
  ctx.report({ code, message: 'window functions are not allowed in GROUP BY', start, end: start + ctx.nameExtent(location), fixes: [] });
}
