/**
 * ORDER BY / GROUP BY / DISTINCT ON names and positions (findTargetlistEntrySQL92 / SQL99 in
 * parse_clause.c), judged by PostgreSQL itself: each statement of
 * test/fixtures/targetlist/corpus.sql runs against a real server (inside a rolled-back
 * transaction) over test/fixtures/targetlist/schema.sql, and pgsight's first diagnostic
 * must carry PostgreSQL's SQLSTATE, message, hint, detail and error position; statements
 * PostgreSQL accepts must get no diagnostic at all. Every branch of the rule has a case.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { judgeCorpus } from '../support/verdict';

test('ORDER BY / GROUP BY / DISTINCT ON corpus: pgsight says what PostgreSQL says', async (t) => {
  const tally = await judgeCorpus(t, path.resolve(__dirname, '../fixtures/targetlist'));
  t.diagnostic(`target-list corpus agreement: ${tally.agree}/${tally.errors + tally.valid} (${tally.errors} errors, ${tally.valid} valid)`);
  assert.ok(tally.errors >= 30 && tally.valid >= 30, `${tally.errors} errors, ${tally.valid} valid statements`);
});
