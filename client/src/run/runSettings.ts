/**
 * The `pgsight.run.*` settings as Run uses them, read through the typed settings module
 * (client/src/config.ts; defaults in shared/src/settings.ts). The connection lists decide
 * whether pgsight asks before writing or forbids writes, so only the user's own settings
 * count (userSetting).
 */
import { setting, userSetting } from '../config';

export interface RunSettings {
  /** statement_timeout of Run sessions, ms; 0: none (as psql). */
  statementTimeoutMs: number;
  /** Rows per page read from a result's cursor. */
  pageSize: number;
  codeLens: boolean;
  /** Connection names (as in the tree) whose sessions run with default_transaction_read_only. */
  readOnlyConnections: string[];
  /** Connection names whose writes are asked about first. */
  confirmWritesConnections: string[];
}

const names = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function runSettings(): RunSettings {
  const pageSize = setting('run.pageSize');
  const timeout = setting('run.statementTimeout');
  return {
    statementTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : 0,
    pageSize: Number.isFinite(pageSize) ? Math.min(10_000, Math.max(10, Math.floor(pageSize))) : 500,
    codeLens: setting('run.codeLens'),
    readOnlyConnections: names(userSetting('run.readOnlyConnections')),
    confirmWritesConnections: names(userSetting('run.confirmWritesConnections')),
  };
}
