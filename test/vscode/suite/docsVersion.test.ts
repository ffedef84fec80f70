import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DocsOpened } from '../../../client/src/docs/docsSurface';
import { useBoundDatabase } from './support/boundDatabase';

// Issue 13: F1 reads the manual of the connected server's major. Against the embedded
// PostgreSQL 18, a function only PostgreSQL 18 has opens its row in the 18 manual.
suite('F1 reads the connected server\'s manual', () => {
  useBoundDatabase(`docs_version_vscode_${process.pid}`, 'SELECT 1;');

  test('F1 on uuidv7 (new in 18) opens functions-uuid.html of the 18 manual, not "not in PostgreSQL …"', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: 'SELECT uuidv7();\n' });
    const editor = await vscode.window.showTextDocument(doc);
    const at = doc.positionAt('SELECT uu'.length);
    editor.selection = new vscode.Selection(at, at);
    const result = await vscode.commands.executeCommand<DocsOpened>('pgsight.docs.open');
    assert.match(result.location?.url ?? '', /^https:\/\/www\.postgresql\.org\/docs\/18\/functions-uuid\.html#[\w.-]+$/);
    assert.equal(result.location?.title, 'uuidv7');
    assert.equal(result.location?.page, 'functions-uuid.html');
  });
});
