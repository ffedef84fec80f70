import * as vscode from 'vscode';
import { describeSession } from './data/databaseActions';
import type { BlockedAnswer } from './data/blockers';

/** Asks the user, listing the sessions that hold the database (from pg_stat_activity). */
export const askWhatToDo: BlockedAnswer = async (database, sessions, message) => {
  const detail = [
    message,
    '',
    sessions.length > 0 ? `Sessions on "${database}" (pg_stat_activity):` : `No session is left on "${database}": retry.`,
    ...sessions.map((s) => `• ${describeSession(s)}`),
  ].join('\n');
  const terminate = `Terminate ${sessions.length} Session${sessions.length === 1 ? '' : 's'}…`;
  const buttons = sessions.length > 0 ? ['Retry', terminate] : ['Retry'];
  const choice = await vscode.window.showWarningMessage(`"${database}" is being used by other sessions`, { modal: true, detail }, ...buttons);
  if (choice === 'Retry') {
    return 'retry';
  }
  if (choice !== terminate) {
    return 'cancel';
  }
  const sure = await vscode.window.showWarningMessage(
    `Terminate ${sessions.length} session${sessions.length === 1 ? '' : 's'} on "${database}"?`,
    { modal: true, detail: 'pg_terminate_backend ends them; their open transactions are rolled back and their clients see an error.' },
    'Terminate',
  );
  return sure === 'Terminate' ? 'terminate' : 'cancel';
};
