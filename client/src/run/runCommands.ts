/**
 * The Run commands: Run Statement (the selection, else the statement at the cursor or at a
 * CodeLens' offset) and Run File (the document as psql runs a script) on the editor's session,
 * Cancel, Commit and Rollback. Results go to the results view, errors to a diagnostic at
 * PostgreSQL's position (cleared on the next run).
 */
import * as vscode from 'vscode';
import type { CommandTable } from '../commands';
import type { Ctx } from '../ctx';
import { statementFor } from '../explain/explainCommands';
import { log, showError } from '../log';
import type { EditorSessions, EditorRun } from './editorSessions';
import type { RerunTarget } from '../../../webview/src/results/resultsMessages';
import { ResultsPanel } from './resultsPanel';
import type { ExportFormat } from './resultExport';
import { errorLines, metaView, statementView, titleOf } from './resultView';
import type { StatementResult } from './runSession';
import { runSettings } from './runSettings';
import { runScript, type ScriptStepResult } from './scriptRunner';

/** Errors of the last run, at PostgreSQL's error position; cleared on the next run. */
export const runDiagnostics = vscode.languages.createDiagnosticCollection('pgsight-run');

/** What the run commands return (for tests and other extensions). */
export interface RunCommandResult {
  ok: boolean;
  steps: {
    tag: string | null;
    rowCount?: number;
    /** Column names and the first page of rows (as the grid shows them first), when the statement returned rows. */
    columns?: string[];
    rows?: (string | null)[][];
    sqlstate?: string;
    message?: string;
  }[];
}

/** Values given for `$n` parameters, per statement text, offered again next time. */
const rememberedParameters = new Map<string, (string | null)[]>();

async function askParameters(count: number, sql: string): Promise<(string | null)[] | undefined> {
  const before = rememberedParameters.get(sql) ?? [];
  const values: (string | null)[] = [];
  for (let i = 1; i <= count; i++) {
    const previous = before[i - 1];
    const v = await vscode.window.showInputBox({
      title: `Value for $${i} (of ${count})`,
      prompt: "Sent as a parameter (text; PostgreSQL converts it to the parameter's type). Type \\N for NULL.",
      value: previous === null ? '\\N' : (previous ?? ''),
      ignoreFocusOut: true,
    });
    if (v === undefined) {
      return undefined;
    }
    values.push(v === '\\N' ? null : v);
  }
  rememberedParameters.set(sql, values);
  return values;
}

function confirmer(run: EditorRun): ((reason: string) => Promise<boolean>) | undefined {
  if (!run.confirmWrites) {
    return undefined;
  }
  return async (reason) => {
    const go = 'Run';
    const answer = await vscode.window.showWarningMessage(
      `${run.label} is marked "confirm writes": ${reason}.`,
      { modal: true, detail: 'Run it on this database?' },
      go,
    );
    return answer === go;
  };
}

