/**
 * Checks a parsed document against a catalog: syntax errors (42601) from PostgreSQL's own
 * grammar, then name resolution statement by statement, with earlier statements' DDL
 * applied. Plain data in, plain data out.
 */
import type { RawStmt } from 'libpg-query';
import type { Catalog } from '../catalog/model';
import type { ParsedDocument, ParsedStatement } from '../parser';
import { BindContext, nodeAs, type Columns } from './binder/bindContext';
import { binder, bindQuery } from './binder/binder';
import { syntaxError } from './checks/syntaxError';
import { checkDdlColumns } from './binder/ddlColumns';
import { checkStatementColumns } from './binder/statementColumns';
import { applyDocumentDdl } from './binder/documentDdl';
import { sqlFunctionBodyProblems } from './binder/functionBody';
import type { Problem } from './problems';
import { Level } from './binder/scope';
import { SchemaView } from './binder/schemaView';
import { runAllSteps, runStepsInSlices } from '../timeSlices';

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

/** analyzeOnSchema as steps that yield between statements. */
export function analyzeOnSchemaSteps(doc: ParsedDocument, schema: SchemaView): Generator<void, Problem[]> {
  return analyzeSteps(doc, schema.catalog, schema);
}

/** The same, yielding to the event loop every ~`sliceMs`; null if `stale()` turns true. */
export async function analyzeDocumentAsync(doc: ParsedDocument, catalog: Catalog | null, stale: () => boolean, sliceMs = 20): Promise<Problem[] | null> {
  return runStepsInSlices(analyzeSteps(doc, catalog), stale, sliceMs);
}

function* analyzeSteps(doc: ParsedDocument, catalog: Catalog | null, start?: SchemaView): Generator<void, Problem[]> {
  let schema = start ?? new SchemaView(catalog);
  let connection = 0;
  const problems: Problem[] = [];
  for (const statement of doc.statements) {
    yield;
    if (statement.span.connection !== connection) {
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
    for (const raw of statement.stmts ?? []) {
      for (const p of analyzeStatement(statement, raw, schema)) {
        if (!variables.some((v) => p.start < v.end && v.start < p.end)) {
          problems.push(p);
        }
      }
    }
  }
  return problems;
}

function analyzeStatement(statement: ParsedStatement, raw: RawStmt, schema: SchemaView): Problem[] {
  const ctx = new BindContext(statement, schema, binder);
  const query = queryOf(raw.stmt);
  let output: Columns = null;
  if (query !== undefined) {
    try {
      output = bindQuery(query, new Level(null), ctx);
    } catch {
      // a parse tree shape the binder does not know: say nothing rather than guess
      return [];
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
  applyDocumentDdl(raw.stmt, output, schema);
  const seen = new Set<string>();
  return ctx.problems.filter((p) => {
    const key = `${p.start}:${p.code}:${p.message}`;
    return !seen.has(key) && seen.add(key) !== undefined;
  });
}
