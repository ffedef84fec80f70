import * as vscode from 'vscode';
import { statementRanges } from '../../../shared/src/statementBounds';
import { setting } from '../config';

/** Statements EXPLAIN can take start with one of these words (after comments). */
const explainableStart = /^(?:\s*(?:--[^\n]*\n|\/\*[\s\S]*?\*\/))*\s*(select|with|insert|update|delete|merge|values|table|execute|explain|create\s+(?:(?:global\s+|local\s+)?(?:temp|temporary|unlogged)\s+)?table\s+[\s\S]*?\bas\b|create\s+materialized\s+view)\b/i;

/** "Explain Analyze | Explain" above each explainable statement of a PostgreSQL editor. */
export class ExplainCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!setting('explain.codeLens')) {
      return [];
    }
    const text = document.getText();
    if (text.length > 2_000_000) {
      return [];
    }
    const lenses: vscode.CodeLens[] = [];
    for (const s of statementRanges(text)) {
      if (!explainableStart.test(s.text.slice(0, 4000))) {
        continue;
      }
      // the lens sits on the statement's first code line, not on a leading comment
      const codeStart = s.start + (s.text.length - s.text.replace(/^(?:\s*(?:--[^\n]*\n|\/\*[\s\S]*?\*\/))*\s*/, '').length);
      const range = document.lineAt(document.positionAt(codeStart).line).range;
      const args = [document.uri, codeStart];
      lenses.push(
        new vscode.CodeLens(range, { title: '$(pulse) Explain Analyze', tooltip: 'Run EXPLAIN ANALYZE on this statement (inside BEGIN … ROLLBACK)', command: 'pgsight.explain.analyze', arguments: args }),
        new vscode.CodeLens(range, { title: 'Explain', tooltip: 'Show the plan without running the statement', command: 'pgsight.explain.plan', arguments: args }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
