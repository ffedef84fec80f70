import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunCommandResult } from '../../../client/src/run/runCommands';
import { activatePgsight } from './support/activatePgsight';
import { createTestDatabase, databaseUrl, dropTestDatabase, sql } from './support/testDatabase';

/**
 * Run in the real extension host: Run Statement returns PostgreSQL's command tag and the rows
 * as the server printed them, Run File stops at the first error (checked in the database),
 * BEGIN leaves the editor's session in a transaction (pg_stat_activity says so) and
 * pgsight.run.rollback ends it, the insert gone; an error lands as a diagnostic at its position.
 */
const database = `run_vscode_${process.pid}`;

async function editorWith(text: string, cursorAt: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'postgres', content: text });
  const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  const pos = doc.positionAt(text.indexOf(cursorAt));
  editor.selection = new vscode.Selection(pos, pos);
  return editor;
}

/** Moves the cursor of the active editor to the first occurrence of `text`. */
function cursorTo(editor: vscode.TextEditor, text: string): void {
  const pos = editor.document.positionAt(editor.document.getText().indexOf(text));
  editor.selection = new vscode.Selection(pos, pos);
}

const runStatement = () => vscode.commands.executeCommand<RunCommandResult>('pgsight.run.statement');

/** The backend state of the Run sessions on the test database, as another session sees it. */
async function sessionStates(): Promise<string[]> {
  const rows = await sql<{ state: string }>(databaseUrl('postgres'), `select state from pg_stat_activity where datname = '${database}' and backend_type = 'client backend' and pid <> pg_backend_pid() order by state`);
  return rows.map((r) => r.state);
}

