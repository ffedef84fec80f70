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
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { connect, freshDatabase } from '../support/db';
import { loadCatalog } from '../../server/src/catalog/catalogLoader';
import { loadParser, splitStatements } from '../../server/src/parser';
import { comparable, pgsightVerdict, postgresVerdict } from '../support/verdict';

const dir = path.resolve(__dirname, '../fixtures/targetlist');
const corpus = splitStatements(fs.readFileSync(path.join(dir, 'corpus.sql'), 'utf8')).map((s) => s.text.replace(/^(--[^\n]*\n)+/, ''));

test('ORDER BY / GROUP BY / DISTINCT ON corpus: pgsight says what PostgreSQL says', async (t) => {
  await loadParser();
  const url = await freshDatabase('targetlist', fs.readFileSync(path.join(dir, 'schema.sql'), 'utf8'));
  const client: pg.Client = await connect(url);
  const tally = { errors: 0, errorsAgree: 0, valid: 0, validAgree: 0 };
  try {
    const catalog = await loadCatalog(client);
    await client.query('begin');
    for (const sql of corpus) {
      await t.test(sql, async () => {
        const expected = await postgresVerdict(client, sql);
        const kind = expected.code === null ? 'valid' : 'errors';
        tally[kind]++;
        const [actual, wanted] = comparable(pgsightVerdict(sql, catalog), expected);
        assert.deepEqual(actual, wanted);
        tally[kind === 'valid' ? 'validAgree' : 'errorsAgree']++;
      });
    }
  } finally {
    await client.query('rollback').catch(() => undefined);
    await client.end();
  }
  t.diagnostic(`target-list corpus agreement: errors ${tally.errorsAgree}/${tally.errors}, valid ${tally.validAgree}/${tally.valid}`);
  assert.ok(tally.errors >= 30 && tally.valid >= 30, `${tally.errors} errors, ${tally.valid} valid statements`);
});
