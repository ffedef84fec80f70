/** 42712 duplicate_alias: two FROM entries answering to the same name (checkNameSpaceConflicts, MERGE). */
import { SqlState } from '../../../../shared/src/diagnosticCodes';
import type { BindContext } from '../binder/bindContext';
import type { NsItem } from '../binder/scope';

const code = SqlState.duplicateAlias;

/** PostgreSQL gives no cursor here; the second occurrence is the useful place. */
export function duplicateTableName(ctx: BindContext, item: NsItem): void {
  const start = ctx.offset(item.location);
  ctx.report({ code, message: `table name "${item.refname}" specified more than once`, start, end: start + item.refname.length, fixes: [] });
}

/** MERGE: the source answers to the target's name. */
export function mergeNameClash(ctx: BindContext, clash: NsItem, targetName: string): void {
  const start = ctx.offset(clash.location);
  ctx.report({
    code,
    message: `name "${targetName}" specified more than once`,
    detail: 'The name is used both as MERGE target table and data source.',
    start,
    end: start + clash.refname.length,
    fixes: [],
  });
}
