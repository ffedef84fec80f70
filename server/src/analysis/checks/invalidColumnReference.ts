/**
 * 42P10 invalid_column_reference: more column aliases than columns (buildRelationAliases),
 * a LATERAL reference through a RIGHT / FULL join or to an UPDATE / DELETE target
 * (check_lateral_ref_ok), an ORDER BY / GROUP BY position past the SELECT list
 * (findTargetlistEntrySQL92), SELECT DISTINCT's ORDER BY outside it (transformDistinctClause) and
 * DISTINCT ON that does not lead the ORDER BY (transformDistinctOnClause).
 */
import { SqlState } from '../../../../shared/src/diagnosticCodes';
import type { BindContext } from '../binder/bindContext';
import type { NsItem } from '../binder/scope';

const code = SqlState.invalidColumnReference;

/** `table "t" has 2 columns available but 3 columns specified` (PostgreSQL gives no cursor). */
export function tooManyColumnAliases(ctx: BindContext, aliasname: string, available: number, given: number, range: { start: number; end: number }): void {
  ctx.report({ code, message: `table "${aliasname}" has ${available} columns available but ${given} columns specified`, ...range, fixes: [] });
}

/** check_lateral_ref_ok: the entry is in reach but may not be referenced from here. */
export function invalidLateralReference(ctx: BindContext, item: NsItem, location: number | undefined): void {
  const start = ctx.offset(location);
  const cannot = `There is an entry for table "${item.refname}", but it cannot be referenced from this part of the query.`;
  ctx.report({
    code,
    message: `invalid reference to FROM-clause entry for table "${item.refname}"`,
    ...(item.rte.kind === 'target' ? { hint: cannot } : { detail: 'The combining JOIN type must be INNER or LEFT for a LATERAL reference.' }),
    start,
    end: start + ctx.nameExtent(location),
    fixes: [],
  });
}

/** findTargetlistEntrySQL92: `ORDER BY position 3 is not in select list`, at the number. */
export function positionNotInSelectList(ctx: BindContext, clause: string, position: number, location: number | undefined): void {
  const start = ctx.offset(location);
  ctx.report({ code, message: `${clause} position ${position} is not in select list`, start, end: start + ctx.nameLength(location), fixes: [] });
}

/** transformDistinctClause: an ORDER BY expression that no SELECT DISTINCT output column equals. */
export function distinctOrderByNotInSelectList(ctx: BindContext, location: number | undefined): void {
  const start = ctx.offset(location);
  ctx.report({
    code,
    message: 'for SELECT DISTINCT, ORDER BY expressions must appear in select list',
    start,
    end: start + ctx.nameExtent(location),
    fixes: [],
  });
}

/** transformDistinctOnClause: DISTINCT ON and ORDER BY disagree, at the DISTINCT ON expression. */
export function distinctOnOrderMismatch(ctx: BindContext, location: number | undefined): void {
  const start = ctx.offset(location);
  ctx.report({
    code,
    message: 'SELECT DISTINCT ON expressions must match initial ORDER BY expressions',
    start,
    end: start + ctx.nameExtent(location),
    fixes: [],
  });
}
