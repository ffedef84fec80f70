import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';
import type { ExplainCommandResult } from '../../../client/src/explain/explainCommands';
import { activatePgsight } from './support/activatePgsight';
import { createTestDatabase, databaseUrl, dropTestDatabase, sql } from './support/testDatabase';

/**
 * EXPLAIN in the real extension host: the command on the statement at the cursor opens the
 * plan view on a parallel plan, writes are rolled back, VACUUM is refused, PostgreSQL's error
 * lands on the offending word, Open Plan reads the text format, Export writes one HTML file.
 */
const database = `explain_vscode_${process.pid}`;

function planTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('pgsight.plan'));
}

async function editorWith(text: string, cursorAt: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'postgres', content: text });
  const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  const pos = doc.positionAt(text.indexOf(cursorAt));
  editor.selection = new vscode.Selection(pos, pos);
  return editor;
}

suite('EXPLAIN and the plan view in the real VS Code', () => {
  suiteSetup(async function () {
    this.timeout(120_000);
    await vscode.workspace.openTextDocument({ language: 'postgres', content: 'select 1' });
    await activatePgsight();
    await createTestDatabase(database);
    const url = databaseUrl(database);
    for (const s of [
      'create table tbl_parallel_test(c1 int, c2 char(1000))',
      "insert into tbl_parallel_test values (generate_series(1, 20000), 'aaaaa')",
      'analyze tbl_parallel_test',
      // the settings of Amit Kapila's post, for every session of this database
      `alter database ${database} set max_parallel_workers_per_gather = 4`,
      `alter database ${database} set parallel_setup_cost = 0`,
      `alter database ${database} set parallel_tuple_cost = 0`,
      `alter database ${database} set min_parallel_table_scan_size = 0`,
    ]) {
      await sql(url, s);
    }
    // an unbound editor: Explain uses pgsight.explain.connection
    await vscode.workspace.getConfiguration('pgsight').update('explain.connection', url, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('pgsight').update('explain.confirmWrites', false, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    await vscode.workspace.getConfiguration('pgsight').update('explain.connection', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('pgsight').update('explain.confirmWrites', undefined, vscode.ConfigurationTarget.Global);
    await dropTestDatabase(database);
  });

  test('Explain Analyze on the statement at the cursor opens the plan view on a parallel plan', async function () {
    this.timeout(60_000);
    await editorWith("select 1;\n\nselect count(*) from tbl_parallel_test\nwhere c2 like '%bb%';\n\nselect 2;", 'count(*)');
    const r = await vscode.commands.executeCommand<ExplainCommandResult>('pgsight.explain.analyze');
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.equal(r.gathers, 1, 'the plan has its Gather');
    assert.equal(planTabs().length, 1, 'one plan panel');
    // a second run, from the statement's CodeLens, reuses the panel
    const editor = vscode.window.activeTextEditor!;
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    const explainLens = lenses.find((l) => l.command?.command === 'pgsight.explain.plan' && l.range.start.line === 2)!;
    const again = await vscode.commands.executeCommand<ExplainCommandResult>(explainLens.command!.command, ...(explainLens.command!.arguments ?? []));
    assert.equal(again.ok, true, JSON.stringify(again.error));
    assert.equal(again.gathers, 1);
    assert.equal(planTabs().length, 1);
  });

  test('CodeLens offers Explain Analyze and Explain on explainable statements only', async () => {
    const editor = await editorWith('-- report\nselect 1;\nvacuum t;\nupdate t set a = 1;\ncreate table t2 as select 1;\ncreate table t3 (a int);', 'select');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    const ours = lenses.filter((l) => l.command?.command.startsWith('pgsight.explain.'));
    assert.deepEqual(
      ours.map((l) => [l.range.start.line, l.command!.command]),
      [[1, 'pgsight.explain.analyze'], [1, 'pgsight.explain.plan'], [3, 'pgsight.explain.analyze'], [3, 'pgsight.explain.plan'], [4, 'pgsight.explain.analyze'], [4, 'pgsight.explain.plan']],
    );
  });

  test('an UPDATE is explained and rolled back', async function () {
    this.timeout(60_000);
    await editorWith('update tbl_parallel_test set c1 = -c1 where c1 <= 100;', 'update');
    const r = await vscode.commands.executeCommand<ExplainCommandResult>('pgsight.explain.analyze');
    assert.equal(r.ok, true, JSON.stringify(r.error));
    const [row] = await sql<{ n: string }>(databaseUrl(database), 'select count(*) as n from tbl_parallel_test where c1 < 0');
    assert.equal(row!.n, '0');
  });

  test('VACUUM is refused with a clear message', async () => {
    await editorWith('vacuum tbl_parallel_test;', 'vacuum');
    const r = await vscode.commands.executeCommand<ExplainCommandResult>('pgsight.explain.analyze');
    assert.equal(r.ok, false);
    assert.equal(r.error?.kind, 'refused');
    assert.equal(r.error?.sqlstate, '25001');
    assert.match(r.error!.message, /^VACUUM cannot run inside a transaction block/);
  });

  test("PostgreSQL's error is put on the word its cursor points at", async function () {
    this.timeout(30_000);
    const editor = await editorWith('select nme, c1 from tbl_parallel_test;', 'c1');
    const r = await vscode.commands.executeCommand<ExplainCommandResult>('pgsight.explain.analyze');
    assert.equal(r.error?.sqlstate, '42703');
    const diags = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'pgsight EXPLAIN');
    assert.equal(diags.length, 1);
    assert.equal(editor.document.getText(diags[0]!.range), 'nme');
    assert.match(diags[0]!.message, /^42703: column "nme" does not exist/);
  });

  test('Open Plan reads psql text output; Export writes one standalone HTML file', async function () {
    this.timeout(30_000);
    const [ws] = vscode.workspace.workspaceFolders!;
    const text = [
      '                                   QUERY PLAN',
      '-------------------------------------------------------------------------------',
      ' Gather  (cost=0.00..14661.00 rows=1 width=1008) (actual time=30.0..31.0 rows=0.00 loops=1)',
      '   Workers Planned: 4',
      '   Workers Launched: 1',
      '   ->  Parallel Seq Scan on tbl_parallel_test  (cost=0.00..14661.00 rows=1 width=1008) (actual time=29.0..29.5 rows=0.00 loops=2)',
      "         Filter: (c2 ~~ '%bb%'::text)",
      '         Rows Removed by Filter: 50000',
      ' Planning Time: 0.100 ms',
      ' Execution Time: 31.100 ms',
      '(8 rows)',
    ].join('\n');
    const r = await vscode.commands.executeCommand<ExplainCommandResult>('pgsight.explain.openPlan', text);
    assert.equal(r.ok, true, JSON.stringify(r.error));
    const out = vscode.Uri.joinPath(ws!.uri, 'plan-export.html');
    const written = await vscode.commands.executeCommand<string>('pgsight.explain.exportHtml', out);
    assert.equal(written, out.fsPath);
    const html = fs.readFileSync(out.fsPath, 'utf8');
    assert.match(html, /1 of 4 workers launched/);
    assert.doesNotMatch(html, /(src|href)\s*=\s*["']?https?:/);
    assert.match(html, /<script nonce="[^"]+">/, 'the view script is inlined');
  });
});
