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
import { loadParser, ParsedDocumentCache, splitStatements } from '../../server/src/parser';
import { analyzeDocument } from '../../server/src/analysis/analyzeDocument';

const dir = path.resolve(__dirname, '../fixtures/misspelled');
const corpus = splitStatements(fs.readFileSync(path.join(dir, 'corpus.sql'), 'utf8')).map((s) => s.text);

interface Outcome {
  code: string | null;
  message?: string;
  hint?: string;
  detail?: string;
  /** PostgreSQL's 1-based character position */
  position?: number;
}

let client: pg.Client;
let catalog: Catalog;
async function postgres(sql: string): Promise<Outcome> {
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

function pgsight(sql: string): Outcome {
  const problems = analyzeDocument(ParsedDocumentCache.parseText(sql), catalog);
  const p = problems[0];
  if (!p) {
    return { code: null };
  }
  return {
    code: p.code,
    message: p.message,
    hint: p.hint,
    detail: p.detail,
    position: Array.from(sql.slice(0, p.start)).length + 1,
  };
}

/**
 * PostgreSQL raises some errors without a cursor; then pgsight's range is its own choice.
 * Fields PostgreSQL leaves out (undefined) are dropped from both sides.
 */
function comparable(actual: Outcome, expected: Outcome): [Outcome, Outcome] {
  const a = { ...actual };
  if (expected.position === undefined) {
    delete a.position;
  }
  return [JSON.parse(JSON.stringify(a)) as Outcome, JSON.parse(JSON.stringify(expected)) as Outcome];
}

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
        const expected = await postgres(sql);
        const [actual, wanted] = comparable(pgsight(sql), expected);
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
