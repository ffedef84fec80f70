import type { Connection } from 'vscode-languageserver/node';
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CatalogChangedNotification, type CatalogStatus } from '../../shared/src/protocol';
import { defaultServerSettings, type ServerSettings } from '../../shared/src/settings';
import type { Catalog } from './catalog/model';

/**
 * What every feature of the server shares: the LSP connection, the open documents, the
 * settings the client sent, and the catalog status. Features receive it in `register(ctx)`.
 */
export class ServerContext {
  readonly documents = new TextDocuments(TextDocument);
  settings: ServerSettings = { ...defaultServerSettings };
  private status: CatalogStatus = { state: 'none', relations: 0, columns: 0, serverVersion: null };
  private currentCatalog: Catalog | null = null;
  private readonly catalogListeners: ((catalog: Catalog | null) => void)[] = [];

  constructor(readonly connection: Connection) {}

  get catalogStatus(): CatalogStatus {
    return this.status;
  }

  /** Replaces the catalog status and tells the client (`pgsight/catalogChanged`). */
  setCatalogStatus(status: CatalogStatus): void {
    this.status = status;
    void this.connection.sendNotification(CatalogChangedNotification.type, status);
  }

  /** The loaded catalog snapshot, or null (no connection, or not loaded yet). */
  get catalog(): Catalog | null {
    return this.currentCatalog;
  }

  /** Installs a new catalog snapshot (or null) and tells every listener (diagnostics re-run, …). */
  setCatalog(catalog: Catalog | null): void {
    this.currentCatalog = catalog;
    for (const listener of this.catalogListeners) {
      listener(catalog);
    }
  }

  onDidChangeCatalog(listener: (catalog: Catalog | null) => void): void {
    this.catalogListeners.push(listener);
  }

  log(message: string): void {
    this.connection.console.log(message);
  }

  error(message: string, err?: unknown): void {
    const detail = err instanceof Error ? `\n${err.stack ?? err.message}` : err === undefined ? '' : `\n${String(err)}`;
    this.connection.console.error(message + detail);
  }
}
