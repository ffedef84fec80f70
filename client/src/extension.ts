import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Ctx } from './ctx';
import { registerCommands, serverCommands } from './commands';
import { offerSqlAssociation } from './languageAssociation';
import { restartKeys } from './config';
import { showError, log } from './log';
import { surfaces } from './surfaces';
import { stopRunSessions } from './run/runSurface';

/**
 * What `activate` returns, for tests and other extensions: the language client and the
 * bound connection string — never the ExtensionContext (its SecretStorage holds the
 * passwords) and never a password (the connection string carries none).
 */
export interface PgsightApi {
  ctx: {
    readonly client: LanguageClient | undefined;
    /** The connection string the language server uses (no password), null for the libpq environment; the editors' bindings set it. */
    readonly connection: string | null;
  };
  /** Resolves when the language server has answered its first status request. */
  ready: Promise<void>;
}

/** The API's narrow view of the context. */
function publicCtx(ctx: Ctx): PgsightApi['ctx'] {
  return Object.freeze({
    get client() {
      return ctx.client;
    },
    get connection() {
      return ctx.connection;
    },
  });
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
  return Object.freeze({ ctx: publicCtx(ctx), ready });
}

export function deactivate(): Thenable<void> | undefined {
  const ctx = current;
  current = undefined;
  return Promise.all([stopRunSessions(), ctx?.stop()]).then(() => undefined);
}
