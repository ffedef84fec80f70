/**
 * SQL-language function and procedure bodies, checked as CREATE FUNCTION checks them
 * (check_function_bodies): each statement of test/fixtures/function-bodies/corpus.sql runs
 * against a real server over its schema.sql, and pgsight's first diagnostic must be
 * PostgreSQL's error inside the body (code, message, position), or none when PostgreSQL
 * accepts the function.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { judgeCorpus } from '../support/verdict';

test('SQL function bodies corpus: pgsight says what PostgreSQL says', async (t) => {
  const tally = await judgeCorpus(t, path.resolve(__dirname, '../fixtures/function-bodies'));
  t.diagnostic(`function-body corpus agreement: ${tally.agree}/${tally.errors + tally.valid} (${tally.errors} errors, ${tally.valid} valid)`);
  assert.ok(tally.errors >= 10 && tally.valid >= 10, `${tally.errors} errors, ${tally.valid} valid statements`);
});
