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
  /** Docs version override ("16", "current" …); null → the connected server's major. */
  docsVersion: string | null;
}

export const defaultServerSettings: ServerSettings = {
  connection: null,
  diagnosticsDelay: 150,
  catalogTimeout: 10_000,
  docsVersion: null,
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
    docsVersion: str(r.docsVersion),
  };
}
