import * as vscode from 'vscode';
import { setting, updateUserSetting } from './config';
import { userAssociationsWithSql } from './sqlFileAssociation';

const askedKey = 'pgsight.associateSqlFiles.asked';

/**
 * Offers, once and dismissibly, to open `.sql` files with the `postgres` language. Never
 * writes the user's settings without a yes; "Never" is remembered in the setting.
 */
export async function offerSqlAssociation(context: vscode.ExtensionContext, document: vscode.TextDocument): Promise<void> {
  if (document.languageId !== 'sql' || setting('associateSqlFiles') === 'never') {
    return;
  }
  if (context.globalState.get<boolean>(askedKey)) {
    return;
  }
  const files = vscode.workspace.getConfiguration('files');
  // the effective value (user and workspace merged): any scope that already decides *.sql wins
  const assoc = files.get<Record<string, string>>('associations') ?? {};
  if (assoc['*.sql'] !== undefined) {
    return;
  }
  await context.globalState.update(askedKey, true);
  const choice = await vscode.window.showInformationMessage(
    'pgsight: open .sql files as PostgreSQL? This adds "*.sql": "postgres" to files.associations in your user settings.',
    'Yes',
    'Not now',
    'Never',
  );
  if (choice === 'Yes') {
    // only the user's own value (read again: the question may have been open a while) plus
    // *.sql, never the workspace's associations that get() merged in
    const latest = vscode.workspace.getConfiguration('files');
    const user = latest.inspect<Record<string, string>>('associations')?.globalValue;
    await latest.update('associations', userAssociationsWithSql(user), vscode.ConfigurationTarget.Global);
  } else if (choice === 'Never') {
    await updateUserSetting('associateSqlFiles', 'never');
  }
}
