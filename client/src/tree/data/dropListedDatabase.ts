/**
 * DROP DATABASE of the database the tree listed, not of whatever has its name now: PostgreSQL
 * drops by name only, so the oid the list showed is checked to still carry that name right
 * before each statement. A template is unmarked first (PostgreSQL refuses to drop a template)
 * and marked again when the drop is cancelled or fails, so it never ends up half-dropped as
 * an ordinary database. No vscode here; the tree asks, tests answer.
 */
import type pg from 'pg';
import { runWithBlockers, type BlockedAnswer } from './blockers';
import { dropDatabase, setTemplate } from './databaseActions';

/** The database as the tree listed it. */
export interface ListedDatabase {
  oid: number;
  name: string;
}

/** Thrown when the listed oid no longer carries the listed name; nothing was changed. */
export class DatabaseChangedError extends Error {}

/** The listed database's current flags; throws DatabaseChangedError when its oid no longer has that name. */
export async function checkListedDatabase(q: pg.Client, listed: ListedDatabase): Promise<{ isTemplate: boolean }> {
  const { rows } = await q.query<{ datname: string; datistemplate: boolean }>('select datname, datistemplate from pg_database where oid = $1', [listed.oid]);
  const row = rows[0];
  if (row?.datname !== listed.name) {
    const now = row ? `is now named "${row.datname}"` : 'no longer exists';
    throw new DatabaseChangedError(`The database listed as "${listed.name}" (oid ${listed.oid}) ${now}. Nothing was dropped: refresh the PostgreSQL view and try again.`);
  }
  return { isTemplate: row.datistemplate };
}

/**
 * Drops the listed database (after the user confirmed): checks its oid, unmarks it when it is
 * a template, drops it (asking `answer` while sessions block it), and marks it a template
 * again when the drop is cancelled or fails. Returns the DROP statement, or undefined when
 * cancelled.
 */
export async function dropListedDatabase(admin: pg.Client, listed: ListedDatabase, force: boolean, answer: BlockedAnswer): Promise<string | undefined> {
  const { isTemplate } = await checkListedDatabase(admin, listed);
  if (isTemplate) {
    await setTemplate(admin, listed.name, false);
  }
  let sql: string | undefined;
  try {
    sql = await runWithBlockers(
      admin,
      listed.name,
      async () => {
        await checkListedDatabase(admin, listed);
        return dropDatabase(admin, listed.name, force);
      },
      answer,
    );
  } catch (err) {
    if (isTemplate) {
      await remark(admin, listed, err);
    }
    throw err;
  }
  if (sql === undefined && isTemplate) {
    await remark(admin, listed, null);
  }
  return sql;
}

/** Marks the database a template again, if it is still the listed one. */
async function remark(admin: pg.Client, listed: ListedDatabase, dropError: unknown): Promise<void> {
  try {
    await checkListedDatabase(admin, listed);
    await setTemplate(admin, listed.name, true);
  } catch (err) {
    const why = dropError ? `The drop failed (${(dropError as Error).message}) and` : 'The drop was cancelled and';
    throw new Error(`${why} "${listed.name}" could not be marked as a template again: ${(err as Error).message}. Mark it with "Mark as Template".`, { cause: dropError ?? err });
  }
}
