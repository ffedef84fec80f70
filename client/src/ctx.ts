import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  State,
  Trace,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  CatalogChangedNotification,
  PasswordRequest,
  SetConnectionNotification,
  StatusRequest,
  WorkspaceSchemaChangedNotification,
  type CatalogStatus,
  type WorkspaceSchemaStatus,
} from '../../shared/src/protocol';
import type { ResolvedHost } from '../../shared/src/libpq';
import { passwordRecipient } from '../../shared/src/sealedPassword';
import { logChannel, log } from './log';
import { serverSettings, userSetting } from './config';
import type { EditorConnection } from './explain/explainTargetChoice';

/** Languages the server serves. */
export const documentSelector = [
  { scheme: 'file', language: 'postgres' },
  { scheme: 'untitled', language: 'postgres' },
  { scheme: 'file', language: 'sql' },
  { scheme: 'untitled', language: 'sql' },
];

/**
 * The extension's context: owns the language client, the status item and two disposable
 * lifetimes — `subscriptions` for the extension's life, `clientSubscriptions` emptied on every
 * server restart.
 */
export class Ctx {
  client: LanguageClient | undefined;
  readonly clientSubscriptions: vscode.Disposable[] = [];
  readonly statusItem: vscode.StatusBarItem;
  catalog: CatalogStatus = { state: 'none', relations: 0, columns: 0, serverVersion: null };
  /** The workspace schema the server replays (shown in the status item's tooltip). */
  workspaceSchema: WorkspaceSchemaStatus | undefined;
  private serverConnection: string | null = null;
  /** The connection the running server was started with (its initializationOptions). */
  startedWith: string | null | undefined;
  /** The database an editor is bound to, resolved (set by the tree surface, which owns the bindings). */
  editorConnection: ((uri: vscode.Uri) => Promise<EditorConnection>) | undefined;
  /**
   * Answers the server's `pgsight/password` (the connection store sets it); without it the
   * server gets no password from the client.
   */
  passwordProvider: ((params: PasswordRequest.Params) => Promise<PasswordRequest.Result>) | undefined;
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  /** Fires each time a (re)started server is ready: after start(), and after the languageclient restarted it on its own. */
  readonly onReady = this.readyEmitter.event;
  private readonly catalogEmitter = new vscode.EventEmitter<CatalogStatus>();
  /** Fires when the server's catalog state changes (loading, loaded, error). */
  readonly onDidChangeCatalog = this.catalogEmitter.event;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.statusItem = vscode.window.createStatusBarItem('pgsight.status', vscode.StatusBarAlignment.Left, 10);
    this.statusItem.name = 'pgsight';
    this.statusItem.command = 'pgsight.server.status';
    this.subscriptions.push(this.statusItem, this.readyEmitter, this.catalogEmitter);
    this.renderStatus('starting');
    this.statusItem.show();
  }

  /** The bound password for a connection string the client issued (EXPLAIN on the bound database), through the same checks as the server's request. */
  async boundPassword(connection: string, host: ResolvedHost, user: string, dbname: string): Promise<string | undefined> {
    const recipient = passwordRecipient();
    const answer = await this.passwordProvider?.({ connection, host: host.host, hostaddr: host.hostaddr, port: host.port, user, dbname, recipientKey: recipient.publicKey });
    return answer?.sealed ? recipient.open(answer.sealed) : undefined;
  }

  /** Connection string the server currently uses (bound database, never with a password), or null for the libpq environment. */
  get connection(): string | null {
    return this.serverConnection;
  }

  /**
   * The one writer of `connection` (the query bindings call it, connections/queryBinding.ts):
   * kept for the server's next (re)start and sent to the running one (`pgsight/setConnection`).
   */
  async useConnection(connection: string | null): Promise<void> {
    this.serverConnection = connection;
    if (this.client?.isRunning()) {
      await this.client.sendNotification(SetConnectionNotification.type, { connection } satisfies SetConnectionNotification.Params);
    }
  }

  get subscriptions(): vscode.Disposable[] {
    return this.extension.subscriptions;
  }

  async start(): Promise<void> {
    const module = this.extension.asAbsolutePath(path.join('dist', 'server.js'));
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector,
      outputChannel: logChannel(),
      // a function: the languageclient calls it again when it restarts a crashed server
      initializationOptions: () => {
        this.startedWith = this.connection;
        return { settings: serverSettings(this.connection) };
      },
      markdown: { isTrusted: { enabledCommands: ['pgsight.docs.open'] }, supportHtml: false },
    };
    const client = new LanguageClient('pgsight', 'PostgreSQL (pgsight)', serverOptions, clientOptions);
    this.client = client;
    let started = false;
    this.clientSubscriptions.push(
      client.onDidChangeState((e) => {
        if (e.newState === State.Stopped) {
          this.renderStatus('stopped');
        } else if (e.newState === State.Running && started) {
          // the languageclient restarted the server itself (after a crash)
          this.renderStatus('ready');
          this.readyEmitter.fire();
        }
      }),
      client.onNotification(CatalogChangedNotification.type, (status: CatalogStatus) => {
        this.catalog = status;
        this.renderStatus('ready');
        this.catalogEmitter.fire(status);
      }),
      client.onNotification(WorkspaceSchemaChangedNotification.type, (status: WorkspaceSchemaStatus) => {
        const first = this.workspaceSchema?.generation !== status.generation && status.state === 'loaded' && status.generation === 1;
        this.workspaceSchema = status;
        if (first) {
          const from = status.source === 'setting' ? 'pgsight.schema.files' : `detected ${status.layout ?? ''} layout`;
          log.info(`workspace schema: ${status.files} files (${from}), ${status.relations} relations — PostgreSQL: Show Workspace Schema Files lists them`);
        }
        this.renderStatus('ready');
      }),
      client.onRequest(PasswordRequest.type, async (params: PasswordRequest.Params): Promise<PasswordRequest.Result> => {
        try {
          return (await this.passwordProvider?.(params)) ?? { sealed: null };
        } catch (err) {
          log.error('answering the language server\'s password request', err);
          return { sealed: null };
        }
      }),
    );
    await client.start();
    started = true;
    // the client library reads pgsight.trace.server itself; only the user's value may count
    await client.setTrace(Trace.fromString(userSetting('trace.server')));
    const status: StatusRequest.Result = await client.sendRequest(StatusRequest.type, {});
    this.catalog = status.catalog;
    log.info(`language server ${status.version} ready; catalog ${status.catalog.state}`);
    this.renderStatus('ready');
    this.readyEmitter.fire();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    for (const d of this.clientSubscriptions.splice(0)) {
      d.dispose();
    }
    if (client) {
      await client.stop();
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  renderStatus(server: 'starting' | 'ready' | 'stopped'): void {
    const c = this.catalog;
    let text: string;
    let tooltip: string;
    if (server === 'starting') {
      text = '$(loading~spin) PostgreSQL';
      tooltip = 'pgsight: starting the language server';
    } else if (server === 'stopped') {
      text = '$(error) PostgreSQL';
      tooltip = 'pgsight: the language server stopped — click for details';
    } else if (c.state === 'loaded') {
      text = `$(database) PostgreSQL ${c.serverVersion ?? ''}`.trimEnd();
      tooltip = `pgsight: catalog of "${c.database ?? '?'}" loaded — ${c.relations} relations, ${c.columns} columns`;
    } else if (c.state === 'loading') {
      text = '$(sync~spin) PostgreSQL';
      tooltip = 'pgsight: loading the catalog';
    } else if (c.state === 'error') {
      text = '$(warning) PostgreSQL';
      tooltip = `pgsight: catalog error — ${c.error ?? 'unknown'}`;
    } else {
      text = '$(database) PostgreSQL';
      tooltip = 'pgsight: language server ready, no database bound (syntax checks only)';
    }
    const w = this.workspaceSchema;
    if (server === 'ready' && w && w.state !== 'none') {
      const from = w.source === 'setting' ? 'pgsight.schema.files' : `${w.layout ?? ''} layout, detected`;
      const what = w.state === 'loading' ? `loading ${w.files} files` : w.state === 'error' ? `error — ${w.error ?? ''}` : `${w.files} files, ${w.relations} relations`;
      tooltip += `\nworkspace schema (${from}): ${what}${c.state === 'loaded' ? ' — names only it creates are pending migrations' : ''}`;
      if (c.state !== 'loaded') {
        text = w.state === 'loading' ? '$(sync~spin) PostgreSQL · schema' : `$(file-code) PostgreSQL · ${w.layout ?? 'schema'}`;
      }
    }
    this.statusItem.text = text;
    this.statusItem.tooltip = tooltip;
  }
}
