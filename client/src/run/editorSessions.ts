/**
 * One Run session per editor (document), opened on first Run on the editor's database, kept
 * until the editor closes: the status bar shows the active editor's session (running with the
 * elapsed time, idle in transaction, failed transaction, a result held open for paging), and
 * closing an editor whose transaction is open asks whether to commit or roll back first.
 */
import type pg from 'pg';
import * as vscode from 'vscode';
import { connectClient, resolveConnection, type ResolvedConnection } from '../../../shared/src/libpq';
import { userSetting } from '../config';
import type { Ctx } from '../ctx';
import { chooseExplainTarget, withKeepAlive, type EditorConnection } from '../explain/explainTargetChoice';
import { log } from '../log';
import type { Variables } from './psqlVariables';
import { RunSession } from './runSession';
import { runSettings } from './runSettings';
import { listed, onDatabase } from './runTarget';

export interface EditorRun {
  session: RunSession;
  /** "db on connection", for messages and the connection lists. */
  label: string;
  resolved: ResolvedConnection;
  /** psql variables of the session (\set in Run File). */
  vars: Variables;
  readOnly: boolean;
  confirmWrites: boolean;
  /** Set while a run is in progress. */
  running?: { started: number; cancel: () => void };
}

export class EditorSessions implements vscode.Disposable {
  private readonly runs = new Map<string, EditorRun>();
  private readonly status: vscode.StatusBarItem;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Called with the elapsed time while a run is in progress (the results view shows it too). */
  onTick: ((ms: number) => void) | undefined;

