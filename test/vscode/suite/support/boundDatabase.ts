import * as vscode from 'vscode';
import { activatePgsight } from './activatePgsight';
import { bindServerCatalog } from './bindServerCatalog';
import { createTestDatabase, databaseUrl, dropTestDatabase, sql } from './testDatabase';

/**
 * Registers the current suite's setup and teardown: a fresh database holding `schemaSql`,
 * pgsight activated, and the language server's catalog bound to that database; unbound and
 * dropped afterwards.
 */
export function useBoundDatabase(database: string, schemaSql: string): void {
  let unbind: (() => Promise<void>) | undefined;
  suiteSetup(async () => {
    await createTestDatabase(database);
    await sql(databaseUrl(database), schemaSql);
    await vscode.workspace.openTextDocument({ language: 'sql', content: 'select 1;' });
    const api = await activatePgsight();
    unbind = await bindServerCatalog(api, databaseUrl(database));
  });
  suiteTeardown(async () => {
    await unbind?.();
    await dropTestDatabase(database);
  });
}
