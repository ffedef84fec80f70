import * as assert from 'node:assert/strict';
import pg from 'pg';
import * as vscode from 'vscode';
import type { PgsightApi } from '../../../client/src/extension';
import { SetConnectionNotification } from '../../../shared/src/protocol';

/**
 * The headline in the real extension host: a .sql editor bound to a real database shows
 * PostgreSQL's 42703 with its hint word for word, and the quick fix, applied through the
 * VS Code API, changes the text and clears the diagnostic.
 */
const database = `diagnostics_vscode_${process.pid}`;

function dbUrl(name: string): string {
  const u = new URL(process.env.PGSIGHT_TEST_URL!);
  u.pathname = `/${name}`;
  return u.toString();
}

async function sql(url: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

/** Resolves with the document's diagnostics once `accept` likes them (event-driven, no sleep). */
function diagnosticsWhere(uri: vscode.Uri, accept: (d: readonly vscode.Diagnostic[]) => boolean): Promise<readonly vscode.Diagnostic[]> {
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

suite('misspelled columns in the real extension host', () => {
  let api: PgsightApi;
  let savedConnection: string | null = null;

  suiteSetup(async () => {
    await sql(process.env.PGSIGHT_TEST_URL!, `drop database if exists ${database}`);
    await sql(process.env.PGSIGHT_TEST_URL!, `create database ${database}`);
    await sql(dbUrl(database), 'create table orders (orderid int primary key, customer text)');
    const ext = vscode.extensions.getExtension<PgsightApi>('pgsight.pgsight');
    assert.ok(ext);
    await vscode.workspace.openTextDocument({ language: 'sql', content: 'select 1;' });
    api = ext.isActive ? ext.exports : await ext.activate();
    await api.ready;
    savedConnection = api.ctx.connection;
    // bind the server's catalog to the test database, as the tree's binding does
    await api.ctx.client!.sendNotification(SetConnectionNotification.method, { connection: dbUrl(database) });
  });

  suiteTeardown(async () => {
    if (savedConnection !== null) {
      await api.ctx.client?.sendNotification(SetConnectionNotification.method, { connection: savedConnection });
    }
    await sql(process.env.PGSIGHT_TEST_URL!, `drop database if exists ${database} with (force)`);
  });

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
