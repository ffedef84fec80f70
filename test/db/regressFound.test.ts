/**
 * Documents reduced from the disagreements that scripts/check-regress-semantics.mjs found
 * between pgsight and PostgreSQL over PostgreSQL's regression suite. Each document of
 * test/fixtures/regress-found/ runs statement by statement on a real server (a fresh
 * database with schema.sql), while pgsight analyses the whole document against that
 * database's catalog: for every statement, pgsight's first diagnostic must be PostgreSQL's
 * error when it is one pgsight checks for, and there must be none when PostgreSQL accepts it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { connect, freshDatabase } from '../support/db';
import { loadCatalog } from '../../server/src/catalog/catalogLoader';
import { loadParser, ParsedDocumentCache } from '../../server/src/parser';
import { analyzeDocument } from '../../server/src/analysis/analyzeDocument';
import { SqlState } from '../../shared/src/diagnosticCodes';
import { comparable, type Outcome } from '../support/verdict';

const dir = path.resolve(__dirname, '../fixtures/regress-found');
const documents = fs.readdirSync(dir).filter((f) => f.endsWith('.sql') && f !== 'schema.sql').sort();
/** PostgreSQL errors outside this set are not pgsight's to find: it must then say nothing */
const checked = new Set<string>(Object.values(SqlState));

for (const file of documents) {
  test(`regression-suite finding ${file}: pgsight says what PostgreSQL says, statement by statement`, async (t) => {
    await loadParser();
    const url = await freshDatabase('regress_found', fs.readFileSync(path.join(dir, 'schema.sql'), 'utf8'));
    const client = await connect(url);
    try {
      const catalog = await loadCatalog(client);
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const doc = ParsedDocumentCache.parseText(text);
      const problems = analyzeDocument(doc, catalog);
      for (const { span } of doc.statements) {
        const sql = span.text.replace(/^(--[^\n]*\n)+/, '');
        let expected: Outcome = { code: null };
        try {
          await client.query(span.text);
        } catch (err) {
          const e = err as { code: string; message: string; hint?: string; detail?: string; position?: string };
          if (checked.has(e.code)) {
            // positions counted from the statement's text as sent (comments included)
            const position = e.position ? Number(e.position) - (span.text.length - sql.length) : undefined;
            expected = { code: e.code, message: e.message, hint: e.hint, detail: e.detail, position };
          }
        }
        const p = problems.find((x) => x.start >= span.start && x.start <= span.end);
        const actual: Outcome = p
          ? { code: p.code, message: p.message, hint: p.hint, detail: p.detail, position: Array.from(text.slice(span.start + span.text.length - sql.length, p.start)).length + 1 }
          : { code: null };
        await t.test(sql, () => {
          const [a, e] = comparable(actual, expected);
          assert.deepEqual(a, e);
        });
      }
    } finally {
      await client.end();
    }
  });
}
