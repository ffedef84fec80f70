/**
 * PostgreSQL's verdict on one statement and pgsight's first diagnostic in the same shape, for
 * corpus tests that judge pgsight by the real server: the statement runs inside a savepoint that is rolled back, so the corpus
 * leaves nothing behind.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import type pg from 'pg';
import { connect, freshDatabase } from './db';
import { loadCatalog } from '../../server/src/catalog/catalogLoader';
import { loadParser, ParsedDocumentCache, splitStatements } from '../../server/src/parser';
import type { Catalog } from '../../server/src/catalog/model';
import { analyzeDocument } from '../../server/src/analysis/analyzeDocument';

export interface Outcome {
  code: string | null;
  message?: string;
  hint?: string;
  detail?: string;
  /** PostgreSQL's 1-based character position */
  position?: number;
}

/** pgsight's first diagnostic for `sql` against `catalog` (no diagnostic: code null). */
export function pgsightVerdict(sql: string, catalog: Catalog | null): Outcome {
  const p = analyzeDocument(ParsedDocumentCache.parseText(sql), catalog)[0];
  if (!p) {
    return { code: null };
  }
  return { code: p.code, message: p.message, hint: p.hint, detail: p.detail, position: Array.from(sql.slice(0, p.start)).length + 1 };
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

/**
 * Judges a corpus folder (schema.sql, corpus.sql) by PostgreSQL: each statement of corpus.sql
 * runs in a rolled-back savepoint over schema.sql, one subtest each, and pgsight's first
 * diagnostic must be PostgreSQL's error (or none when PostgreSQL accepts it). Comment lines
 * before a statement name its case and are not sent. Returns the agreement tally.
 */
export async function judgeCorpus(t: TestContext, dir: string): Promise<{ errors: number; valid: number; agree: number }> {
  await loadParser();
  const corpus = splitStatements(fs.readFileSync(path.join(dir, 'corpus.sql'), 'utf8')).map((s) => s.text.replace(/^(--[^\n]*\n)+/, ''));
  const url = await freshDatabase(path.basename(dir).replace(/\W/g, '_'), fs.readFileSync(path.join(dir, 'schema.sql'), 'utf8'));
  const client = await connect(url);
  const tally = { errors: 0, valid: 0, agree: 0 };
  try {
    const catalog = await loadCatalog(client);
    await client.query('begin');
    for (const sql of corpus) {
      await t.test(sql, async () => {
        const expected = await postgresVerdict(client, sql);
        tally[expected.code === null ? 'valid' : 'errors']++;
        const [actual, wanted] = comparable(pgsightVerdict(sql, catalog), expected);
        assert.deepEqual(actual, wanted);
        tally.agree++;
      });
    }
  } finally {
    await client.query('rollback').catch(() => undefined);
    await client.end();
  }
  return tally;
}
