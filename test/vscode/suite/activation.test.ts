import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PgsightApi } from '../../../client/src/extension';
import { StatusRequest } from '../../../shared/src/protocol';

const extensionId = 'pgsight.pgsight';

async function openWorkspaceFile(name: string): Promise<vscode.TextDocument> {
  const [ws] = vscode.workspace.workspaceFolders ?? [];
  assert.ok(ws, 'a workspace folder is open');
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(ws.uri, name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

suite('activation in the real VS Code extension host', () => {
  test('activates on a .sql file and the language server reports ready', async () => {
    const ext = vscode.extensions.getExtension<PgsightApi>(extensionId);
    assert.ok(ext, `extension ${extensionId} is installed`);
    const started = Date.now();
    const doc = await openWorkspaceFile('query.sql');
    assert.equal(doc.languageId, 'sql');
    // activation happens on onLanguage:sql; wait for the event, not a fixed sleep
    const api = ext.isActive ? ext.exports : await ext.activate();
    await api.ready;
    const readyMs = Date.now() - started;
    console.log(`activation + language server ready in ${readyMs} ms (VS Code ${vscode.version}, ${vscode.env.appHost})`);
    const status = await vscode.commands.executeCommand<StatusRequest.Result>('pgsight.server.status');
    assert.ok(status, 'pgsight.server.status returned the server status');
    assert.match(status.version, /^\d+\.\d+\.\d+$/);
    assert.ok(['none', 'loading', 'loaded', 'error'].includes(status.catalog.state));
  });

  test('.pgsql files get the postgres language with the pgsight grammar', async () => {
    const doc = await openWorkspaceFile('migration.pgsql');
    assert.equal(doc.languageId, 'postgres');
    const langs = await vscode.languages.getLanguages();
    assert.ok(langs.includes('postgres'));
  });

  test('the commands of the server surface are registered', async () => {
    const cmds = await vscode.commands.getCommands(true);
    for (const id of ['pgsight.server.restart', 'pgsight.server.showLog', 'pgsight.server.status', 'pgsight.catalog.refresh']) {
      assert.ok(cmds.includes(id), `${id} registered`);
    }
  });
});
