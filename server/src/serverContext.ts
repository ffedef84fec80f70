import type { Connection } from 'vscode-languageserver/node';
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CatalogChangedNotification, PasswordRequest, type CatalogStatus } from '../../shared/src/protocol';
import { defaultServerSettings, type ServerSettings } from '../../shared/src/settings';
import type { Problem } from './analysis/problems';
import { CatalogService } from './catalog/catalogService';
import type { Catalog } from './catalog/model';
import { ParsedDocumentCache } from './parser';

/**
 * What every feature of the server shares: the LSP connection, the open documents and their
 * parses, the settings and capabilities the client sent, the catalog and its status, the
 * problems last published. Everything that belongs to one client connection lives here, not
 * in module globals, so two servers in one process (the in-process LSP tests) share nothing.
 * Features receive it in `register(ctx)`.
 */
export class ServerContext {
  readonly documents = new TextDocuments(TextDocument);
  /** Parses of the open documents (a keystroke re-parses only the edited statement). */
  readonly parsedDocuments = new ParsedDocumentCache();
  /** The problems behind the last diagnostics of each document (read by code actions). */
  readonly latestProblems = new Map<string, { version: number; problems: Problem[] }>();
  settings: ServerSettings = { ...defaultServerSettings };
  /** Whether the client takes completion snippets (`$0`), from its initialize capabilities. */
  snippetSupport = true;
  private status: CatalogStatus = { state: 'none', relations: 0, columns: 0, serverVersion: null };
  private currentCatalog: Catalog | null = null;
  /** The catalog replayed from `pgsight.schema.files` (features/workspaceSchema.ts): used while no server's is loaded. */
  private workspaceCatalog: Catalog | null = null;
  private readonly catalogListeners: ((catalog: Catalog | null) => void)[] = [];

  private service: CatalogService | undefined;

  /**
   * `env` is where libpq-style connection settings (PG* variables, HOME) are read from: the
   * process environment for a real server, a test's own for a server run in process.
   */
  constructor(
    readonly connection: Connection,
    readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The catalog service of this connection, created once the settings from initialize are known. */
  get catalogService(): CatalogService {
    this.service ??= new CatalogService(this);
    return this.service;
  }

  get catalogStatus(): CatalogStatus {
    return this.status;
  }

  /** Replaces the catalog status and tells the client (`pgsight/catalogChanged`). */
  setCatalogStatus(status: CatalogStatus): void {
    this.status = status;
    void this.connection.sendNotification(CatalogChangedNotification.type, status);
  }

  /** The loaded catalog snapshot (the server's wins over the workspace's), or null. */
  get catalog(): Catalog | null {
    return this.currentCatalog ?? this.workspaceCatalog;
  }

  /** Installs a new catalog snapshot (or null) and tells every listener (diagnostics re-run, …). */
  setCatalog(catalog: Catalog | null): void {
    this.currentCatalog = catalog;
    this.catalogChanged();
  }

  /** Installs the workspace's schema catalog; it counts only while no server's catalog is loaded. */
  setWorkspaceCatalog(catalog: Catalog | null): void {
    this.workspaceCatalog = catalog;
    if (!this.currentCatalog) {
      this.catalogChanged();
    }
  }

  /**
   * More of the snapshot's columns arrived (a schema loaded on first use, lazyColumns.ts):
   * the analyses run again as for a new snapshot, if it is still the one in use.
   */
  catalogColumnsLoaded(catalog: Catalog): void {
    if (this.currentCatalog === catalog) {
      this.catalogChanged();
    }
  }

  private catalogChanged(): void {
    const catalog = this.catalog;
    for (const listener of this.catalogListeners) {
      listener(catalog);
    }
  }

  onDidChangeCatalog(listener: (catalog: Catalog | null) => void): void {
    this.catalogListeners.push(listener);
  }

  /** Asks the client for a password (`pgsight/password`). */
  requestPassword(params: PasswordRequest.Params): Promise<PasswordRequest.Result | null> {
    return this.connection.sendRequest(PasswordRequest.type, params);
  }

  log(message: string): void {
    this.connection.console.log(message);
  }

  error(message: string, err?: unknown): void {
    const detail = err instanceof Error ? `\n${err.stack ?? err.message}` : err === undefined ? '' : `\n${String(err)}`;
    this.connection.console.error(message + detail);
  }
}
