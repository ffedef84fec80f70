import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PgsightApi } from '../../../../client/src/extension';

export const extensionId = 'pgsight.pgsight';

/** The extension's API once it is active and its language client is ready. */
export async function activatePgsight(): Promise<PgsightApi> {
  const ext = vscode.extensions.getExtension<PgsightApi>(extensionId);
  assert.ok(ext);
  const api = ext.isActive ? ext.exports : await ext.activate();
  await api.ready;
  return api;
}
