/** 42701 duplicate_column: checkInsertTargets, a column listed twice in INSERT's column list. */
import type { ResTarget } from 'libpg-query';
import { SqlState } from '../../../../shared/src/diagnosticCodes';
import type { BindContext } from '../binder/bindContext';

export function duplicateInsertColumn(ctx: BindContext, rt: ResTarget): void {
  const start = ctx.offset(rt.location);
  const name = rt.name ?? '';
  ctx.report({ code: SqlState.duplicateColumn, message: `column "${name}" specified more than once`, start, end: start + name.length, fixes: [] });
}
