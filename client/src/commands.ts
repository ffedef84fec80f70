import * as vscode from 'vscode';
import { RefreshCatalogNotification, StatusRequest } from '../../shared/src/protocol';
import type { Ctx } from './ctx';
import { logChannel } from './log';
import { showSchemaFiles } from './schemaFiles';

/**
 * A command is a factory: given what its surface works with (the context, or the tree's
 * services …), it returns the handler.
 */
export type CommandFactory<S = Ctx> = (services: S) => (...args: never[]) => unknown;

/**
 * Commands of one surface, `id → factory`. Every command the client registers is a key of
 * exactly one table declared with this type (test/unit/commandTables.test.ts holds them
 * against package.json's contributes.commands).
 */
export type CommandTable<S = Ctx> = Readonly<Record<string, CommandFactory<S>>>;

/** Registers every command of a table, tracking the disposables on the extension's lifetime. */
export function registerCommands(ctx: Ctx, table: CommandTable): void;
export function registerCommands<S>(ctx: Ctx, table: CommandTable<S>, services: S): void;
export function registerCommands<S>(ctx: Ctx, table: CommandTable<S>, services?: S): void {
  for (const [id, factory] of Object.entries(table)) {
    ctx.subscriptions.push(vscode.commands.registerCommand(id, factory(services ?? (ctx as S))));
  }
}

/** Commands of the language-server surface. */
export const serverCommands: CommandTable = {
  'pgsight.server.restart': (ctx) => async () => {
    await ctx.restart();
  },
  /** Reloads the language server's catalog (after DDL run elsewhere, e.g. in psql). */
  'pgsight.catalog.refresh': (ctx) => async () => {
    await ctx.client?.sendNotification(RefreshCatalogNotification.type, {});
  },
  'pgsight.server.showLog': () => () => {
    logChannel().show(true);
  },
  /** Lists the workspace schema files in replay order, offers to write them into pgsight.schema.files (returns the list). */
  'pgsight.schema.show': (ctx) => () => showSchemaFiles(ctx),
  /** Shows (and returns, for tests and other extensions) the server status. */
  'pgsight.server.status': (ctx) => async (): Promise<StatusRequest.Result | undefined> => {
    if (!ctx.client) {
      void vscode.window.showWarningMessage('pgsight: the language server is not running.');
      return undefined;
    }
    const status: StatusRequest.Result = await ctx.client.sendRequest(StatusRequest.type, {});
    const c = status.catalog;
    const detail =
      c.state === 'loaded'
        ? `catalog loaded from PostgreSQL ${c.serverVersion ?? '?'}: ${c.relations} relations, ${c.columns} columns`
        : c.state === 'error'
          ? `catalog error: ${c.error ?? 'unknown'}`
          : `catalog ${c.state}`;
    void vscode.window.showInformationMessage(`pgsight ${status.version}: ${detail}`);
    return status;
  },
};
