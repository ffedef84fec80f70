import * as vscode from 'vscode';
import type { ConnectionStore } from './connectionStore';
import type { Ctx } from '../ctx';
import type { EditorConnection } from '../explain/explainTargetChoice';
import { log } from '../log';
import { connectionToResend } from './bindingResend';

/** Which database an editor's queries (and the language server's catalog) use. */
export interface Binding {
  clusterId: string;
  clusterLabel: string;
  dbname: string;
}

const stateKey = 'pgsight.bindings';
const sqlLanguages = new Set(['postgres', 'sql']);

/**
 * Editors bound to databases: New Query opens an untitled `postgres` editor bound to the
 * database; the status bar shows the active editor's binding and switches it; whenever the
 * active binding changes, the server is told (`Ctx.useConnection`) so its catalog follows.
 * This class is the one caller of `Ctx.useConnection`, so the one owner of `ctx.connection`.
 */
export class QueryBindings implements vscode.Disposable {
  private readonly bindings = new Map<string, Binding>();
  readonly statusItem: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<{ uri: string; binding: Binding | undefined }>();
  /** Fires when an editor's binding changes (tests wait on it). */
  readonly onDidChange = this.changed.event;
  /** The binding last sent to the server. */
  private applied: string | null | undefined;

  constructor(
    private readonly ctx: Ctx,
    private readonly store: ConnectionStore,
  ) {
    this.statusItem = vscode.window.createStatusBarItem('pgsight.binding', vscode.StatusBarAlignment.Left, 9);
    this.statusItem.name = 'PostgreSQL database of this editor';
    this.statusItem.command = 'pgsight.query.switchDatabase';
    const saved = ctx.extension.workspaceState.get<Record<string, Binding>>(stateKey, {});
    for (const [uri, b] of Object.entries(saved)) {
      this.bindings.set(uri, b);
    }
    this.disposables.push(
      this.statusItem,
      this.changed,
      vscode.window.onDidChangeActiveTextEditor(() => void this.onActiveEditor()),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.isUntitled && this.bindings.delete(doc.uri.toString())) {
          void this.save();
        }
      }),
      ctx.onDidChangeCatalog(() => {
        // only an unbound editor's status names the catalog's database; a bound one needs
        // no new resolve (the catalog changes twice for every binding sent)
        const editor = vscode.window.activeTextEditor;
        if (!editor || !this.bindings.has(editor.document.uri.toString())) {
          void this.onActiveEditor();
        }
      }),
      // a (re)started server knows only its initializationOptions: the binding made while it
      // was down or starting, or since its last start, is sent again
      ctx.onReady(() => void this.resend()),
    );
    void this.onActiveEditor();
  }

  binding(uri: vscode.Uri): Binding | undefined {
    return this.bindings.get(uri.toString());
  }

  /** The editor's own database, resolved (EXPLAIN runs there, whichever editor was bound last). */
  async connectionFor(uri: vscode.Uri): Promise<EditorConnection> {
    const b = this.bindings.get(uri.toString());
    if (!b) {
      return { kind: 'unbound' };
    }
    const label = `${b.dbname} on ${b.clusterLabel}`;
    const target = await this.store.target(b.clusterId);
    if (!target) {
      return { kind: 'stale', label, problem: `the connection "${b.clusterLabel}" no longer exists` };
    }
    try {
      return { kind: 'bound', label, connection: await this.store.resolve(target, b.dbname) };
    } catch (err) {
      return { kind: 'stale', label, problem: (err as Error).message };
    }
  }

  private async save(): Promise<void> {
    const keep = Object.fromEntries([...this.bindings].filter(([uri]) => !uri.startsWith('untitled:')));
    await this.ctx.extension.workspaceState.update(stateKey, keep);
  }

  async bind(doc: vscode.TextDocument, binding: Binding): Promise<void> {
    this.bindings.set(doc.uri.toString(), binding);
    await this.save();
    this.changed.fire({ uri: doc.uri.toString(), binding });
    if (vscode.window.activeTextEditor?.document === doc) {
      await this.onActiveEditor();
    }
  }

  /** An untitled PostgreSQL editor bound to the database. */
  async newQuery(binding: Binding): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument({ language: 'postgres', content: `-- ${binding.dbname} on ${binding.clusterLabel}\n` });
    this.bindings.set(doc.uri.toString(), binding);
    this.changed.fire({ uri: doc.uri.toString(), binding });
    const editor = await vscode.window.showTextDocument(doc);
    await this.onActiveEditor();
    return editor;
  }

  private async onActiveEditor(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !sqlLanguages.has(editor.document.languageId)) {
      this.statusItem.hide();
      return;
    }
    const b = this.bindings.get(editor.document.uri.toString());
    if (!b) {
      // say what the language server really checks this editor against: the default
      // connection (libpq environment / last bound database) or nothing
      const c = this.ctx.catalog;
      const db = c.state === 'loaded' ? c.database : undefined;
      this.statusItem.text = db ? `$(database) ${db} (default)` : '$(database) No database';
      this.statusItem.tooltip = db
        ? `pgsight: this editor is not bound to a database; names are checked against "${db}", the ${this.applied ? 'database last bound' : 'libpq environment\'s database (PGHOST, PGDATABASE, …)'} — click to bind one`
        : 'pgsight: this editor is not bound to a database — click to choose one';
      this.statusItem.show();
      return;
    }
    this.statusItem.text = `$(database) ${b.dbname} · ${b.clusterLabel}`;
    this.statusItem.tooltip = `pgsight: queries and completions in this editor use database "${b.dbname}" on ${b.clusterLabel} — click to switch`;
    this.statusItem.show();
    await this.sendToServer(b);
  }

  private async sendToServer(b: Binding): Promise<void> {
    const connection = await this.connectionOf(b);
    if (connection === undefined || connection === this.applied) {
      return;
    }
    await this.apply(connection);
  }

  /** The server's connection string for a binding; undefined (and said in the status) when it cannot be made. */
  private async connectionOf(b: Binding): Promise<string | undefined> {
    const target = await this.store.target(b.clusterId);
    if (!target) {
      this.statusItem.text = `$(warning) ${b.dbname} · ${b.clusterLabel}`;
      this.statusItem.tooltip = `pgsight: the connection "${b.clusterLabel}" no longer exists — click to choose another database`;
      return undefined;
    }
    try {
      return this.store.serverConnection(target, b.dbname);
    } catch (err) {
      log.error(`binding ${b.dbname} on ${b.clusterLabel}`, err);
      return undefined;
    }
  }

  /** After the server (re)started: what connectionToResend decides, sent even if sent before. */
  private async resend(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const b = editor && sqlLanguages.has(editor.document.languageId) ? this.bindings.get(editor.document.uri.toString()) : undefined;
    const active = b ? await this.connectionOf(b) : undefined;
    const connection = connectionToResend({ active, lastSent: this.applied, startedWith: this.ctx.startedWith });
    if (connection === undefined) {
      return;
    }
    await this.apply(connection);
  }

  private async apply(connection: string | null): Promise<void> {
    this.applied = connection;
    await this.ctx.useConnection(connection);
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
