import * as vscode from 'vscode';

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

/** A user-facing error that offers "Show Log". */
export async function showError(message: string, err?: unknown): Promise<void> {
  log.error(message, err);
  const choice = await vscode.window.showErrorMessage(message, 'Show Log');
  if (choice === 'Show Log') {
    logChannel().show(true);
  }
}
