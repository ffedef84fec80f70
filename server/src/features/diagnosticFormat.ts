/** Problems as LSP diagnostics (DESIGN contract 2): the message, then `Hint: …`, then `Detail: …`. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Problem } from '../analysis/analyzeDocument';
import { diagnosticSource } from '../../../shared/src/diagnosticCodes';

export function diagnosticMessage(p: Pick<Problem, 'message' | 'hint' | 'detail'>): string {
  return [p.message, p.hint !== undefined ? `Hint: ${p.hint}` : null, p.detail !== undefined ? `Detail: ${p.detail}` : null]
    .filter((l) => l !== null)
    .join('\n');
}

/** A problem found offline, or one PostgreSQL reported (any SQLSTATE). */
export function toDiagnostic(doc: TextDocument, p: Pick<Problem, 'message' | 'hint' | 'detail' | 'start' | 'end' | 'severity'> & { code: string }): Diagnostic {
  return {
    range: { start: doc.positionAt(p.start), end: doc.positionAt(p.end) },
    severity: p.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
    code: p.code,
    source: diagnosticSource,
    message: diagnosticMessage(p),
  };
}
