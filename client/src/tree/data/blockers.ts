/**
 * When PostgreSQL refuses an action because a database is in use (55006): who is using it,
 * from pg_stat_activity, and retry or terminate as the caller decides. No vscode here; the
 * tree asks the user (blockingSessions.ts), tests answer directly.
 */
import type pg from 'pg';
import { pgErrorInfo } from '../../pgError';
import { objectInUse, sessionsOn, terminateSessions, type SessionInfo } from './databaseActions';

export type BlockedChoice = 'retry' | 'terminate' | 'cancel';

/** How to answer "who is blocking": the UI asks; tests and scripts pass a fixed answer. */
export type BlockedAnswer = (database: string, sessions: SessionInfo[], message: string) => Promise<BlockedChoice>;

/**
 * Runs `action`; while PostgreSQL refuses it because `database` is in use by others (55006),
 * shows who (pid, user, application, client, state, since) and retries or terminates them as
 * `answer` says. Returns the action's result, or undefined when cancelled.
 */
export async function runWithBlockers<T>(admin: pg.Client, database: string, action: () => Promise<T>, answer: BlockedAnswer): Promise<T | undefined> {
  for (let round = 0; round < 10; round++) {
    try {
      return await action();
    } catch (err) {
      const info = pgErrorInfo(err);
      if (info.sqlstate !== objectInUse) {
        throw err;
      }
      const sessions = await sessionsOn(admin, database);
      const choice = await answer(database, sessions, [info.message, info.detail].filter(Boolean).join('\n'));
      if (choice === 'cancel') {
        return undefined;
      }
      if (choice === 'terminate') {
        const done = await terminateSessions(admin, sessions);
        await waitUntilGone(admin, database, done);
      }
    }
  }
  return undefined;
}

/** pg_terminate_backend only signals: wait (up to 5 s) until the sessions have left. */
async function waitUntilGone(admin: pg.Client, database: string, pids: number[]): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const left = (await sessionsOn(admin, database)).filter((s) => pids.includes(s.pid));
    if (left.length === 0) {
      return;
    }
    await admin.query('select pg_sleep(0.05)');
  }
}
