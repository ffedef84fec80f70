/**
 * PostgreSQL's verdict on one statement, for corpus tests that judge pgsight's diagnostics by
 * the real server: the statement runs inside a savepoint that is rolled back, so the corpus
 * leaves nothing behind.
 */
import type pg from 'pg';

export interface Outcome {
  code: string | null;
  message?: string;
  hint?: string;
  detail?: string;
  /** PostgreSQL's 1-based character position */
  position?: number;
}

export async function postgresVerdict(client: pg.ClientBase, sql: string): Promise<Outcome> {
  await client.query('savepoint corpus');
  try {
    await client.query(sql);
    return { code: null };
  } catch (err) {
    const e = err as { code: string; message: string; hint?: string; detail?: string; position?: string };
    return { code: e.code, message: e.message, hint: e.hint, detail: e.detail, position: e.position ? Number(e.position) : undefined };
  } finally {
    await client.query('rollback to savepoint corpus');
  }
}

/**
 * PostgreSQL raises some errors without a cursor; then pgsight's range is its own choice.
 * Fields PostgreSQL leaves out (undefined) are dropped from both sides.
 */
export function comparable(actual: Outcome, expected: Outcome): [Outcome, Outcome] {
  const a = { ...actual };
  if (expected.position === undefined) {
    delete a.position;
  }
  return [JSON.parse(JSON.stringify(a)) as Outcome, JSON.parse(JSON.stringify(expected)) as Outcome];
}
