/**
 * The misspelled-column corpus, judged by PostgreSQL itself: each statement of
 * test/fixtures/misspelled/corpus.sql runs against a real server (inside a rolled-back
 * transaction) over test/fixtures/misspelled/schema.sql, and pgsight's first diagnostic
 * must carry PostgreSQL's SQLSTATE, message, hint, detail and error position; statements
 * PostgreSQL accepts must get no diagnostic at all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { connect, freshDatabase } from '../support/db';
import { loadCatalog } from '../../server/src/catalog/catalogLoader';
import type { Catalog } from '../../server/src/catalog/model';
import { loadParser, splitStatements } from '../../server/src/parser';
import { comparable, pgsightVerdict, postgresVerdict } from '../support/verdict';

const dir = path.resolve(__dirname, '../fixtures/misspelled');
const corpus = splitStatements(fs.readFileSync(path.join(dir, 'corpus.sql'), 'utf8')).map((s) => s.text);

let client: pg.Client;
let catalog: Catalog;
test('misspelled-column corpus: pgsight says what PostgreSQL says', async (t) => {
  await loadParser();
  // created inside this test so the database lives until its last subtest has run
  const url = await freshDatabase('misspelled', fs.readFileSync(path.join(dir, 'schema.sql'), 'utf8'));
  client = await connect(url);
  const tally = { misspelled: 0, misspelledAgree: 0, valid: 0, validAgree: 0 };
  try {
    catalog = await loadCatalog(client);
    await client.query('begin');
    for (const sql of corpus) {
      await t.test(sql, async () => {
        const expected = await postgresVerdict(client, sql);
        const [actual, wanted] = comparable(pgsightVerdict(sql, catalog), expected);
        const kind = expected.code === null ? 'valid' : 'misspelled';
        tally[kind]++;
        assert.deepEqual(actual, wanted);
        tally[kind === 'valid' ? 'validAgree' : 'misspelledAgree']++;
      });
    }
  } finally {
    await client.query('rollback').catch(() => undefined);
    await client.end();
  }
  // the agreement figures the README quotes
  t.diagnostic(`corpus agreement: misspelled ${tally.misspelledAgree}/${tally.misspelled}, valid controls ${tally.validAgree}/${tally.valid}`);
  assert.ok(tally.misspelled >= 150, `${tally.misspelled} misspelled statements`);
  assert.ok(tally.valid >= 40, `${tally.valid} valid controls`);
});
