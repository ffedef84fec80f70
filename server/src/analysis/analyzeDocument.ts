/**
 * Checks a parsed document against a catalog: syntax errors (42601) from PostgreSQL's own
 * grammar, then name resolution statement by statement, with earlier statements' DDL
 * applied. Plain data in, plain data out.
 */
import type { RawStmt } from 'libpg-query';
import type { Catalog } from '../catalog/model';
import { ParsedDocumentCache, type ParsedDocument, type ParsedStatement } from '../parser';
import { BindContext, nodeAs, type Columns } from './binder/bindContext';
import { binder, bindQuery } from './binder/binder';
import { syntaxError } from './checks/syntaxError';
import { checkDdlColumns } from './binder/ddlColumns';
import { checkStatementColumns } from './binder/statementColumns';
import { applyDocumentDdl } from './binder/documentDdl';
import { sqlFunctionBodyProblems } from './binder/functionBody';
import { isPlpgsqlFunction, plpgsqlCreateProblems, plpgsqlRunProblems } from './plpgsql/plpgsqlBody';
import type { Problem } from './problems';
import { Level } from './binder/scope';
import { SchemaView } from './binder/schemaView';
import { runAllSteps, runStepsInSlices } from '../timeSlices';
import { rememberInputs } from './fixInputs';

export type { Problem, Fix } from './problems';

/** Statements whose embedded query is checked, and where that query sits. */
function queryOf(node: unknown): unknown {
  for (const kind of ['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']) {
    if (nodeAs(node, kind)) {
      return node;
    }
  }
  const wrapped =
    nodeAs<{ query?: unknown }>(node, 'ExplainStmt')?.query ??
    nodeAs<{ query?: unknown }>(node, 'ViewStmt')?.query ??
    nodeAs<{ query?: unknown }>(node, 'CreateTableAsStmt')?.query ??
    nodeAs<{ query?: unknown }>(node, 'DeclareCursorStmt')?.query ??
    nodeAs<{ query?: unknown }>(node, 'PrepareStmt')?.query ??
    nodeAs<{ query?: unknown }>(node, 'CopyStmt')?.query;
  return wrapped === undefined ? undefined : queryOf(wrapped);
}

/** All problems of a document, in document order. */
export function analyzeDocument(doc: ParsedDocument, catalog: Catalog | null): Problem[] {
  return runAllSteps(analyzeSteps(doc, catalog));
}

/**
 * The same on a SchemaView the caller keeps: the document's DDL is applied to it, so a
 * sequence of files (a workspace's schema and migrations, server/src/workspace/) replays
 * into one view.
 */
export function analyzeOnSchema(doc: ParsedDocument, schema: SchemaView): Problem[] {
  return runAllSteps(analyzeSteps(doc, schema.catalog, schema));
}

/**
 * One statement's text bound on a copy of `schema` (a quick fix applied, checkedFixes.ts):
 * its problems, or null when the text is no longer exactly one statement.
 */
export function rebindStatement(text: string, schema: SchemaView): Problem[] | null {
  const doc = ParsedDocumentCache.parseText(text);
  if (doc.statements.length !== 1) {
    return null;
  }
  return runAllSteps(analyzeSteps(doc, schema.catalog, schema.clone(), false));
}

/** analyzeOnSchema as steps that yield between statements. */
export function analyzeOnSchemaSteps(doc: ParsedDocument, schema: SchemaView): Generator<void, Problem[]> {
  return analyzeSteps(doc, schema.catalog, schema);
}

/** The same, yielding to the event loop every ~`sliceMs`; null if `stale()` turns true. */
export async function analyzeDocumentAsync(doc: ParsedDocument, catalog: Catalog | null, stale: () => boolean, sliceMs = 20): Promise<Problem[] | null> {
  return runStepsInSlices(analyzeSteps(doc, catalog), stale, sliceMs);
}

