/**
 * What re-binding a statement with a quick fix applied needs (checkedFixes.ts), kept for each
 * problem that has fixes when the document is analysed: the statement, the schema as it was
 * just before it (the catalog plus the document's earlier DDL), and the statement's problems.
 * Held weakly by the problem objects, so it goes when the diagnostics it belongs to do.
 */
import type { ParsedStatement } from '../parser';
import type { SchemaView } from './binder/schemaView';
import type { Problem } from './problems';

export interface StatementInputs {
  statement: ParsedStatement;
  /** a snapshot: never mutated, copy it before binding */
  schema: SchemaView;
  /** every problem reported in the statement */
  problems: readonly Problem[];
}

const inputs = new WeakMap<Problem, StatementInputs>();

/** Records the inputs for the statement's problems that offer fixes (`schema`: a snapshot the caller no longer changes). */
export function rememberInputs(statement: ParsedStatement, schema: SchemaView, problems: readonly Problem[]): void {
  const withFixes = problems.filter((p) => p.fixes.length > 0);
  if (withFixes.length === 0) {
    return;
  }
  const remembered: StatementInputs = { statement, schema, problems };
  for (const p of withFixes) {
    inputs.set(p, remembered);
  }
}

export function inputsOf(problem: Problem): StatementInputs | undefined {
  return inputs.get(problem);
}
