import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { useBoundDatabase } from './support/boundDatabase';
import { diagnosticsWhere } from './support/diagnosticsWhere';

/**
 * The headline in the real extension host: a .sql editor bound to a real database shows
 * PostgreSQL's 42703 with its hint word for word, and the quick fix, applied through the
 * VS Code API, changes the text and clears the diagnostic.
 */
const database = `diagnostics_vscode_${process.pid}`;

suite('misspelled columns in the real extension host', () => {
  useBoundDatabase(database, 'create table orders (orderid int primary key, customer text)');

  test('42703 with PostgreSQL\'s hint, and the quick fix applied through the VS Code API', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: 'select * from orders where order_id = 5;\n' });
    await vscode.window.showTextDocument(doc);
    // the catalog may still be loading: wait until the catalog-backed diagnostic arrives
    const diags = await diagnosticsWhere(doc.uri, (d) => d.some((x) => x.code === '42703'));
    const d = diags.find((x) => x.code === '42703')!;
    assert.equal(d.message, 'column "order_id" does not exist\nHint: Perhaps you meant to reference the column "orders.orderid".');
    assert.equal(d.source, 'pgsight');
    assert.equal(doc.getText(d.range), 'order_id');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Change to "orderid"');
    assert.ok(fix, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.isPreferred, true);
    assert.ok(fix.edit);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.getText(), 'select * from orders where orderid = 5;\n');
    await diagnosticsWhere(doc.uri, (after) => !after.some((x) => x.code === '42703'));
  });
});