  constructor(private readonly ctx: Ctx) {
    this.status = vscode.window.createStatusBarItem('pgsight.run', vscode.StatusBarAlignment.Left, 8);
    this.status.name = 'PostgreSQL session of this editor';
    this.disposables.push(
      this.status,
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((doc) => void this.closed(doc.uri)),
      // the last tab of a document closing is when the user closed "the editor"; the document
      // itself may stay open (unsaved, or in another group) and close much later
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        for (const tab of e.closed) {
          const uri = tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
          if (uri && !this.shownInTab(uri)) {
            void this.closed(uri);
          }
        }
      }),
    );
  }

  get(document: vscode.TextDocument): EditorRun | undefined {
    return this.runs.get(document.uri.toString());
  }

  /** The editor's session, opened when it has none (or lost it); undefined when no database was chosen. */
  async open(document: vscode.TextDocument): Promise<EditorRun | undefined> {
    const existing = this.get(document);
    const editor: EditorConnection = this.ctx.editorConnection ? await this.ctx.editorConnection(document.uri) : { kind: 'unbound' };
    const choice = chooseExplainTarget(editor, userSetting('explain.connection'), process.env);
    let resolved: ResolvedConnection;
    let label: string;
    switch (choice.kind) {
      case 'binding':
        resolved = choice.connection;
        label = choice.label;
        break;
      case 'setting':
      case 'environment':
        resolved = resolveConnection(choice.kind === 'setting' ? choice.conninfo : null);
        label = `${resolved.params.dbname ?? '?'} on ${resolved.params.host ?? 'localhost'}${resolved.params.port ? `:${resolved.params.port}` : ''}`;
        break;
      default: {
        const bind = 'Choose a Database…';
        const answer = await vscode.window.showWarningMessage(`${choice.why} Where should pgsight run it?`, { modal: true }, bind);
        if (answer === bind) {
          await vscode.window.showTextDocument(document);
          await vscode.commands.executeCommand('pgsight.query.switchDatabase');
          return (await this.ctx.editorConnection?.(document.uri))?.kind === 'bound' ? this.open(document) : undefined;
        }
        return undefined;
      }
    }
    if (existing && !existing.session.isClosed) {
      // the same database as before (or where a script's \c went): keep the session, as psql does
      if (existing.label === label) {
        return existing;
      }
      const s = existing.session;
      if (s.status === 'failed' || (s.status === 'inTransaction' && !s.openCursor?.ownsTransaction)) {
        void vscode.window.showWarningMessage(`pgsight: this editor now points at ${label}, but its transaction on ${existing.label} is still open: it keeps running there until you commit or roll back.`);
        return existing;
      }
      await s.close();
    }
    const settings = runSettings();
    const readOnly = listed(label, settings.readOnlyConnections);
    const run: EditorRun = {
      session: await this.connect(resolved, readOnly),
      label,
      resolved,
      vars: existing?.vars ?? new Map(),
      readOnly,
      confirmWrites: listed(label, settings.confirmWritesConnections),
    };
    this.runs.set(document.uri.toString(), run);
    this.render();
    return run;
  }

  /** A session on `resolved` (or on another database of it, for \c). */
  async connect(resolved: ResolvedConnection, readOnly: boolean, dbname?: string): Promise<RunSession> {
    const target = dbname === undefined ? resolved : onDatabase(resolved, dbname);
    const client: pg.Client = await connectClient(withKeepAlive(target), { timeoutMs: 10_000 });
    const session = await RunSession.open(client, { statementTimeoutMs: runSettings().statementTimeoutMs, readOnly });
    client.on('error', (err) => log.warn(`run session on ${target.params.dbname ?? '?'}: ${err.message}`));
    return session;
  }

  /** Marks a run in progress (status bar spinner with the elapsed time) until `done` resolves. */
  async track<T>(run: EditorRun, cancel: () => void, work: () => Promise<T>): Promise<T> {
    run.running = { started: Date.now(), cancel };
    this.render();
    this.timer ??= setInterval(() => this.tick(), 100);
    try {
      return await work();
    } finally {
      run.running = undefined;
      if (![...this.runs.values()].some((r) => r.running)) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
      this.render();
    }
  }

  private tick(): void {
    this.render();
    const run = this.active();
    if (run?.running) {
      this.onTick?.(Date.now() - run.running.started);
    }
  }

  active(): EditorRun | undefined {
    const doc = vscode.window.activeTextEditor?.document;
    return doc ? this.get(doc) : undefined;
  }

  /** Closes every result's cursor (the results view closed, or a new run replaced what it showed): no transaction stays held for paging. */
  async closeResults(): Promise<void> {
    for (const r of this.runs.values()) {
      if (!r.running && r.session.openCursor) {
        await r.session.closeCursor().catch((err: unknown) => log.warn(`closing a result: ${(err as Error).message}`));
      }
    }
    this.render();
  }

  render(): void {
    const run = this.active();
    if (!run) {
      this.status.hide();
      return;
    }
    const s = run.session;
    const where = `${run.label}${run.readOnly ? ' (read-only)' : ''}`;
    if (run.running) {
      const secs = ((Date.now() - run.running.started) / 1000).toFixed(1);
      this.status.text = `$(sync~spin) Running ${secs} s`;
      this.status.tooltip = `pgsight: running on ${where} — click to cancel (PostgreSQL's cancel request)`;
      this.status.command = 'pgsight.run.cancel';
      this.status.backgroundColor = undefined;
    } else if (s.isClosed) {
      this.status.text = '$(debug-disconnect) Session closed';
      this.status.tooltip = `pgsight: the session on ${where} was closed; the next Run opens a new one`;
      this.status.command = undefined;
      this.status.backgroundColor = undefined;
    } else if (s.status === 'failed') {
      this.status.text = '$(error) Failed transaction';
      this.status.tooltip = `pgsight: current transaction is aborted, commands ignored until end of transaction block (${where}) — click to roll back`;
      this.status.command = 'pgsight.run.rollback';
      this.status.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    } else if (s.status === 'inTransaction' && !s.openCursor?.ownsTransaction) {
      this.status.text = '$(git-commit) Idle in transaction';
      this.status.tooltip = `pgsight: a transaction is open on ${where} — click to commit (Rollback: PostgreSQL: Rollback)`;
      this.status.command = 'pgsight.run.commit';
      this.status.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else if (s.openCursor) {
      this.status.text = '$(list-flat) Result open';
      this.status.tooltip = `pgsight: a read-only transaction on ${where} is held while the result is paged; it ends with the next statement or when the results view closes`;
      this.status.command = undefined;
      this.status.backgroundColor = undefined;
    } else {
      this.status.text = `$(database) ${run.label}`;
      this.status.tooltip = `pgsight: Run session on ${where}, autocommit`;
      this.status.command = undefined;
      this.status.backgroundColor = undefined;
    }
    this.status.show();
  }

  private shownInTab(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key));
  }

  /** The editor closed: an open transaction is committed or rolled back as the user says, then the session ends. */
  private async closed(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    const run = this.runs.get(key);
    if (!run) {
      return;
    }
    this.runs.delete(key);
    const s = run.session;
    if (!s.isClosed && !run.running && (s.status === 'failed' || (s.status === 'inTransaction' && !s.openCursor?.ownsTransaction))) {
      const commit = 'Commit';
      const rollback = 'Roll Back';
      const name = uri.scheme === 'file' ? uri.fsPath : uri.toString(true);
      const answer = await vscode.window.showWarningMessage(
        `The editor "${name}" closed with ${s.status === 'failed' ? 'a failed' : 'an open'} transaction on ${run.label}.`,
        { modal: true, detail: s.status === 'failed' ? 'The transaction failed: it can only be rolled back.' : 'Commit keeps its changes; Roll Back (or closing this) undoes them.' },
        ...(s.status === 'failed' ? [rollback] : [commit, rollback]),
      );
      const r = answer === commit ? await s.commit() : await s.rollback();
      void vscode.window.showInformationMessage(`pgsight: ${r.error ? `${r.error.message}` : (r.tag ?? '')} on ${run.label}.`);
    }
    await s.close();
    this.render();
  }

  /**
   * The extension stops (window closing or reloading): VS Code gives no way to ask, so an open
   * transaction is rolled back (as PostgreSQL would on the lost connection, but explicitly and
   * logged in the pgsight output), then each session ends.
   */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
    await Promise.all(
      [...this.runs.values()].map(async (r) => {
        const s = r.session;
        if (!s.isClosed && !r.running && s.status !== 'idle' && !s.openCursor?.ownsTransaction) {
          const out = await Promise.race([s.rollback(), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2_000))]);
          log.warn(`pgsight stopped with an open transaction on ${r.label}: ${out?.tag ?? 'rolled back when the session ended'}.`);
        }
        await s.close();
      }),
    );
    this.runs.clear();
  }

  dispose(): void {
    void this.stop();
  }
}
