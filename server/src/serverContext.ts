import type { Connection } from 'vscode-languageserver/node';
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CatalogChangedNotification, type CatalogStatus } from '../../shared/src/protocol';
import { defaultServerSettings, type ServerSettings } from '../../shared/src/settings';

/**
 * What every feature of the server shares: the LSP connection, the open documents, the
 * settings the client sent, and the catalog status. Features receive it in `register(ctx)`.
 */
export class ServerContext {
  readonly documents = new TextDocuments(TextDocument);
  settings: ServerSettings = { ...defaultServerSettings };
  private status: CatalogStatus = { state: 'none', relations: 0, columns: 0, serverVersion: null };

  constructor(readonly connection: Connection) {}

  get catalogStatus(): CatalogStatus {
    return this.status;
  }

  /** Replaces the catalog status and tells the client (`pgsight/catalogChanged`). */
  setCatalogStatus(status: CatalogStatus): void {
    this.status = status;
    void this.connection.sendNotification(CatalogChangedNotification.method, status);
  }

  log(message: string): void {
    this.connection.console.log(message);
  }

  error(message: string, err?: unknown): void {
    const detail = err instanceof Error ? `\n${err.stack ?? err.message}` : err === undefined ? '' : `\n${String(err)}`;
    this.connection.console.error(message + detail);
  }
}
