import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DocsOpened } from '../../../client/src/docs/docsSurface';
import { activatePgsight, extensionId } from './support/activatePgsight';


interface Contributes {
  keybindings?: { command: string; key: string; when?: string }[];
  menus?: Record<string, { command: string; when?: string }[]>;
  commands?: { command: string; title: string; category?: string }[];
}

async function sqlEditor(content: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'sql', content });
  return vscode.window.showTextDocument(doc);
}

function select(editor: vscode.TextEditor, needle: string, length = needle.length): void {
  const at = editor.document.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} in the document`);
  editor.selection = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at + length));
}

suite('F1 opens the PostgreSQL manual', () => {
  suiteSetup(async () => {
    await sqlEditor('SELECT 1;');
    await activatePgsight();
  });

  test('F1 is bound in sql/postgres editors behind pgsight.docs.f1, and the editor context menu has the command', () => {
    const contributes = vscode.extensions.getExtension(extensionId)!.packageJSON.contributes as Contributes;
    const f1 = contributes.keybindings?.find((k) => k.command === 'pgsight.docs.open');
    assert.equal(f1?.key, 'f1');
    assert.match(f1?.when ?? '', /editorTextFocus/);
    assert.match(f1?.when ?? '', /editorLangId == sql/);
    assert.match(f1?.when ?? '', /editorLangId == postgres/);
    assert.match(f1?.when ?? '', /config\.pgsight\.docs\.f1/);
    assert.equal(vscode.workspace.getConfiguration('pgsight').get('docs.f1'), true);
    const menu = contributes.menus?.['editor/context']?.find((m) => m.command === 'pgsight.docs.open');
    assert.ok(menu, 'editor/context entry');
    const title = contributes.commands?.find((c) => c.command === 'pgsight.docs.open');
    assert.equal(`${title?.category}: ${title?.title}`, 'PostgreSQL: Open Documentation');
  });

  test('the selection LEFT JOIN opens the joined-tables section', async () => {
    const editor = await sqlEditor('SELECT *\n  FROM orders o\n  LEFT JOIN customers c ON c.id = o.customer_id;\n');
    select(editor, 'LEFT JOIN');
    const result = await vscode.commands.executeCommand<DocsOpened>('pgsight.docs.open');
    assert.equal(result.location?.page, 'queries-table-expressions.html');
    assert.equal(result.location?.anchor, 'QUERIES-JOIN');
    assert.match(result.location?.url ?? '', /^https:\/\/www\.postgresql\.org\/docs\/(\d+|current)\/queries-table-expressions\.html#QUERIES-JOIN$/);
    // the web page, or the same page of a local copy of the manual when one is installed
    assert.match(result.opened ?? '', /(^https:\/\/www\.postgresql\.org\/docs\/(\d+|current)\/|^file:\/\/\/.*\/)queries-table-expressions\.html#QUERIES-JOIN$/);
  });

  test('a hover link\'s { uri, range } arguments name the token; the cursor in CREATE DATABASE is that command', async () => {
    const editor = await sqlEditor('CREATE DATABASE shop TEMPLATE template0;\n');
    const uri = editor.document.uri.toString();
    const at = { line: 0, character: 10 };
    const result = await vscode.commands.executeCommand<DocsOpened>('pgsight.docs.open', { uri, range: { start: at, end: at } });
    assert.equal(result.location?.title, 'CREATE DATABASE');
    assert.equal(result.location?.page, 'sql-createdatabase.html');
  });

  test('with pgsight.docs.openIn = editor the page opens in a VS Code tab (Simple Browser)', async () => {
    const config = vscode.workspace.getConfiguration('pgsight');
    await config.update('docs.openIn', 'editor', vscode.ConfigurationTarget.Global);
    await config.update('docs.localPath', '/nonexistent/pgsight-no-local-manual', vscode.ConfigurationTarget.Global);
    try {
      const editor = await sqlEditor('SELECT * FROM generate_series(1, 3);\n');
      select(editor, 'generate_series', 0);
      const tabOpened = new Promise<vscode.Tab>((resolve) => {
        const sub = vscode.window.tabGroups.onDidChangeTabs((e) => {
          const tab = e.opened.find((t) => t.input instanceof vscode.TabInputWebview);
          if (tab) {
            sub.dispose();
            resolve(tab);
          }
        });
      });
      const result = await vscode.commands.executeCommand<DocsOpened>('pgsight.docs.open');
      assert.match(result.opened ?? '', /\/functions-srf\.html#id-[\d.]+$/);
      const tab = await tabOpened;
      assert.match(tab.label, /Simple Browser|postgresql/i);
      await vscode.window.tabGroups.close(tab);
    } finally {
      await config.update('docs.openIn', undefined, vscode.ConfigurationTarget.Global);
      await config.update('docs.localPath', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('nothing documented under the cursor: a status-bar message, no dialog, nothing opened', async () => {
    const editor = await sqlEditor('SELECT customer_name FROM customers;\n');
    select(editor, 'customer_name', 0);
    const result = await vscode.commands.executeCommand<DocsOpened>('pgsight.docs.open');
    assert.deepEqual(result, { location: null, opened: null });
  });
});
