import * as vscode from 'vscode';
import { toServerSettings, type ServerSettings } from '../../shared/src/settings';

/** Typed access to `pgsight.*` settings, in one place. */
export function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('pgsight');
}

/** The settings the language server receives (connection is filled in by the binding). */
export function serverSettings(connection: string | null): ServerSettings {
  const c = section();
  return toServerSettings({
    connection,
    diagnosticsDelay: c.get('diagnostics.delay'),
    catalogTimeout: c.get('catalog.timeout'),
    docsVersion: c.get('docs.version'),
  });
}

/** Keys whose change needs a language-server restart (the server reads them from its initialization settings). */
export const restartKeys: readonly string[] = ['pgsight.trace.server', 'pgsight.diagnostics.delay', 'pgsight.catalog.timeout', 'pgsight.docs.version'];
