/**
 * A document as psql runs it as a script (psql -f with ON_ERROR_STOP): its statements from the
 * one splitter (shared/src/statementSplitter.ts) and its meta-command lines, in the order psql
 * acts on them — a meta-command when psql reads it, a statement when its `;` is read. No vscode.
 */
import { splitScript, type StatementSpan } from '../../../shared/src/statementSplitter';

export type ScriptStep =
  | { kind: 'statement'; span: StatementSpan }
  | { kind: 'meta'; start: number; end: number; text: string };

export function scriptSteps(documentText: string, known: Iterable<string> = []): ScriptStep[] {
  const { statements, metaCommands } = splitScript(documentText, known);
  const steps: { at: number; step: ScriptStep }[] = [
    ...statements.map((span) => ({ at: span.end, step: { kind: 'statement', span } as ScriptStep })),
    ...metaCommands.map((m) => ({ at: m.start, step: { kind: 'meta', ...m } as ScriptStep })),
  ];
  return steps.sort((a, b) => a.at - b.at).map((s) => s.step);
}
