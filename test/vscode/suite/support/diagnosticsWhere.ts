import * as vscode from 'vscode';

/** Resolves with the document's diagnostics once `accept` likes them (event-driven, no sleep). */
export function diagnosticsWhere(uri: vscode.Uri, accept: (d: readonly vscode.Diagnostic[]) => boolean): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const now = vscode.languages.getDiagnostics(uri);
    if (accept(now)) {
      resolve(now);
      return;
    }
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) {
        const d = vscode.languages.getDiagnostics(uri);
        if (accept(d)) {
          sub.dispose();
          resolve(d);
        }
      }
    });
  });
}
