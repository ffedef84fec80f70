import * as vscode from 'vscode';
import { statementRanges } from '../../../shared/src/statementBounds';

/** "Run" above every statement of a PostgreSQL editor (beside Explain's lenses on the same line). */
export class RunCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly enabled: () => boolean) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const text = document.getText();
    if (!this.enabled() || text.length > 2_000_000) {
      return [];
    }
    return statementRanges(text).map((s) => {
      // the lens sits on the statement's first code line, not on a leading comment
      const codeStart = s.start + (s.text.length - s.text.replace(/^(?:\s*(?:--[^\n]*\n|\/\*[\s\S]*?\*\/))*\s*/, '').length);
      const range = document.lineAt(document.positionAt(codeStart).line).range;
      return new vscode.CodeLens(range, { title: '$(play) Run', tooltip: 'Run this statement on the editor\'s session (Ctrl+Enter)', command: 'pgsight.run.statement', arguments: [document.uri, codeStart] });
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
