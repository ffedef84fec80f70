/**
 * A PL/pgSQL body in its statement: a `DO` block or a `CREATE FUNCTION / PROCEDURE …
 * LANGUAGE plpgsql`, where its text sits in the document, the names PostgreSQL's PL/pgSQL
 * compiler puts in scope before the first block (parameters, OUT and RETURNS TABLE columns,
 * trigger variables, FOUND; pl_comp.c do_compile), and the compiled function (libpg-query's
 * PL/pgSQL parser), cached by statement text.
 */
import { parsePlpgsql, type ParsedStatement } from '../../parser';
import { nodeAs, strings } from '../binder/bindContext';
import { bodyLiteral } from '../binder/functionBody';

export interface PlpgsqlSource {
  kind: 'function' | 'procedure' | 'do';
  /** the function's name: the label of the outermost namespace (`f.param`) */
  functionName: string | null;
  /** statement-relative UTF-16 offset of the body's first character, and the body text */
  bodyStart: number;
  body: string;
  /** names in scope before the first block; `$n` for every parameter */
  rootNames: string[];
  /** `#variable_conflict use_variable | use_column` before the body's block: no 42702 */
  conflictsAllowed: boolean;
  /** a trigger function: its transition tables (REFERENCING … AS name) are named by CREATE TRIGGER */
  trigger: boolean;
  /** the compiled function (PLpgSQL_function) or the grammar's message */
  compiled: { ok: true; fn: Record<string, unknown> } | { ok: false; message: string };
}

interface FunctionParameter {
  name?: string;
  mode?: string;
}

/**
 * Longer bodies are left to PostgreSQL: walking one binds every statement in one go, and a
 * generated 150,000-statement block must not stall the server (the 5 MB fuzz document).
 */
const maxBodyLength = 100_000;

const triggerNames = [
  'new',
  'old',
  'tg_name',
  'tg_when',
  'tg_level',
  'tg_op',
  'tg_relid',
  'tg_relname',
  'tg_table_name',
  'tg_table_schema',
  'tg_nargs',
  'tg_argv',
];
const eventTriggerNames = ['tg_event', 'tg_tag'];

/** PL/pgSQL parses of statements seen lately, by statement text (a keystroke elsewhere re-parses nothing). */
const cache = new Map<string, PlpgsqlSource['compiled']>();
const cacheLimit = 256;

function compile(text: string): PlpgsqlSource['compiled'] {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const parsed = parsePlpgsql(text);
  const fn = parsed.ok ? nodeAs<Record<string, unknown>>(parsed.functions[0], 'PLpgSQL_function') : undefined;
  const compiled: PlpgsqlSource['compiled'] = parsed.ok ? (fn ? { ok: true, fn } : { ok: false, message: '' }) : { ok: false, message: parsed.message };
  cache.set(text, compiled);
  if (cache.size > cacheLimit) {
    cache.delete(cache.keys().next().value!);
  }
  return compiled;
}

/** The PL/pgSQL body of a statement (null when it has none, or its text is not written as-is). */
export function plpgsqlSource(statement: ParsedStatement, node: unknown): PlpgsqlSource | null {
  const doStmt = nodeAs<{ args?: unknown[] }>(node, 'DoStmt');
  const fn = nodeAs<{
    funcname?: unknown[];
    parameters?: unknown[];
    options?: unknown[];
    returnType?: { names?: unknown[] };
    is_procedure?: boolean;
    sql_body?: unknown;
  }>(node, 'CreateFunctionStmt');
  if ((!doStmt && !fn) || fn?.sql_body !== undefined) {
    return null;
  }
  const defs = (doStmt?.args ?? fn?.options ?? []).map((o) => nodeAs<{ defname?: string; arg?: unknown; location?: number }>(o, 'DefElem'));
  const language = nodeAs<{ sval?: string }>(defs.find((d) => d?.defname === 'language')?.arg, 'String')?.sval ?? (doStmt ? 'plpgsql' : undefined);
  if (language !== 'plpgsql') {
    return null;
  }
  const as = defs.find((d) => d?.defname === 'as');
  const items = doStmt ? [nodeAs<{ sval?: string }>(as?.arg, 'String')?.sval ?? ''] : strings(nodeAs<{ items?: unknown[] }>(as?.arg, 'List')?.items);
  const body = items.length === 1 ? bodyLiteral(statement, as?.location, items[0], !!doStmt) : null;
  if (!body || body.text.length > maxBodyLength) {
    return null;
  }
  const rootNames: string[] = ['found'];
  let functionName: string | null = null;
  if (fn) {
    const names = strings(fn.funcname);
    functionName = names[names.length - 1] ?? null;
    const params = (fn.parameters ?? []).map((p) => nodeAs<FunctionParameter>(p, 'FunctionParameter')).filter((p) => p !== undefined);
    params.forEach((p, i) => {
      rootNames.push(`$${i + 1}`);
      if (p.name !== undefined) {
        rootNames.push(p.name);
      }
    });
    const returns = strings(fn.returnType?.names).pop();
    if (returns === 'trigger') {
      rootNames.push(...triggerNames);
    } else if (returns === 'event_trigger') {
      rootNames.push(...eventTriggerNames);
    }
  }
  return {
    kind: doStmt ? 'do' : fn?.is_procedure ? 'procedure' : 'function',
    functionName,
    bodyStart: body.start,
    body: body.text,
    rootNames,
    conflictsAllowed: /^(?:\s|--[^\n]*\n|#\w+\s+\w+)*?#variable_conflict\s+use_(?:variable|column)\b/i.test(body.text),
    trigger: rootNames.includes('tg_op'),
    compiled: compile(statement.text),
  };
}

/** The DETAIL line saying when PostgreSQL raises an error it finds only by running the body. */
export function raisedAtRunTime(kind: PlpgsqlSource['kind']): string {
  switch (kind) {
    case 'do':
      return 'PostgreSQL raises this when the DO block reaches this statement, not before it starts.';
    case 'procedure':
      return 'PostgreSQL raises this when the procedure runs, not at CREATE PROCEDURE.';
    default:
      return 'PostgreSQL raises this when the function runs, not at CREATE FUNCTION.';
  }
}
