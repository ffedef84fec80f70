/**
 * Keeps the server's catalog snapshot in step with the database the editor is bound to
 * (DESIGN contract 1). Each load opens its own short-lived connection: a dropped connection
 * or a server that went away never leaves a broken client behind, and the next refresh
 * simply tries again. Status moves none → loading → loaded | error and is pushed to the
 * client (`pgsight/catalogChanged`) by the ServerContext.
 */
import type pg from 'pg';
import { connectClient, resolveConnection, type ResolvedHost } from '../../../shared/src/libpq';
import type { CatalogStatus, PasswordRequest } from '../../../shared/src/protocol';
import { passwordRecipient } from '../../../shared/src/sealedPassword';
import type { ServerSettings } from '../../../shared/src/settings';
import type { Catalog } from './model';
import { catalogCounts, loadCatalog, loadColumns } from './catalogLoader';
import { lazyColumnsOf } from './lazyColumns';

/** What the service needs of the server (ServerContext provides it). */
export interface CatalogHost {
  readonly settings: ServerSettings;
  readonly env: NodeJS.ProcessEnv;
  readonly catalogStatus: CatalogStatus;
  setCatalogStatus(status: CatalogStatus): void;
  setCatalog(catalog: Catalog | null): void;
  /** More columns of `catalog` were loaded (a schema's, on first use). */
  catalogColumnsLoaded(catalog: Catalog): void;
  log(message: string): void;
  error(message: string, err?: unknown): void;
  /** Asks the client for a password (`pgsight/password`); null when it has none. */
  requestPassword(params: PasswordRequest.Params): Promise<PasswordRequest.Result | null>;
}

export class CatalogService {
  /** null → the libpq environment; undefined → disconnected on the client's request. */
  private connection: string | null | undefined;
  /** Bumped by every refresh/setConnection: a slower, older load never overwrites a newer one. */
  private generation = 0;
  private current: Promise<CatalogStatus> | undefined;

  constructor(private readonly ctx: CatalogHost) {
    this.connection = ctx.settings.connection;
  }

  /** Reloads from the current connection; resolves with the final status of this load. */
  refresh(): Promise<CatalogStatus> {
    const generation = ++this.generation;
    const connection = this.connection;
    if (connection === undefined) {
      this.ctx.setCatalog(null);
      const none: CatalogStatus = { state: 'none', relations: 0, columns: 0, serverVersion: null };
      this.ctx.setCatalogStatus(none);
      return Promise.resolve(none);
    }
    const previous = this.ctx.catalogStatus;
    this.ctx.setCatalogStatus({
      state: 'loading',
      relations: previous.relations,
      columns: previous.columns,
      serverVersion: previous.serverVersion,
    });
    this.current = this.load(generation, connection);
    return this.current;
  }

  /** The client bound another database (or none: `null` disconnects). */
  setConnection(connection: string | null): Promise<CatalogStatus> {
    this.connection = connection ?? undefined;
    return this.refresh();
  }

  /**
   * A new connection to the database the catalog comes from (the libpq way, asking the client
   * for a password as a load does), for a caller that keeps it: the server-side check's own
   * session (serverCheck/parseSession.ts). null while disconnected.
   */
  async connect(applicationName: string): Promise<pg.Client | null> {
    const connection = this.connection;
    if (connection === undefined) {
      return null;
    }
    const askPassword = this.ctx.settings.passwordRequests ? (host: ResolvedHost, user: string, dbname: string) => this.askClient(connection, host, user, dbname) : undefined;
    return connectFor(connection, this.ctx.env, this.ctx.settings.catalogTimeout, askPassword, applicationName);
  }

  /** Resolves when the load in flight (if any) has finished. */
  settled(): Promise<CatalogStatus> {
    return this.current ?? Promise.resolve(this.ctx.catalogStatus);
  }

  /**
   * `pgsight/password`: PostgreSQL wants a password that the string, the environment and the
   * password file did not give; the client may know it (sealed, so no trace shows it).
   */
  private async askClient(connection: string | null, host: ResolvedHost, user: string, dbname: string): Promise<string | undefined> {
    const recipient = passwordRecipient();
    const params: PasswordRequest.Params = { connection, host: host.host, hostaddr: host.hostaddr, port: host.port, user, dbname, recipientKey: recipient.publicKey };
    try {
      const answer: PasswordRequest.Result | null = await this.ctx.requestPassword(params);
      return answer?.sealed ? recipient.open(answer.sealed) : undefined;
    } catch (err) {
      this.ctx.error('the client did not give a password', err);
      return undefined;
    }
  }

