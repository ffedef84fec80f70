import * as path from 'node:path';
import * as vscode from 'vscode';
import { statementAt } from '../../../shared/src/statementBounds';
import type { CommandTable } from '../commands';
import { setting, updateUserSetting, userSetting } from '../config';
import type { Ctx } from '../ctx';
import { log, showError } from '../log';
import { pgErrorInfo, pgErrorParts } from '../pgError';
import { explainTarget } from './explainConnection';
import { ExplainError, ExplainRun, type ExplainQuestion, type ExplainResult } from './explainRunner';
import { PlanPanel } from './planPanel';
import { standaloneHtml } from './standaloneHtml';

/** Errors of the last run, shown where PostgreSQL's cursor points; cleared on the next run. */
export const explainDiagnostics = vscode.languages.createDiagnosticCollection('pgsight-explain');

/** What the explain commands return (for tests and other extensions). */
export interface ExplainCommandResult {
  ok: boolean;
  nodes?: number;
  gathers?: number;
  error?: { kind: string; sqlstate?: string; message: string };
}

export interface Statement {
  document: vscode.TextDocument;
  text: string;
  /** Offset of `text` in the document. */
  offset: number;
}

/** The selection, else the statement at the cursor (or at `offset` when a CodeLens passes one). */
export async function statementFor(uri?: vscode.Uri, offset?: number): Promise<Statement | undefined> {
  const editor = uri ? vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString()) : vscode.window.activeTextEditor;
  const document = editor?.document ?? (uri ? await vscode.workspace.openTextDocument(uri) : undefined);
  if (!document) {
    return undefined;
  }
  if (editor && offset === undefined && !editor.selection.isEmpty) {
    return { document, text: document.getText(editor.selection), offset: document.offsetAt(editor.selection.start) };
  }
  const at = offset ?? (editor ? document.offsetAt(editor.selection.active) : 0);
  const s = statementAt(document.getText(), at);
  return s ? { document, text: s.text, offset: s.start } : undefined;
}

/**
 * Asked before EXPLAIN ANALYZE executes a statement that writes or whose effects ROLLBACK does
 * not undo. `pgsight.explain.confirmWrites: false` skips the question for plain writes only:
 * what outlives the ROLLBACK (named in `lasting`) is always asked about.
 */
async function confirmWrite(question: ExplainQuestion): Promise<boolean> {
  if (question.lasting.length === 0 && !userSetting('explain.confirmWrites')) {
    return true;
  }
  const run = 'Run and Roll Back';
  const always = 'Always Run (Rolled Back)';
  const message = `EXPLAIN ANALYZE executes the statement: ${question.reason}.`;
  const detail =
    question.lasting.length === 0
      ? 'pgsight runs it inside BEGIN … ROLLBACK, so no data stays changed, but it takes locks and fires triggers while it runs.'
      : `pgsight runs it inside BEGIN … ROLLBACK, but ROLLBACK does not undo this:\n${question.lasting.map((l) => `• ${l}`).join('\n')}`;
  const choice =
    question.lasting.length === 0
      ? await vscode.window.showWarningMessage(message, { modal: true, detail }, run, always)
      : await vscode.window.showWarningMessage(message, { modal: true, detail }, run);
  if (choice === always) {
    await updateUserSetting('explain.confirmWrites', false);
  }
  return choice === run || choice === always;
}

