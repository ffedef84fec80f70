/**
 * SQL-language function and procedure bodies, checked as PostgreSQL checks them at CREATE
 * time (check_function_bodies, fmgr_sql_validator): every statement of the body is analysed
 * before any runs, so DDL inside the body does not count for the statements after it, with
 * the input parameters in scope (by name, as function.name, or $n) and columns winning over
 * parameters of the same name. Bodies with polymorphic parameters are not analysed (nor by
 * PostgreSQL). The first error is reported, as PostgreSQL stops there.
 */
import type { RawStmt } from 'libpg-query';
import { ParsedStatement, parseSql, TextOffsets } from '../../parser';
import type { Problem } from '../problems';
import { syntaxError } from '../checks/syntaxError';
import { BindContext, nodeAs, strings, type Binder } from './bindContext';
import type { SchemaView } from './schemaView';
import { Level } from './scope';

interface FunctionParameter {
  name?: string;
  argType?: { names?: unknown[] };
  mode?: string;
}

interface CreateFunction {
  funcname?: unknown[];
  parameters?: unknown[];
  options?: unknown[];
  sql_body?: unknown;
}

const polymorphic = new Set([
  'anyelement',
  'anyarray',
  'anynonarray',
  'anyenum',
  'anyrange',
  'anymultirange',
  'anycompatible',
  'anycompatiblearray',
  'anycompatiblenonarray',
  'anycompatiblerange',
  'anycompatiblemultirange',
]);
/** modes whose parameters the body can name (not OUT, not RETURNS TABLE columns) */
const inputModes = new Set(['FUNC_PARAM_DEFAULT', 'FUNC_PARAM_IN', 'FUNC_PARAM_INOUT', 'FUNC_PARAM_VARIADIC']);

/** Problems inside the body of a CREATE FUNCTION / PROCEDURE … LANGUAGE sql (none for others). */
export function sqlFunctionBodyProblems(statement: ParsedStatement, node: unknown, schema: SchemaView, binder: Binder): Problem[] {
  const fn = nodeAs<CreateFunction>(node, 'CreateFunctionStmt');
  if (!fn) {
    return [];
  }
  const defs = (fn.options ?? []).map((o) => nodeAs<{ defname?: string; arg?: unknown; location?: number }>(o, 'DefElem'));
  const language = nodeAs<{ sval?: string }>(defs.find((d) => d?.defname === 'language')?.arg, 'String')?.sval ?? (fn.sql_body ? 'sql' : undefined);
  const params = (fn.parameters ?? []).map((p) => nodeAs<FunctionParameter>(p, 'FunctionParameter')).filter((p) => p !== undefined);
  const inputs = params.filter((p) => inputModes.has(p.mode ?? 'FUNC_PARAM_DEFAULT'));
  if (language !== 'sql' || inputs.some((p) => polymorphic.has(strings(p.argType?.names).pop() ?? ''))) {
    return [];
  }
  const names = strings(fn.funcname);
  const parameters = { functionName: names[names.length - 1] ?? '', names: inputs.map((p) => p.name).filter((n): n is string => n !== undefined) };
  if (fn.sql_body !== undefined) {
    // BEGIN ATOMIC … END or RETURN expr: parsed with the CREATE statement itself
    const ctx = new BindContext(statement, schema, binder);
    ctx.parameters = parameters;
    const ret = nodeAs<{ returnval?: unknown }>(fn.sql_body, 'ReturnStmt');
    if (ret) {
      try {
        binder.expr(ret.returnval, new Level(null), ctx);
      } catch {
        // an expression shape the binder does not know: say nothing about it
      }
    } else {
      const lists = nodeAs<{ items?: unknown[] }>(fn.sql_body, 'List')?.items ?? [];
      for (const stmt of lists.flatMap((l) => nodeAs<{ items?: unknown[] }>(l, 'List')?.items ?? [])) {
        bindStatement(stmt, ctx);
      }
    }
    return ctx.problems.slice(0, 1);
  }
  const as = defs.find((d) => d?.defname === 'as');
  const items = strings(nodeAs<{ items?: unknown[] }>(as?.arg, 'List')?.items);
  // `AS 'obj', 'symbol'` is refused before the body is looked at (42P13)
  const body = items.length === 1 ? bodyLiteral(statement, as?.location, items[0]) : null;
  if (!body) {
    return [];
  }
  const offsets = new TextOffsets(body.text);
  const span = {
    start: statement.span.start + body.start,
    end: statement.span.start + body.start + body.text.length,
    text: body.text,
    terminated: false,
    variables: [],
    connection: statement.span.connection,
  };
  const inner = new ParsedStatement(span, { offsets, outcome: parseSql(body.text, offsets) }, null);
  const syntax = syntaxError(inner);
  if (syntax) {
    return [syntax];
  }
  const ctx = new BindContext(inner, schema, binder);
  ctx.parameters = parameters;
  for (const raw of inner.stmts ?? []) {
    bindStatement((raw as RawStmt).stmt, ctx);
    if (ctx.problems.length > 0) {
      break;
    }
  }
  return ctx.problems.slice(0, 1);
}

function bindStatement(stmt: unknown, ctx: BindContext): void {
  try {
    ctx.binder.query(stmt, new Level(null), ctx);
  } catch {
    // a parse tree shape the binder does not know: say nothing about it
  }
}

/**
 * Where the body literal after `AS` (or, for DO, at `location` itself) is written
 * (statement-relative UTF-16 offset) when its text is the literal's content as written: a
 * dollar quote, or a quote without escapes.
 */
export function bodyLiteral(
  statement: ParsedStatement,
  location: number | undefined,
  value: string | undefined,
  atLocation = false,
): { start: number; text: string } | null {
  if (location === undefined || value === undefined) {
    return null;
  }
  const text = statement.text;
  const at = atLocation ? /^(\$[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*\$|\$\$|')/ : /^as\s+(\$[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*\$|\$\$|')/i;
  const m = at.exec(text.slice(statement.offsets.fromByte(location)));
  if (!m || m[1] === undefined) {
    return null;
  }
  const start = statement.offsets.fromByte(location) + m[0].length;
  return text.startsWith(value, start) ? { start, text: value } : null;
}