  /**
   * A large catalog's other schemas (lazyColumns.ts): each schema's columns are read on its
   * first use over a short connection of its own, then the status counts them and the
   * analyses run again. Requests for an older snapshot are still answered, into that snapshot.
   */
  private serveLazyColumns(
    generation: number,
    connection: string | null,
    catalog: Catalog,
    askPassword: ((host: ResolvedHost, user: string, dbname: string) => Promise<string | undefined>) | undefined,
  ): void {
    const lazy = lazyColumnsOf(catalog);
    if (!lazy) {
      return;
    }
    const timeoutMs = this.ctx.settings.catalogTimeout;
    lazy.connect(
      (oids) => withClient(connection, this.ctx.env, timeoutMs, askPassword, (client) => loadColumns(client, oids, lazy.interner, { timeoutMs })),
      (schema) => {
        if (generation !== this.generation) {
          return;
        }
        const status = this.ctx.catalogStatus;
        if (status.state === 'loaded') {
          this.ctx.setCatalogStatus({ ...status, columns: catalogCounts(catalog).columns });
        }
        this.ctx.log(`catalog: columns of schema ${schema} loaded on first use`);
        this.ctx.catalogColumnsLoaded(catalog);
      },
    );
  }

  private async load(generation: number, connection: string | null): Promise<CatalogStatus> {
    const timeoutMs = this.ctx.settings.catalogTimeout;
    let status: CatalogStatus;
    const started = Date.now();
    try {
      const askPassword = this.ctx.settings.passwordRequests ? (host: ResolvedHost, user: string, dbname: string) => this.askClient(connection, host, user, dbname) : undefined;
      const eagerColumns = this.ctx.settings.catalogEagerColumns;
      const catalog = await withClient(connection, this.ctx.env, timeoutMs, askPassword, (client) => loadCatalog(client, { timeoutMs, eagerColumns }));
      if (generation !== this.generation) {
        return this.ctx.catalogStatus;
      }
      const counts = catalogCounts(catalog);
      status = { state: 'loaded', ...counts, serverVersion: catalog.serverVersion, database: catalog.database };
      this.ctx.setCatalog(catalog);
      this.serveLazyColumns(generation, connection, catalog, askPassword);
      this.ctx.log(
        `catalog loaded in ${Date.now() - started} ms: ${counts.relations} relations, ${counts.columns} columns, ` +
          `${catalog.functions.length} functions (PostgreSQL ${catalog.serverVersion}, database ${catalog.database})`,
      );
    } catch (err) {
      if (generation !== this.generation) {
        return this.ctx.catalogStatus;
      }
      const message = describeError(err);
      // Keep the last good snapshot: a flaky network should not turn every column red.
      const previous = this.ctx.catalogStatus;
      status = { state: 'error', relations: previous.relations, columns: previous.columns, serverVersion: previous.serverVersion, error: message };
      this.ctx.error(`catalog load failed: ${message}`);
    }
    this.ctx.setCatalogStatus(status);
    return status;
  }
}

/**
 * Connects the libpq way (conninfo or URI, PG* environment, service file, ~/.pgpass, sslmode,
 * every host in turn), runs `work`, and always closes. The connection attempt is bounded by
 * `timeoutMs` (unless connect_timeout says otherwise); the loader bounds each query.
 */
async function withClient<T>(
  connection: string | null,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  askPassword: ((host: ResolvedHost, user: string, dbname: string) => Promise<string | undefined>) | undefined,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = await connectFor(connection, env, timeoutMs, askPassword, catalogApplicationName);
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A connected client, resolved as libpq resolves `connection`; the connection attempt is bounded by `timeoutMs`. */
function connectFor(
  connection: string | null,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  askPassword: ((host: ResolvedHost, user: string, dbname: string) => Promise<string | undefined>) | undefined,
  applicationName: string,
): Promise<pg.Client> {
  // HOME as libpq reads it (os.homedir() reads the process's own, which is the same in the real server)
  const resolved = resolveConnection(connection, {
    env,
    ...(env.HOME ? { home: env.HOME } : {}),
    overrides: { application_name: applicationName },
  });
  const { user = '', dbname = '' } = resolved.params;
  return connectClient(resolved, { timeoutMs, askPassword: askPassword && ((host) => askPassword(host, user, dbname)) });
}

/** What pg_stat_activity shows for the catalog's connections. */
export const catalogApplicationName = 'pgsight catalog';

/** PostgreSQL's message when there is one; connection failures come worded as libpq words them (shared/src/libpq/connectionErrors.ts). */
export function describeError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    return describeError(err.errors[0]);
  }
  if (err instanceof Error) {
    const e = err as Error & { code?: string; address?: string; port?: number };
    if (e.message) {
      return e.message;
    }
    return e.code ?? err.name;
  }
  return String(err);
}
