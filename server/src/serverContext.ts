import type { Connection } from 'vscode-languageserver/node';
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CatalogChangedNotification, PasswordRequest, type CatalogStatus } from '../../shared/src/protocol';
import { defaultServerSettings, type ServerSettings } from '../../shared/src/settings';
import type { Problem } from './analysis/problems';
import { CatalogService } from './catalog/catalogService';
import type { Catalog } from './catalog/model';
import type { WorkspaceCatalog } from './workspace/workspaceCatalog';
import { ParsedDocumentCache } from './parser';
import { ServerChecker } from './serverCheck/serverChecker';

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
  /** The workspace schema replayed (features/workspaceSchema.ts): the catalog while no server's is loaded, then mixed mode's "pending migration?" source. */
  private workspace: WorkspaceCatalog | null = null;
  /** The workspace folder (initialize's first folder or rootUri), as a file path. */
  workspaceRoot: string | null = null;
  private readonly catalogListeners: ((catalog: Catalog | null) => void)[] = [];

  private service: CatalogService | undefined;
  private checker: ServerChecker | undefined;

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

  /** The server-side check (PostgreSQL's own parse analysis of clean statements), on the catalog's database. */
  get serverCheck(): ServerChecker {
    this.checker ??= new ServerChecker({
      enabled: () => this.settings.serverCheck,
      // not while another database's catalog is loading: the session would already talk to it
      serverCatalog: () => (this.status.state === 'loaded' ? this.currentCatalog : null),
      connect: (applicationName) => this.catalogService.connect(applicationName),
      log: (message) => this.log(message),
    });
    return this.checker;
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
    return this.currentCatalog ?? this.workspace?.catalog ?? null;
  }

  /** Installs a new catalog snapshot (or null) and tells every listener (diagnostics re-run, …). */
  setCatalog(catalog: Catalog | null): void {
    this.currentCatalog = catalog;
    this.catalogChanged();
  }

  /** Whether the catalog in use is a server's (then the workspace schema only names pending migrations). */
  get serverCatalogLoaded(): boolean {
    return this.currentCatalog !== null;
  }

  /** The replayed workspace schema, or null. */
  get workspaceSchema(): WorkspaceCatalog | null {
    return this.workspace;
  }

  /** Installs the replayed workspace schema: the catalog while no server's is loaded, mixed mode's source after. */
  setWorkspaceSchema(workspace: WorkspaceCatalog | null): void {
    this.workspace = workspace;
    this.catalogChanged();
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
    this.toConsole(() => this.connection.console.log(message));
  }

  error(message: string, err?: unknown): void {
    const detail = err instanceof Error ? `\n${err.stack ?? err.message}` : err === undefined ? '' : `\n${String(err)}`;
    this.toConsole(() => this.connection.console.error(message + detail));
  }

  /** Work still finishing after the client has gone (a check PostgreSQL answered late) has no one to tell. */
  private toConsole(write: () => void): void {
    try {
      write();
    } catch {
      // the connection is disposed
    }
  }
}
