/**
 * 42601 syntax_error: the parser's own error, the rewriter's repeated SET target, and a
 * constant other than an integer where ORDER BY / GROUP BY take positions.
 */
import type { ResTarget } from 'libpg-query';
import { SqlState } from '../../../../shared/src/diagnosticCodes';
import type { ParsedStatement } from '../../parser';
import type { BindContext } from '../binder/bindContext';
import type { Problem } from '../problems';

const code = SqlState.syntaxError;

/** PostgreSQL's syntax error for a statement that does not parse, or null. */
export function syntaxError(statement: ParsedStatement): Problem | null {
  if (statement.outcome.ok || statement.outcome.error.internal) {
    return null;
  }
  const { message, offset } = statement.outcome.error;
  // the range covers the token PostgreSQL names ("at or near "X""), from its cursor
  const near = /at or near "(.*)"$/s.exec(message);
  const length = near ? near[1]!.length : 0;
  // libpg-query may put the cursor past the end for input it cannot even scan: clamp
  const start = Math.min(statement.span.start + offset, statement.span.end);
  return { code, message, start, end: Math.min(statement.span.end, start + length), fixes: [] };
}

/** `multiple assignments to same column "c"` (no cursor from PostgreSQL). */
export function multipleAssignments(ctx: BindContext, rt: ResTarget): void {
  const start = ctx.offset(rt.location);
  ctx.report({ code, message: `multiple assignments to same column "${rt.name ?? ''}"`, start, end: start + ctx.nameLength(rt.location), fixes: [] });
}

/** findTargetlistEntrySQL92: `ORDER BY 'x'`, `ORDER BY 1.5`, `ORDER BY null` (only integers are positions). */
export function nonIntegerConstant(ctx: BindContext, clause: string, location: number | undefined): void {
  const start = ctx.offset(location);
  ctx.report({ code, message: `non-integer constant in ${clause}`, start, end: start + ctx.nameLength(location), fixes: [] });
}

/** PL/pgSQL's grammar refusing a body (`syntax error at or near "X"`), at the token it names. */
export function plpgsqlSyntaxError(message: string, range: { start: number; end: number }): Problem {
  return { code, message, ...range, fixes: [] };
}
