import * as vscode from 'vscode';
import { toServerSettings, userScopedValue, workspaceTried, type ServerSettings, type UserScopedSetting } from '../../shared/src/settings';
import { log } from './log';

/** Typed access to `pgsight.*` settings, in one place. */
export function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('pgsight');
}

const warned = new Set<string>();

/**
 * A setting a workspace must not decide (where pgsight connects, where SQL runs, whether it
 * asks first): the user's value or the default, never a workspace's, even if VS Code passed
 * one on (shared/src/settings.ts `userScopedSettings`).
 */
export function userSetting<T>(key: UserScopedSetting, fallback: T): T {
  const inspected = section().inspect<T>(key);
  if (workspaceTried(inspected) && !warned.has(key)) {
    warned.add(key);
    log.warn(`pgsight.${key} is set by this workspace and ignored: it decides where pgsight connects or what it runs, so only your user settings count`);
  }
  return userScopedValue(inspected, fallback);
}

/** The settings the language server receives (connection is filled in by the binding, never with a password). */
export function serverSettings(connection: string | null): ServerSettings {
  const c = section();
  return toServerSettings({
    connection,
    diagnosticsDelay: c.get('diagnostics.delay'),
    catalogTimeout: c.get('catalog.timeout'),
    docsVersion: c.get('docs.version'),
    passwordRequests: true,
    schemaFiles: c.get('schema.files'),
  });
}

/** Keys whose change needs a language-server restart (the server reads them from its initialization settings). */
export const restartKeys: readonly string[] = ['pgsight.trace.server', 'pgsight.diagnostics.delay', 'pgsight.catalog.timeout', 'pgsight.docs.version', 'pgsight.schema.files'];
