/**
 * Columns named by statements other than queries and table DDL (COPY, ANALYZE, GRANT /
 * REVOKE, CREATE STATISTICS / POLICY / TRIGGER … WHEN, generated columns, DEFAULT), judged
 * by PostgreSQL: each statement of test/fixtures/statement-columns/corpus.sql runs on a real
 * server over its schema.sql, and pgsight's first diagnostic must be PostgreSQL's error
 * (code, message, and position where PostgreSQL gives one), or none when it is accepted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { judgeCorpus } from '../support/verdict';

test('statement column lists corpus: pgsight says what PostgreSQL says', async (t) => {
  const tally = await judgeCorpus(t, path.resolve(__dirname, '../fixtures/statement-columns'));
  t.diagnostic(`statement-columns corpus agreement: ${tally.agree}/${tally.errors + tally.valid} (${tally.errors} errors, ${tally.valid} valid)`);
  assert.ok(tally.errors >= 10 && tally.valid >= 8, `${tally.errors} errors, ${tally.valid} valid statements`);
});
