import * as vscode from 'vscode';
import { Ctx } from './ctx';
import { registerCommands, serverCommands } from './commands';
import { offerSqlAssociation } from './languageAssociation';
import { restartKeys } from './config';
import { showError, log } from './log';
import { surfaces } from './surfaces';

/** What `activate` returns: the context, for tests and other extensions. */
export interface PgsightApi {
  ctx: Ctx;
  /** Resolves when the language server has answered its first status request. */
  ready: Promise<void>;
}

let current: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): PgsightApi {
  const started = Date.now();
  const ctx = new Ctx(context);
  current = ctx;
  registerCommands(ctx, serverCommands);
  for (const surface of surfaces) {
    surface.register(ctx);
  }

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (restartKeys.some((k) => e.affectsConfiguration(k))) {
        void ctx.restart();
      }
    }),
    vscode.workspace.onDidOpenTextDocument((doc) => void offerSqlAssociation(context, doc)),
  );
  for (const doc of vscode.workspace.textDocuments) {
    void offerSqlAssociation(context, doc);
  }

  const ready = ctx.start().then(
    () => log.info(`activated in ${Date.now() - started} ms`),
    (err: unknown) => showError('pgsight: the language server failed to start', err),
  );
  return { ctx, ready };
}

export function deactivate(): Thenable<void> | undefined {
  const ctx = current;
  current = undefined;
  return ctx?.stop();
}