suite('Run SQL in the real VS Code', () => {
  suiteSetup(async function () {
    this.timeout(120_000);
    await vscode.workspace.openTextDocument({ language: 'postgres', content: 'select 1' });
    await activatePgsight();
    await createTestDatabase(database);
    await sql(databaseUrl(database), 'create table items (id int primary key, note text)');
    // an unbound editor runs on pgsight.explain.connection, as Explain does
    await vscode.workspace.getConfiguration('pgsight').update('explain.connection', databaseUrl(database), vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('pgsight').update('explain.connection', undefined, vscode.ConfigurationTarget.Global);
    await dropTestDatabase(database);
  });

  test('Run Statement runs the statement at the cursor: its tag and rows as PostgreSQL prints them', async function () {
    this.timeout(60_000);
    await editorWith("select 1;\n\nselect 1.10::numeric as price, null::text as nothing, '' as empty, '\\x00ff'::bytea as bytes\nunion all select 2, 'x', 'y', null;\n\nselect 3;", 'price');
    const r = await runStatement();
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.steps.length, 1, 'only the statement at the cursor ran');
    const [step] = r.steps;
    assert.equal(step!.tag, 'SELECT 2');
    assert.equal(step!.rowCount, 2);
    assert.deepEqual(step!.columns, ['price', 'nothing', 'empty', 'bytes']);
    assert.deepEqual(step!.rows, [
      ['1.10', null, '', '\\x00ff'],
      ['2', 'x', 'y', null],
    ]);
  });

  test('Run Statement on a large SELECT counts every row and returns the first page', async function () {
    this.timeout(60_000);
    await editorWith('select g from generate_series(1, 100000) as g;', 'generate_series');
    const r = await runStatement();
    assert.equal(r.ok, true, JSON.stringify(r.steps));
    assert.equal(r.steps[0]!.tag, 'SELECT 100000');
    assert.equal(r.steps[0]!.rowCount, 100000);
    const rows = r.steps[0]!.rows!;
    assert.ok(rows.length > 0 && rows.length < 100000, `a first page, not the whole result (${rows.length} rows)`);
    assert.deepEqual(rows[0], ['1']);
  });

  test('Export Result writes the whole paged result as CSV, every row from the server, quoted as psql \\copy quotes', async function () {
    this.timeout(120_000);
    await editorWith(`select g, 'x,"y' || g as s, nullif(g % 3, 0) as n from generate_series(1, 100000) as g;`, 'generate_series');
    const r = await runStatement();
    assert.equal(r.ok, true, JSON.stringify(r.steps));
    assert.ok(r.steps[0]!.rows!.length < 100000, 'the view holds a first page only');
    const file = path.join(os.tmpdir(), `pgsight-export-${process.pid}.csv`);
    try {
      const written = await vscode.commands.executeCommand<number>('pgsight.run.export', 'csv', vscode.Uri.file(file));
      assert.equal(written, 100000);
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      assert.equal(lines.length, 100002, 'a header, 100,000 rows and the final newline');
      assert.deepEqual(lines.slice(0, 4), ['g,s,n', '1,"x,""y1",1', '2,"x,""y2",2', '3,"x,""y3",']);
      assert.equal(lines[100000], '100000,"x,""y100000",1');
      assert.equal(lines[100001], '');
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  test("another editor's run ends the transaction a paged result held open", async function () {
    this.timeout(60_000);
    await editorWith('select g from generate_series(1, 100000) as g;', 'generate_series');
    assert.equal((await runStatement()).steps[0]!.rowCount, 100000);
    assert.ok((await sessionStates()).includes('idle in transaction'), 'the result is paged from a cursor in a transaction');
    // the one results panel now shows the other editor's run: the first result cannot be paged any more
    await editorWith('select 1;', 'select');
    assert.equal((await runStatement()).steps[0]!.tag, 'SELECT 1');
    assert.ok(!(await sessionStates()).includes('idle in transaction'), `no session left idle in transaction: ${(await sessionStates()).join(', ')}`);
  });

  test('Run File stops at the first error; what ran before it stays', async function () {
    this.timeout(60_000);
    const editor = await editorWith(
      "insert into items values (1, 'one');\ninsert into items values (2, 'two'), (3, 'three');\nselect nte from items;\ninsert into items values (4, 'never');\n",
      'insert',
    );
    const r = await vscode.commands.executeCommand<RunCommandResult>('pgsight.run.file', editor.document.uri);
    assert.equal(r.ok, false);
    assert.deepEqual(
      r.steps.map((s) => [s.tag, s.sqlstate]),
      [['INSERT 0 1', undefined], ['INSERT 0 2', undefined], [null, '42703']],
    );
    assert.match(r.steps[2]!.message!, /column "nte" does not exist/);
    const ids = await sql<{ id: number }>(databaseUrl(database), 'select id from items order by id');
    assert.deepEqual(ids.map((x) => x.id), [1, 2, 3], 'the fourth insert never ran');
    // the error is a diagnostic on the word PostgreSQL points at
    const diags = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'pgsight Run');
    assert.equal(diags.length, 1);
    assert.equal(editor.document.getText(diags[0]!.range), 'nte');
    assert.equal(diags[0]!.code, '42703');
    // the next run clears it
    cursorTo(editor, "insert into items values (4");
    await sql(databaseUrl(database), 'delete from items where id = 4');
    const again = await runStatement();
    assert.equal(again.steps[0]!.tag, 'INSERT 0 1');
    assert.equal(vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'pgsight Run').length, 0);
  });

  test('BEGIN leaves the session in a transaction; Rollback ends it and the insert is gone', async function () {
    this.timeout(60_000);
    const editor = await editorWith("begin;\ninsert into items values (10, 'rolled back');\nselect count(*) from items where id = 10;\n", 'begin');
    const begun = await runStatement();
    assert.equal(begun.steps[0]!.tag, 'BEGIN');
    cursorTo(editor, 'insert');
    const inserted = await runStatement();
    assert.equal(inserted.steps[0]!.tag, 'INSERT 0 1');
    cursorTo(editor, 'select count');
    const seen = await runStatement();
    assert.deepEqual(seen.steps[0]!.rows, [['1']], 'the session sees its own insert');
    assert.ok((await sessionStates()).includes('idle in transaction'), 'the session holds its transaction open');
    // another session does not see the uncommitted row
    assert.equal((await sql(databaseUrl(database), 'select 1 from items where id = 10')).length, 0);
    const tag = await vscode.commands.executeCommand<string | undefined>('pgsight.run.rollback');
    assert.equal(tag, 'ROLLBACK');
    assert.ok(!(await sessionStates()).includes('idle in transaction'), 'no transaction left open');
    assert.equal((await sql(databaseUrl(database), 'select 1 from items where id = 10')).length, 0, 'the rolled-back insert is not there');
  });

  test('a failed statement in a transaction leaves it aborted until Rollback', async function () {
    this.timeout(60_000);
    const editor = await editorWith('begin;\nselect 1/0;\nselect 1;\n', 'begin');
    await runStatement();
    cursorTo(editor, 'select 1/0');
    const failed = await runStatement();
    assert.equal(failed.steps[0]!.sqlstate, '22012');
    cursorTo(editor, 'select 1;');
    const ignored = await runStatement();
    assert.equal(ignored.steps[0]!.sqlstate, '25P02', 'current transaction is aborted');
    assert.equal(await vscode.commands.executeCommand<string | undefined>('pgsight.run.rollback'), 'ROLLBACK');
    const after = await runStatement();
    assert.deepEqual(after.steps[0]!.rows, [['1']]);
  });
});
