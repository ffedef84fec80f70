import * as vscode from 'vscode';
import { RefreshCatalogNotification, StatusRequest } from '../../shared/src/protocol';
import type { Ctx } from './ctx';
import { logChannel } from './log';

/** A command is a factory: given the context, it returns the handler. */
export type CommandFactory = (ctx: Ctx) => (...args: never[]) => unknown;

/** Registers every command of a table, tracking the disposables on the extension's lifetime. */
export function registerCommands(ctx: Ctx, table: Record<string, CommandFactory>): void {
  for (const [id, factory] of Object.entries(table)) {
    ctx.subscriptions.push(vscode.commands.registerCommand(id, factory(ctx)));
  }
}

/** Commands of the language-server surface. */
export const serverCommands: Record<string, CommandFactory> = {
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
