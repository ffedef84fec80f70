import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { useBoundDatabase } from './support/boundDatabase';
import { diagnosticsWhere } from './support/diagnosticsWhere';

/**
 * Completion and hover from the catalog, in the real extension host: the editor bound to a
 * real database completes `o.` with that table's columns and hovers a table with its facts.
 */
const database = `completion_vscode_${process.pid}`;

suite('completion and hover in the real extension host', () => {
  useBoundDatabase(
    database,
    `create table orders (orderid bigint primary key, customer_id int not null, order_date date default current_date);
       comment on table orders is 'One row per checkout';`,
  );

  test('o. completes the columns of orders; hovering orders shows the table', async () => {
    const text = 'select order_id from orders;\nselect o. from orders o;\n';
    const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: text });
    await vscode.window.showTextDocument(doc);
    // the 42703 on the first line appears once the catalog of the bound database is loaded
    await diagnosticsWhere(doc.uri, (d) => d.some((x) => x.code === '42703'));

    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(1, 'select o.'.length),
      '.',
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const column of ['orderid', 'customer_id', 'order_date']) {
      assert.ok(labels.includes(column), `completion offers ${column}: ${labels.slice(0, 10).join(', ')}`);
    }
    const orderid = list.items.find((i) => i.label === 'orderid')!;
    assert.equal(orderid.kind, vscode.CompletionItemKind.Field);
    assert.equal(orderid.detail, 'bigint · not null');

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      new vscode.Position(0, 'select order_id from ord'.length),
    );
    const markdown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(markdown, /table public\.orders/);
    assert.match(markdown, /One row per checkout/);
  });
});
