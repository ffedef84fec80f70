/**
 * 42803 grouping_error: GROUP BY naming (by output name or position) a SELECT-list entry that
 * holds an aggregate (checkTargetlistEntrySQL92 in parse_clause.c).
 */
import { SqlState } from '../../../../shared/src/diagnosticCodes';
import type { BindContext } from '../binder/bindContext';

const code = SqlState.groupingError;

/** `aggregate functions are not allowed in GROUP BY`, at the aggregate's call in the SELECT list. */
export function aggregateInGroupBy(ctx: BindContext, location: number | undefined): void {
  const start = ctx.offset(location);
  ctx.report({ code, message: 'aggregate functions are not allowed in GROUP BY', start, end: start + ctx.nameExtent(location), fixes: [] });
}
