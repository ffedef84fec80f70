/**
 * The one protocol module: every custom LSP message between the pgsight client and the
 * pgsight language server is declared here, as a small namespace with its method string,
 * typed params and result, and its `type` (a vscode-jsonrpc RequestType / NotificationType)
 * that every sendRequest / onRequest / sendNotification / onNotification call passes, so the
 * compiler checks params and result at both ends. Both halves import this file; neither
 * declares a method string of its own.
 */
import { NotificationType, RequestType } from 'vscode-jsonrpc';

/** State of the server's catalog snapshot. */
export type CatalogState = 'none' | 'loading' | 'loaded' | 'error';

export interface CatalogStatus {
  state: CatalogState;
  /** Number of relations (tables, views, …) in the snapshot. */
  relations: number;
  /** Number of columns across those relations. */
  columns: number;
  /** `server_version` of the connected server, e.g. "18.4", or null before a connection. */
  serverVersion: string | null;
  /** `current_database()` of the loaded catalog, when loaded. */
  database?: string;
  /** Last load error, PostgreSQL's message when there is one. */
  error?: string;
}

/** State of the workspace schema (`pgsight.schema.files` or a detected layout, replayed as the catalog). */
export interface WorkspaceSchemaStatus {
  state: 'none' | 'loading' | 'loaded' | 'error';
  /** where the file list comes from: the setting, auto-detection, or nowhere */
  source: 'setting' | 'detected' | 'none';
  /** the layout detected (`Flyway`, `golang-migrate`, `pg_dump`, …), when detected */
  layout?: string;
  /** schema files in the list */
  files: number;
  /** relations the files create (outside pg_catalog and information_schema), once loaded */
  relations: number;
  /** how long the last replay took, ms */
  ms?: number;
  /** counts finished replays: a client waits for the one after its change */
  generation: number;
  error?: string;
}

/**
 * `pgsight/status` — sent by any client (VS Code, a test harness, another editor) to learn
 * the server's state without sleeping. Answered at once, never blocks on the catalog.
 */
export namespace StatusRequest {
  export const method = 'pgsight/status';
  export type Params = Record<string, never> | null | undefined;
  export interface Result {
    /** Version of the pgsight server (package.json version). */
    version: string;
    catalog: CatalogStatus;
    workspaceSchema: WorkspaceSchemaStatus;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/**
 * `pgsight/workspaceSchemaChanged` — notification from the server whenever the workspace
 * schema starts or finishes a replay (a schema file changed on disk or in an editor).
 */
export namespace WorkspaceSchemaChangedNotification {
  export const method = 'pgsight/workspaceSchemaChanged';
  export type Params = WorkspaceSchemaStatus;
  export const type = new NotificationType<Params>(method);
}

/**
 * `pgsight/schemaFiles` — request from the client (the *Show Workspace Schema Files* command):
 * the schema files in replay order, where the list comes from, and globs that reproduce it
 * for the `pgsight.schema.files` setting.
 */
export namespace SchemaFilesRequest {
  export const method = 'pgsight/schemaFiles';
  export type Params = Record<string, never> | null | undefined;
  export interface Result {
    source: WorkspaceSchemaStatus['source'];
    layout?: string;
    /** paths relative to the workspace folder, in the order they are replayed */
    files: string[];
    /** what to write into `pgsight.schema.files` to keep this list */
    globs: string[];
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/**
 * `pgsight/refreshCatalog` — notification from the client: reload the catalog (after DDL run
 * through the extension, or on the user's demand). Progress shows through `pgsight/status`
 * and `pgsight/catalogChanged`.
 */
export namespace RefreshCatalogNotification {
  export const method = 'pgsight/refreshCatalog';
  export type Params = Record<string, never> | null | undefined;
  export const type = new NotificationType<Params>(method);
}

/**
 * `pgsight/catalogChanged` — notification from the server whenever the catalog state changes
 * (loading started, loaded, failed). Carries the same data as `pgsight/status`.
 */
export namespace CatalogChangedNotification {
  export const method = 'pgsight/catalogChanged';
  export type Params = CatalogStatus;
  export const type = new NotificationType<Params>(method);
}

/**
 * `pgsight/setConnection` — notification from the client when the editor's bound database
 * changes: the server reconnects and reloads its catalog. `connection` is a libpq key/value
 * string or a postgres:// URI; the VS Code client never puts a password in it (the server
 * asks with `pgsight/password`); null disconnects.
 */
export namespace SetConnectionNotification {
  export const method = 'pgsight/setConnection';
  export interface Params {
    connection: string | null;
  }
  export const type = new NotificationType<Params>(method);
}

/**
 * `pgsight/password` — request from the server to the client, sent only when PostgreSQL asks
 * for a password while the server connects for its catalog, and only to a client that set
 * `passwordRequests` in its settings. The client answers for the connection string it gave
 * (`connection`) and only if the host, port, user and database are the endpoint its secret
 * was saved for. The answer is sealed to `recipientKey` (X25519 + AES-256-GCM,
 * shared/src/sealedPassword.ts), so an LSP trace shows no password. `sealed` null: none.
 */
export namespace PasswordRequest {
  export const method = 'pgsight/password';
  export interface Params {
    /** The connection string the client gave, or null for the libpq environment. */
    connection: string | null;
    /** Host name or socket directory being connected to. */
    host: string;
    hostaddr: string | null;
    port: number;
    user: string;
    dbname: string;
    /** The server's public key for this request (base64 DER, X25519). */
    recipientKey: string;
  }
  export interface Result {
    sealed: SealedPassword | null;
  }
  export const type = new RequestType<Params, Result | null, void>(method);
}

/** A password encrypted to one recipient key (see shared/src/sealedPassword.ts). */
export interface SealedPassword {
  /** The sender's one-time public key (base64 DER, X25519). */
  ephemeralKey: string;
  iv: string;
  tag: string;
  data: string;
}

/**
 * `pgsight/docs` — sent by the client when the user asks for the manual (F1, context menu,
 * hover link). An empty range means the token under the cursor. Answers null when nothing
 * documented is there.
 */
export namespace DocsRequest {
  export const method = 'pgsight/docs';
  export interface Params {
    textDocument: { uri: string };
    range: {
      start: { line: number; character: number };
      end: { line: number; character: number };
    };
  }
  export type Result = DocsLocation | null;
  export const type = new RequestType<Params, Result, void>(method);
}

export interface DocsLocation {
  /** `https://www.postgresql.org/docs/<major>/<page>[#<anchor>]` */
  url: string;
  /** e.g. `sql-createdatabase.html` */
  page: string;
  /** e.g. `GUC-WORK-MEM`, or null for the top of the page */
  anchor: string | null;
  /** Human title: `CREATE DATABASE`, `generate_series`, … */
  title: string;
}