function* analyzeSteps(doc: ParsedDocument, catalog: Catalog | null, start?: SchemaView, remember = true): Generator<void, Problem[]> {
  let schema = start ?? new SchemaView(catalog);
  let connection = 0;
  const problems: Problem[] = [];
  // PL/pgSQL functions' statements run after the script has made its tables (pg_dump writes
  // functions first): they are bound against the schema as the script leaves it
  let later: Later[] = [];
  const runLater = function* (): Generator<void> {
    for (const check of later) {
      yield;
      problems.push(...check());
    }
    later = [];
  };
  for (const statement of doc.statements) {
    yield;
    if (statement.span.connection !== connection) {
      yield* runLater();
      // after psql's \connect the script talks to another database: the catalog is not its
      connection = statement.span.connection;
      schema = new SchemaView(null);
    }
    const syntax = syntaxError(statement);
    if (syntax) {
      problems.push(syntax);
      continue;
    }
    // what psql substitutes for a :variable is unknown: say nothing about those spans
    const variables = statement.span.variables;
    const outsideVariables = (found: Problem[]): Problem[] => found.filter((p) => !variables.some((v) => p.start < v.end && v.start < p.end));
    const before = problems.length;
    // the schema as this statement sees it, for re-binding it with a fix applied (fixInputs.ts)
    let schemaBefore: SchemaView | null = null;
    for (const raw of statement.stmts ?? []) {
      const found = analyzeStatement(statement, raw, schema, remember && schemaBefore === null && (statement.stmts?.length ?? 0) === 1);
      schemaBefore ??= found.schemaBefore;
      problems.push(...outsideVariables(found.problems));
      if (isPlpgsqlFunction(statement, raw.stmt)) {
        // an error only if it is one both where the function is created and where the script
        // ends (a table made later, or dropped before the end after the function ran, says nothing)
        const now = plpgsqlRunProblems(statement, raw.stmt, schema, binder);
        const at = schema;
        later.push(() => {
          const end = new Set(plpgsqlRunProblems(statement, raw.stmt, at, binder).map(problemKey));
          return outsideVariables(now.filter((p) => end.has(problemKey(p))));
        });
      }
    }
    if (schemaBefore) {
      rememberInputs(statement, schemaBefore, problems.slice(before));
    }
  }
  if (later.length === 0) {
    return problems;
  }
  yield* runLater();
  return problems.sort((a, b) => a.start - b.start);
}

type Later = () => Problem[];

const problemKey = (p: Problem): string => `${p.start}:${p.code}:${p.message}`;

function analyzeStatement(
  statement: ParsedStatement,
  raw: RawStmt,
  schema: SchemaView,
  snapshot: boolean,
): { problems: Problem[]; schemaBefore: SchemaView | null } {
  const ctx = new BindContext(statement, schema, binder);
  const query = queryOf(raw.stmt);
  let output: Columns = null;
  if (query !== undefined) {
    try {
      output = bindQuery(query, new Level(null), ctx);
    } catch {
      // a parse tree shape the binder does not know: say nothing rather than guess
      return { problems: [], schemaBefore: null };
    }
  }
  try {
    checkDdlColumns(raw.stmt, ctx);
    checkStatementColumns(raw.stmt, ctx);
  } catch {
    // an unexpected DDL shape: say nothing about it
  }
  for (const p of sqlFunctionBodyProblems(statement, raw.stmt, schema, binder)) {
    ctx.report(p);
  }
  for (const p of plpgsqlCreateProblems(statement, raw.stmt, schema)) {
    ctx.report(p);
  }
  if (nodeAs(raw.stmt, 'DoStmt')) {
    for (const p of plpgsqlRunProblems(statement, raw.stmt, schema, binder)) {
      ctx.report(p);
    }
  }
  // taken before this statement's own DDL changes the schema, only when a fix may be re-bound
  const schemaBefore = snapshot && ctx.problems.some((p) => p.fixes.length > 0) ? schema.clone() : null;
  applyDocumentDdl(raw.stmt, output, schema);
  const seen = new Set<string>();
  const problems = ctx.problems.filter((p) => {
    const key = `${p.start}:${p.code}:${p.message}`;
    return !seen.has(key) && seen.add(key) !== undefined;
  });
  return { problems, schemaBefore };
}
