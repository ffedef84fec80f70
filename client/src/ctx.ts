import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  State,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { CatalogChangedNotification, StatusRequest, type CatalogStatus } from '../../shared/src/protocol';
import { logChannel, log } from './log';
import { serverSettings } from './config';

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
  /** Connection string the server currently uses (bound database), or null for the libpq environment. */
  connection: string | null = null;
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  /** Fires each time a (re)started server is ready. */
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
      initializationOptions: { settings: serverSettings(this.connection) },
      markdown: { isTrusted: { enabledCommands: ['pgsight.docs.open'] }, supportHtml: false },
    };
    const client = new LanguageClient('pgsight', 'PostgreSQL (pgsight)', serverOptions, clientOptions);
    this.client = client;
    this.clientSubscriptions.push(
      client.onDidChangeState((e) => {
        if (e.newState === State.Stopped) {
          this.renderStatus('stopped');
        }
      }),
      client.onNotification(CatalogChangedNotification.type, (status: CatalogStatus) => {
        this.catalog = status;
        this.renderStatus('ready');
        this.catalogEmitter.fire(status);
      }),
    );
    await client.start();
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
    this.statusItem.text = text;
    this.statusItem.tooltip = tooltip;
  }
}