function reportRunError(document: vscode.TextDocument, at: number | undefined, r: StatementResult): void {
  const lines = errorLines(r.error!);
  if (at !== undefined) {
    const start = document.positionAt(at);
    const range = document.getWordRangeAtPosition(start) ?? new vscode.Range(start, start.translate(0, 1));
    const d = new vscode.Diagnostic(range, lines.join('\n'), vscode.DiagnosticSeverity.Error);
    d.source = 'pgsight Run';
    d.code = r.error!.sqlstate;
    runDiagnostics.set(document.uri, [d]);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    editor?.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
  if (r.error!.kind !== 'declined' && r.error!.kind !== 'cancelled') {
    const e = r.error!;
    void showError('pgsight: Run', { code: e.sqlstate, message: e.message, detail: e.detail, hint: e.hint, where: e.where }, r.sql);
  } else {
    log.error(`Run: ${lines.join('\n')}\n${r.sql}`);
  }
}

/** Runs `text` (found at `base` in the document) as a script on the editor's session. */
async function runText(
  ctx: Ctx,
  sessions: EditorSessions,
  document: vscode.TextDocument,
  text: string,
  base: number,
  rerun: RerunTarget,
): Promise<RunCommandResult> {
  runDiagnostics.delete(document.uri);
  let run: EditorRun | undefined;
  try {
    run = await sessions.open(document);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    void showError('pgsight: cannot connect', err);
    return { ok: false, steps: [{ tag: null, message: e.message ?? String(err) }] };
  }
  if (!run) {
    return { ok: false, steps: [] };
  }
  if (run.running) {
    void vscode.window.showInformationMessage(`pgsight: a statement is still running on ${run.label}: cancel it (status bar) or wait for it.`);
    return { ok: false, steps: [{ tag: null, message: 'busy' }] };
  }
  const r = run;
  // the one panel shows this run now: results of other editors it showed can no longer be
  // paged, so their cursors close and no session stays idle in a transaction for them
  await sessions.closeResults();
  const panel = ResultsPanel.show(ctx.extension, `Results: ${r.label}`);
  panel.start(r.label, rerun);
  const settings = runSettings();
  let cancelled = false;
  let session = r.session;
  const cancel = () => {
    cancelled = true;
    void session.cancel();
  };
  panel.onCancel = cancel;
  sessions.onTick = (ms) => panel.progress(true, ms);
  let id = 0;
  let pagedId: number | undefined;
  const steps: RunCommandResult['steps'] = [];
  const outcome = await sessions.track(r, cancel, () =>
    runScript(text, r.session, {
      pageSize: settings.pageSize,
      vars: r.vars,
      confirmWrite: confirmer(r),
      parameters: askParameters,
      stopped: () => cancelled,
      onFirstRows: (columns, rows, statement) => {
        // shown at once; the set with its tag and count replaces it when the count is in
        panel.add({
          id: id + 1,
          title: titleOf(statement),
          tag: null,
          ms: 0,
          columns: columns.map((c) => ({ name: c.name, type: c.type })),
          rows,
          rowCount: rows.length,
          paged: false,
          messages: [],
        });
      },
      connect: async (db) => {
        session = await sessions.connect(r.resolved, r.readOnly, db ?? undefined);
        return session;
      },
      onStep: (step: ScriptStepResult) => {
        if (pagedId !== undefined) {
          panel.closed(pagedId); // the next statement closed the previous result's cursor
          pagedId = undefined;
        }
        if (step.kind === 'meta') {
          panel.add(metaView(++id, step.text, step.output, step.error));
          steps.push({ tag: null, message: step.error ?? step.output });
          return;
        }
        const res = step.result;
        const view = statementView(++id, res);
        const cursor = res.cursor;
        const owner = session;
        panel.add(
          view,
          cursor ? (start, count) => owner.page(cursor, start, count) : undefined,
          cursor && cursor.values.length === 0 ? (out, stop) => owner.copyCsv(cursor, out, stop) : undefined,
          res.insertSource ? () => owner.insertTarget(res.insertSource!) : undefined,
        );
        if (cursor) {
          pagedId = view.id;
        }
        steps.push({
          tag: res.tag,
          rowCount: res.rowCount,
          columns: res.columns?.map((c) => c.name),
          rows: res.rows,
          sqlstate: res.error?.sqlstate,
          message: res.error?.message,
        });
        if (res.error) {
          reportRunError(document, step.errorAt !== undefined ? base + step.errorAt : undefined, res);
        }
      },
    }),
  );
  r.session = outcome.session;
  panel.progress(
    false,
    outcome.steps.reduce((t, s) => t + (s.kind === 'statement' ? s.result.ms : 0), 0),
  );
  sessions.render();
  return { ok: !outcome.stopped, steps };
}

async function runStatement(ctx: Ctx, sessions: EditorSessions, uri?: vscode.Uri, offset?: number): Promise<RunCommandResult> {
  const statement = await statementFor(uri, offset);
  if (!statement) {
    void vscode.window.showInformationMessage('pgsight: put the cursor in a SQL statement (or select some) to run it.');
    return { ok: false, steps: [] };
  }
  return runText(ctx, sessions, statement.document, statement.text, statement.offset, {
    command: 'pgsight.run.statement',
    uri: statement.document.uri.toString(),
    offset: statement.offset,
  });
}

async function runFile(ctx: Ctx, sessions: EditorSessions, uri?: vscode.Uri): Promise<RunCommandResult> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document) {
    return { ok: false, steps: [] };
  }
  return runText(ctx, sessions, document, document.getText(), 0, { command: 'pgsight.run.file', uri: document.uri.toString() });
}

async function endTransaction(sessions: EditorSessions, commit: boolean): Promise<string | undefined> {
  const run = sessions.active();
  if (!run || run.session.isClosed) {
    void vscode.window.showInformationMessage('pgsight: this editor has no open session.');
    return undefined;
  }
  const r = commit ? await run.session.commit() : await run.session.rollback();
  sessions.render();
  const text = r.error
    ? errorLines(r.error).join(' — ')
    : `${r.tag ?? ''}${r.notices.length ? ` (${r.notices.map((n) => `${n.severity}: ${n.message}`).join('; ')})` : ''}`;
  void vscode.window.setStatusBarMessage(`pgsight: ${text}`, 5000);
  return r.tag ?? undefined;
}

/** What the run commands work on: the extension's context and the editors' sessions. */
export interface RunServices {
  ctx: Ctx;
  sessions: EditorSessions;
}

export const runCommands: CommandTable<RunServices> = {
  'pgsight.run.statement':
    ({ ctx, sessions }) =>
    (uri?: vscode.Uri, offset?: number) =>
      runStatement(ctx, sessions, uri, offset),
  'pgsight.run.file':
    ({ ctx, sessions }) =>
    (uri?: vscode.Uri) =>
      runFile(ctx, sessions, uri),
  'pgsight.run.cancel':
    ({ sessions }) =>
    () => {
      sessions.active()?.running?.cancel();
    },
  'pgsight.run.commit':
    ({ sessions }) =>
    () =>
      endTransaction(sessions, true),
  'pgsight.run.rollback':
    ({ sessions }) =>
    () =>
      endTransaction(sessions, false),
  'pgsight.run.export': () => (format?: ExportFormat, uri?: vscode.Uri) => ResultsPanel.exportLatest(format, uri),
};
