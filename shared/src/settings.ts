/**
 * Settings that cross the wire from the client to the server (initializationOptions and
 * workspace/didChangeConfiguration), with one function that turns raw, possibly hostile
 * values into safe defaults.
 */

export interface ServerSettings {
  /** libpq key/value string or postgres:// URI; null → the libpq environment. */
  connection: string | null;
  /** Milliseconds the server waits after the last keystroke before re-checking a document. */
  diagnosticsDelay: number;
  /** Statement timeout (ms) for the catalog queries. */
  catalogTimeout: number;
  /**
   * Above this many columns in the database, the catalog loads the columns of the search
   * path's schemas at once and those of other schemas on first use (server/src/catalog/lazyColumns.ts).
   */
  catalogEagerColumns: number;
  /** Docs version override ("16", "current" …); null → the connected server's major. */
  docsVersion: string | null;
  /**
   * The client answers `pgsight/password` (the VS Code client does): the server asks it for a
   * password when PostgreSQL wants one, instead of receiving it in `connection`.
   */
  passwordRequests: boolean;
  /**
   * Schema files or globs (relative to the first workspace folder), replayed in order as the
   * catalog when no server's catalog is loaded (server/src/workspace/).
   */
  schemaFiles: string[];
  /** Ask the connected server to analyse (never run) the statements the offline checks found clean. */
  serverCheck: boolean;
}

/**
 * Every `pgsight.*` setting with its default, stated once: the client's typed getters fall
 * back to these, the server's defaults come from them, and a unit test holds them against
 * package.json's `contributes.configuration` (add a setting there and here).
 */
export const settingDefaults = {
  'diagnostics.delay': 150 as number,
  'diagnostics.serverCheck': true as boolean,
  'catalog.timeout': 10_000 as number,
  'catalog.eagerColumns': 500_000 as number,
  'schema.files': [] as readonly string[],
  'docs.f1': true as boolean,
  'docs.openIn': 'browser' as 'browser' | 'editor',
  'docs.version': null as string | null,
  'docs.localPath': '' as string,
  'trace.server': 'off' as 'off' | 'messages' | 'verbose',
  associateSqlFiles: 'ask' as 'ask' | 'never',
  'explain.statementTimeout': 60_000 as number,
  'explain.confirmWrites': true as boolean,
  'explain.connection': '' as string,
  'explain.codeLens': true as boolean,
  connections: [] as readonly unknown[],
  'discovery.enabled': true as boolean,
  'discovery.socketDirectories': [] as readonly string[],
  'tree.queryTimeout': 10_000 as number,
  'tree.actionTimeout': 300_000 as number,
  'run.statementTimeout': 0 as number,
  'run.pageSize': 500 as number,
  'run.codeLens': true as boolean,
  'run.readOnlyConnections': [] as readonly string[],
  'run.confirmWritesConnections': [] as readonly string[],
};
export type SettingKey = keyof typeof settingDefaults;
export type SettingValue<K extends SettingKey> = (typeof settingDefaults)[K];

export const defaultServerSettings: ServerSettings = {
  connection: null,
  diagnosticsDelay: settingDefaults['diagnostics.delay'],
  catalogTimeout: settingDefaults['catalog.timeout'],
  catalogEagerColumns: settingDefaults['catalog.eagerColumns'],
  docsVersion: settingDefaults['docs.version'],
  passwordRequests: false,
  schemaFiles: [],
  serverCheck: settingDefaults['diagnostics.serverCheck'],
};

function num(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** Turns whatever a client sent into complete, valid settings. */
export function toServerSettings(raw: unknown): ServerSettings {
  const r = (raw !== null && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return {
    connection: str(r.connection),
    diagnosticsDelay: num(r.diagnosticsDelay, defaultServerSettings.diagnosticsDelay, 0, 5_000),
    catalogTimeout: num(r.catalogTimeout, defaultServerSettings.catalogTimeout, 100, 600_000),
    catalogEagerColumns: num(r.catalogEagerColumns, defaultServerSettings.catalogEagerColumns, 0, 100_000_000),
    docsVersion: str(r.docsVersion),
    passwordRequests: r.passwordRequests === true,
    serverCheck: r.serverCheck !== false,
    schemaFiles: Array.isArray(r.schemaFiles) ? r.schemaFiles.filter((g): g is string => typeof g === 'string' && g.trim() !== '').slice(0, 200) : [],
  };
}

/**
 * Settings a workspace must not decide: where pgsight connects, where SQL runs, whether it
 * asks before writing, what the language server logs. package.json gives them `machine`
 * scope (VS Code then ignores them in `.vscode/settings.json` and workspace files); the
 * client also reads them with `userScopedValue`, so a host that passes workspace values on
 * anyway changes nothing.
 */
export const userScopedSettings = [
  'connections',
  'explain.connection',
  'explain.confirmWrites',
  'discovery.enabled',
  'discovery.socketDirectories',
  'trace.server',
  'run.readOnlyConnections',
  'run.confirmWritesConnections',
] as const satisfies readonly SettingKey[];
export type UserScopedSetting = (typeof userScopedSettings)[number];

/** The part of `WorkspaceConfiguration.inspect()` pgsight reads (no vscode here). */
export interface InspectedSetting<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/**
 * The value of a user-scoped setting: the user's own (global) value, else the default, else
 * `fallback`. Workspace and folder values are ignored, whatever the editor passed on.
 */
export function userScopedValue<T>(inspected: InspectedSetting<T> | undefined, fallback: T): T {
  if (inspected?.globalValue !== undefined) {
    return inspected.globalValue;
  }
  if (inspected?.defaultValue !== undefined) {
    return inspected.defaultValue;
  }
  return fallback;
}

/** Whether a workspace (or folder) tried to set a user-scoped setting: worth a log line. */
export function workspaceTried<T>(inspected: InspectedSetting<T> | undefined): boolean {
  return inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
}