/** PostgreSQL's error as a diagnostic on the word its cursor points at, and in a notification. */
function showErrorAt(statement: Statement, err: ExplainError): void {
  const f = err.fields;
  const pgError = { code: f.sqlstate, message: err.message, detail: f.detail, hint: f.hint, where: f.where };
  const lines = pgErrorParts(pgErrorInfo(pgError));
  if (f.offset !== undefined) {
    const start = statement.document.positionAt(statement.offset + f.offset);
    const word = statement.document.getWordRangeAtPosition(start) ?? new vscode.Range(start, start.translate(0, 1));
    const d = new vscode.Diagnostic(word, lines.join('\n'), vscode.DiagnosticSeverity.Error);
    d.source = 'pgsight EXPLAIN';
    d.code = f.sqlstate;
    explainDiagnostics.set(statement.document.uri, [d]);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === statement.document);
    if (editor) {
      editor.selection = new vscode.Selection(word.start, word.end);
      editor.revealRange(word, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }
  void showError('EXPLAIN failed', pgError, statement.text);
}

async function runExplain(ctx: Ctx, analyze: boolean, uri?: vscode.Uri, offset?: number): Promise<ExplainCommandResult> {
  const statement = await statementFor(uri, offset);
  if (!statement) {
    void vscode.window.showInformationMessage('pgsight: put the cursor in a SQL statement (or select one) to explain it.');
    return { ok: false, error: { kind: 'refused', message: 'no statement' } };
  }
  explainDiagnostics.delete(statement.document.uri);
  const target = await explainTarget(ctx, statement.document);
  if (!target) {
    return { ok: false, error: { kind: 'declined', message: 'no database chosen' } };
  }
  const timeoutMs = setting('explain.statementTimeout');
  const title = analyze ? 'EXPLAIN ANALYZE' : 'EXPLAIN';
  const attempt = (forceWrite: boolean) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${title} on ${target.label}`, cancellable: true }, async (progress, token): Promise<ExplainResult> => {
      progress.report({ message: 'connecting…' });
      const client = await target.open();
      try {
        const run = new ExplainRun(client);
        token.onCancellationRequested(() => {
          progress.report({ message: 'cancelling (cancel request to the server)…' });
          run.cancel().catch((err: unknown) => log.error('cancel failed', err));
        });
        progress.report({ message: analyze ? 'running the statement inside BEGIN … ROLLBACK — Cancel stops it' : 'planning…' });
        return await run.run({ sql: statement.text, analyze, timeoutMs, confirmWrite, forceWrite });
      } finally {
        await client.end().catch(() => undefined);
      }
    });
  let result: ExplainResult;
  try {
    try {
      result = await attempt(false);
    } catch (err) {
      // a "read" that wrote through a function: offer to run it as a write, still rolled back
      if (err instanceof ExplainError && err.fields.sqlstate === '25006' && analyze) {
        const again = await vscode.window.showWarningMessage(`${err.message}. The statement writes (through a function it calls).`, 'Run as a Write (Rolled Back)');
        if (again) {
          result = await attempt(true);
        } else {
          throw err;
        }
      } else {
        throw err;
      }
    }
  } catch (err) {
    if (err instanceof ExplainError) {
      if (err.kind === 'declined') {
        return { ok: false, error: { kind: err.kind, message: err.message } };
      }
      if (err.kind === 'cancelled') {
        // a cancel the server never answered says that the connection was dropped
        void vscode.window.showInformationMessage(err.message.startsWith('Cancelled:') ? `pgsight: ${title} ${err.message}` : `pgsight: ${title} cancelled.`);
      } else {
        showErrorAt(statement, err);
      }
      return { ok: false, error: { kind: err.kind, sqlstate: err.fields.sqlstate, message: err.message } };
    }
    const e = err as { code?: string; message?: string };
    void showError(`pgsight: cannot connect to ${target.label}`, err);
    return { ok: false, error: { kind: 'connection', sqlstate: e.code, message: e.message ?? String(err) } };
  }
  const firstLine = result.sql.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('--'))?.trim() ?? 'query';
  const panel = PlanPanel.show(ctx.extension, { source: result.planJson, sql: result.sql, title: `${analyze ? 'EXPLAIN ANALYZE' : 'EXPLAIN'} ${firstLine}` });
  await panel.whenReady();
  const plan = panel.content.source;
  return { ok: true, ...counts(plan) };
}

function counts(source: string): { nodes: number; gathers: number } {
  const nodes = (source.match(/"Node Type"/g) ?? []).length;
  const gathers = (source.match(/"Node Type": "Gather( Merge)?"/g) ?? []).length;
  return { nodes, gathers };
}

async function openPlan(ctx: Ctx, input?: vscode.Uri | string): Promise<ExplainCommandResult> {
  let source: string | undefined;
  let title: string | undefined;
  if (typeof input === 'string') {
    source = input;
  } else if (input instanceof vscode.Uri) {
    source = Buffer.from(await vscode.workspace.fs.readFile(input)).toString('utf8');
    title = path.basename(input.fsPath);
  } else {
    const pick = await vscode.window.showQuickPick(
      [
        { label: '$(file) From a file…', description: 'EXPLAIN JSON, or text as psql or auto_explain print it', id: 'file' },
        { label: '$(clippy) From the clipboard', id: 'clipboard' },
      ],
      { title: 'Open Plan' },
    );
    if (pick?.id === 'clipboard') {
      source = await vscode.env.clipboard.readText();
      title = 'plan from the clipboard';
    } else if (pick?.id === 'file') {
      const [file] = (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'EXPLAIN output': ['json', 'txt', 'log', 'sql'], 'All files': ['*'] } })) ?? [];
      if (file) {
        source = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
        title = path.basename(file.fsPath);
      }
    }
  }
  if (source === undefined) {
    return { ok: false };
  }
  try {
    const panel = PlanPanel.show(ctx.extension, { source, title });
    await panel.whenReady();
    return { ok: true, ...counts(source) };
  } catch (err) {
    void vscode.window.showErrorMessage(`pgsight: this is not an EXPLAIN plan PostgreSQL printed (${(err as Error).message}).`);
    return { ok: false, error: { kind: 'parse', message: (err as Error).message } };
  }
}

async function exportHtml(target?: vscode.Uri): Promise<string | undefined> {
  const panel = PlanPanel.active;
  if (!panel) {
    void vscode.window.showInformationMessage('pgsight: open a plan first (Explain Analyze, or Open Plan…).');
    return undefined;
  }
  const uri = target ?? (await vscode.window.showSaveDialog({ filters: { HTML: ['html'] }, saveLabel: 'Export Plan', title: 'Export the plan as one HTML file' }));
  if (!uri) {
    return undefined;
  }
  const html = standaloneHtml(panel.content.source, { title: panel.content.title, sql: panel.content.sql });
  await vscode.workspace.fs.writeFile(uri, Buffer.from(html, 'utf8'));
  void vscode.window.showInformationMessage(`pgsight: plan exported to ${uri.fsPath} (one file, no network resources).`);
  return uri.fsPath;
}

export const explainCommands: CommandTable = {
  'pgsight.explain.analyze': (ctx) => (uri?: vscode.Uri, offset?: number) => runExplain(ctx, true, uri, offset),
  'pgsight.explain.plan': (ctx) => (uri?: vscode.Uri, offset?: number) => runExplain(ctx, false, uri, offset),
  'pgsight.explain.openPlan': (ctx) => (input?: vscode.Uri | string) => openPlan(ctx, input),
  'pgsight.explain.exportHtml': () => (target?: vscode.Uri) => exportHtml(target),
};
