import * as vscode from 'vscode';
import {
  settingDefaults,
  toServerSettings,
  userScopedValue,
  workspaceTried,
  type ServerSettings,
  type SettingKey,
  type SettingValue,
  type UserScopedSetting,
} from '../../shared/src/settings';
import { log } from './log';

/**
 * Typed access to `pgsight.*` settings, in one place: every read and write of pgsight's
 * configuration goes through here. Defaults come from `settingDefaults`
 * (shared/src/settings.ts), which a unit test holds against package.json.
 */
function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('pgsight');
}

/** A value of the default's shape, else the default (a hand-edited settings.json can hold anything). */
function ofDefaultShape<K extends SettingKey>(key: K, value: unknown): SettingValue<K> {
  const fallback = settingDefaults[key];
  const fits =
    fallback === null ? value === null || typeof value === 'string' : Array.isArray(fallback) ? Array.isArray(value) : typeof value === typeof fallback;
  return (fits ? value : fallback) as SettingValue<K>;
}

/** A setting a workspace may set (user-only settings go through `userSetting`, the type says so). */
export function setting<K extends Exclude<SettingKey, UserScopedSetting>>(key: K): SettingValue<K> {
  return ofDefaultShape(key, section().get(key, settingDefaults[key]));
}

const warned = new Set<string>();

/**
 * A setting a workspace must not decide (where pgsight connects, where SQL runs, whether it
 * asks first): the user's value or the default, never a workspace's, even if VS Code passed
 * one on (shared/src/settings.ts `userScopedSettings`).
 */
export function userSetting<K extends UserScopedSetting>(key: K): SettingValue<K> {
  const inspected = section().inspect<SettingValue<K>>(key);
  if (workspaceTried(inspected) && !warned.has(key)) {
    warned.add(key);
    log.warn(`pgsight.${key} is set by this workspace and ignored: it decides where pgsight connects or what it runs, so only your user settings count`);
  }
  return ofDefaultShape(key, userScopedValue(inspected, settingDefaults[key]));
}

/** Writes a setting to the user settings (pgsight writes a workspace's only through updateWorkspaceSetting, on request). */
export async function updateUserSetting<K extends SettingKey>(key: K, value: SettingValue<K> | undefined): Promise<void> {
  await section().update(key, value, vscode.ConfigurationTarget.Global);
}

/**
 * Writes a setting a workspace may decide to the workspace's settings, only when the user
 * asked for exactly that (the *Show Workspace Schema Files* command's "write" choice).
 */
export async function updateWorkspaceSetting<K extends Exclude<SettingKey, UserScopedSetting>>(key: K, value: SettingValue<K>): Promise<void> {
  await section().update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** The settings the language server receives (connection is filled in by the binding, never with a password). */
export function serverSettings(connection: string | null): ServerSettings {
  return toServerSettings({
    connection,
    diagnosticsDelay: setting('diagnostics.delay'),
    catalogTimeout: setting('catalog.timeout'),
    catalogEagerColumns: setting('catalog.eagerColumns'),
    docsVersion: setting('docs.version'),
    passwordRequests: true,
    schemaFiles: setting('schema.files'),
    serverCheck: setting('diagnostics.serverCheck'),
  });
}

/** Keys whose change needs a language-server restart (the server reads them from its initialization settings). */
export const restartKeys: readonly string[] = (['trace.server', 'diagnostics.delay', 'diagnostics.serverCheck', 'catalog.timeout', 'catalog.eagerColumns', 'docs.version', 'schema.files'] satisfies SettingKey[]).map((k) => `pgsight.${k}`);
