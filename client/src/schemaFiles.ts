/**
 * *PostgreSQL: Show Workspace Schema Files* (`pgsight.schema.show`): the files the language
 * server replays as the workspace schema, in order, and where the list comes from (the
 * `pgsight.schema.files` setting or a detected layout). Picking a file opens it; the first
 * entry writes the list into the workspace's `pgsight.schema.files`, where it can be edited.
 */
import * as vscode from 'vscode';
import { SchemaFilesRequest } from '../../shared/src/protocol';
import type { Ctx } from './ctx';
import { updateWorkspaceSetting } from './config';
import { log } from './log';

type Item = vscode.QuickPickItem & { file?: string; write?: string[] };

export async function showSchemaFiles(ctx: Ctx): Promise<SchemaFilesRequest.Result | undefined> {
  if (!ctx.client) {
    void vscode.window.showWarningMessage('pgsight: the language server is not running.');
    return undefined;
  }
  const result: SchemaFilesRequest.Result = await ctx.client.sendRequest(SchemaFilesRequest.type, {});
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (result.files.length === 0 || !folder) {
    void vscode.window.showInformationMessage(
      'pgsight: no workspace schema — no pgsight.schema.files setting and no known layout (Flyway, golang-migrate, dbmate, sqitch, db/structure.sql, a pg_dump file, schema.sql).',
    );
    return result;
  }
  const from = result.source === 'setting' ? 'from pgsight.schema.files' : `detected: ${result.layout ?? '?'}`;
  const items: Item[] = [
    ...(result.source === 'detected'
      ? [{ label: '$(edit) Write into the workspace settings (pgsight.schema.files)', detail: result.globs.join(', '), write: result.globs, alwaysShow: true }]
      : []),
    { label: `${result.files.length} files in replay order`, kind: vscode.QuickPickItemKind.Separator },
    ...result.files.map((f, i) => ({ label: `${i + 1}. ${f}`, file: f })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `Workspace schema (${from})`,
    placeHolder: 'Open a schema file, or keep this list in the settings',
    matchOnDetail: true,
  });
  if (picked?.write) {
    await updateWorkspaceSetting('schema.files', picked.write);
    log.info(`pgsight.schema.files written to the workspace settings: ${picked.write.join(', ')}`);
  } else if (picked?.file) {
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, picked.file));
  }
  return result;
}
