/**
 * PL/pgSQL bodies judged by PostgreSQL running them: test/fixtures/plpgsql/answers.json holds,
 * for each case of corpus.sql, the first error PostgreSQL 18 raised while creating the
 * function or DO block and then running it (scripts/capture-plpgsql.mjs), with its position
 * mapped into the judged statement. pgsight, given that statement alone against the catalog of
 * schema.sql, must give the same code, message, hint, DETAIL and position, plus a DETAIL line
 * saying PostgreSQL raises it only when the body runs, exactly for errors found at run time;
 * and nothing at all for the cases PostgreSQL runs without error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { connect, freshDatabase } from '../support/db';
import { loadCatalog } from '../../server/src/catalog/catalogLoader';
import { loadParser, splitStatements } from '../../server/src/parser';
import { raisedAtRunTime } from '../../server/src/analysis/plpgsql/plpgsqlSource';
import { comparable, pgsightVerdict, type Outcome } from '../support/verdict';

const dir = path.resolve(__dirname, '../fixtures/plpgsql');

interface Answer {
  name: string;
  sql: string;
  answer: Outcome & { raisedAt?: 'create' | 'run'; context?: string };
}

const answers = JSON.parse(fs.readFileSync(path.join(dir, 'answers.json'), 'utf8')) as Answer[];
const whens = new Set(['do', 'function', 'procedure'].map((k) => raisedAtRunTime(k as 'do')));

test('the captured answers are those of the corpus as it is (re-run scripts/capture-plpgsql.mjs after editing it)', async () => {
  await loadParser();
  const judged = splitStatements(fs.readFileSync(path.join(dir, 'corpus.sql'), 'utf8'))
    .map((s) => s.text)
    .filter((s) => /^(create\s+(or\s+replace\s+)?(function|procedure)|do)\b/i.test(s));
  assert.deepEqual(
    answers.map((a) => a.sql),
    judged,
  );
});

test('PL/pgSQL corpus: pgsight says what PostgreSQL says when the body runs', async (t) => {
  await loadParser();
  const url = await freshDatabase('plpgsql', fs.readFileSync(path.join(dir, 'schema.sql'), 'utf8'));
  const client = await connect(url);
  const catalog = await loadCatalog(client).finally(() => client.end());
  const tally = { errors: 0, errorsAgree: 0, valid: 0, validAgree: 0, silent: 0 };
  for (const { name, sql, answer } of answers) {
    await t.test(name, () => {
      const verdict = pgsightVerdict(sql, catalog);
      if (answer.raisedAt === 'create' && answer.code === '42601' && !answer.message?.includes(' at or near ')) {
        // libpg-query gives PL/pgSQL's grammar errors no cursor; pgsight finds it only for "at or near" (plpgsqlSyntax.ts)
        assert.deepEqual(verdict, { code: null });
        tally.silent++;
        return;
      }
      const kind = answer.code === null ? 'valid' : 'errors';
      tally[kind]++;
      // the DETAIL's last line says when PostgreSQL raises it: there exactly for run-time errors
      const lines = verdict.detail?.split('\n') ?? [];
      const when = lines.length > 0 && whens.has(lines[lines.length - 1]!) ? lines.pop() : undefined;
      assert.equal(when !== undefined, answer.raisedAt === 'run', `timing line ${when ?? '(none)'} for an error raised at ${answer.raisedAt ?? 'no time'}`);
      const actual: Outcome = { ...verdict, detail: lines.length > 0 ? lines.join('\n') : undefined };
      const expected: Outcome = { code: answer.code, message: answer.message, hint: answer.hint, detail: answer.detail, position: answer.position };
      const [a, e] = comparable(actual, expected);
      assert.deepEqual(a, e);
      tally[kind === 'valid' ? 'validAgree' : 'errorsAgree']++;
    });
  }
  // the agreement figures the README quotes
  t.diagnostic(
    `PL/pgSQL corpus agreement: errors ${tally.errorsAgree}/${tally.errors}, valid ${tally.validAgree}/${tally.valid}; silent on ${tally.silent} syntax errors without a locatable cursor`,
  );
  assert.ok(tally.errors >= 25 && tally.valid >= 20, `${tally.errors} errors, ${tally.valid} valid cases`);
});
