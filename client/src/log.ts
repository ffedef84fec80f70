import * as vscode from 'vscode';
import { formatPgError, pgErrorInfo, pgErrorLine } from './pgError';

/** The one output channel, "PostgreSQL (pgsight)". Errors carry their stack. */
let channel: vscode.LogOutputChannel | undefined;

export function logChannel(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('PostgreSQL (pgsight)', { log: true });
  return channel;
}

export const log = {
  info: (message: string, ...args: unknown[]) => logChannel().info(message, ...args),
  warn: (message: string, ...args: unknown[]) => logChannel().warn(message, ...args),
  error: (message: string, err?: unknown) => {
    if (err instanceof Error) {
      logChannel().error(`${message}: ${err.stack ?? err.message}`);
    } else if (err !== undefined) {
      logChannel().error(`${message}: ${String(err)}`);
    } else {
      logChannel().error(message);
    }
  },
};

/**
 * The one user-facing error: `prefix: SQLSTATE: message — DETAIL: … — HINT: …` in a
 * notification whose "Show Log" opens the log, where the full text (and the stack of an
 * error that is not PostgreSQL's) is written. `logged` adds lines for the log alone (the
 * statement that failed, …).
 */
export async function showError(prefix: string, err?: unknown, logged?: string): Promise<void> {
  const info = err === undefined ? undefined : pgErrorInfo(err);
  const tail = logged ? `\n${logged}` : '';
  if (info) {
    log.error(`${prefix}\n${formatPgError(info)}${tail}`, err instanceof Error && !info.sqlstate ? err : undefined);
  } else {
    log.error(`${prefix}${tail}`);
  }
  const choice = await vscode.window.showErrorMessage(info ? `${prefix}: ${pgErrorLine(info)}` : prefix, 'Show Log');
  if (choice === 'Show Log') {
    logChannel().show(true);
  }
}
