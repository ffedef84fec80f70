// PostgreSQL's answers for the PL/pgSQL corpus, captured by running it: each case of
// test/fixtures/plpgsql/corpus.sql (a comment naming it, the CREATE FUNCTION / PROCEDURE or
// DO statement pgsight judges, then the statements that run it) runs in a rolled-back
// savepoint over schema.sql on a real PostgreSQL 18, and the first error is written to
// test/fixtures/plpgsql/answers.json with where PostgreSQL points in the judged statement:
// its position for errors raised while creating, else the place of its internal query's
// cursor in the body (found from the CONTEXT line), as a 1-based character position.
//   node scripts/capture-plpgsql.mjs          (PGSIGHT_TEST_URL, else a throwaway server)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withCaptureDatabase } from './lib/captureDatabase.mjs';

if (!process.env.PGSIGHT_CAPTURE_CHILD) {
  // the corpus is split with the project's own (TypeScript) statement splitter
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    stdio: 'inherit',
    env: { ...process.env, PGSIGHT_CAPTURE_CHILD: '1' },
  });
  process.exit(r.status ?? 1);
}
const { plpgsqlCases } = await import('./lib/plpgsqlCorpus.mjs');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'test/fixtures/plpgsql');

/** 1-based character position in `sql` of PostgreSQL's internal-query cursor, or undefined. */
function runTimePosition(sql, error) {
  const query = error.internalQuery;
  const cursor = Number(error.internalPosition);
  const line = /line (\d+) at /.exec(error.where ?? '')?.[1];
  const open = /\$[A-Za-z_]*\$/.exec(sql);
  if (!query || !cursor || !line || !open) {
    return undefined;
  }
  const bytes = Buffer.from(sql, 'utf8');
  const bodyStart = Buffer.byteLength(sql.slice(0, open.index + open[0].length), 'utf8');
  let from = bodyStart;
  for (let n = 1; n < Number(line); n++) {
    from = bytes.indexOf(0x0a, from) + 1;
  }
  // the internal query is the body's text from there, INTO blanked byte for byte; PERFORM reads as "SELECT "
  for (const [text, shift] of [
    [query, 0],
    [query.replace(/^SELECT /, ''), 7],
  ]) {
    const q = Buffer.from(text, 'utf8');
    for (let at = from; at + q.length <= bytes.length; at++) {
      let ok = true;
      for (let j = 0; j < q.length && ok; j++) {
        ok = q[j] === bytes[at + j] || (q[j] === 0x20 && j > 0);
      }
      if (ok) {
        const cursorByte =
          Buffer.byteLength(
            Array.from(query)
              .slice(0, cursor - 1)
              .join(''),
            'utf8',
          ) - shift;
        return Array.from(bytes.subarray(0, at + cursorByte).toString('utf8')).length + 1;
      }
    }
  }
  return undefined;
}

const cases = plpgsqlCases(fs.readFileSync(path.join(dir, 'corpus.sql'), 'utf8'));
const answers = await withCaptureDatabase('plpgsql', async (client) => {
  await client.query(fs.readFileSync(path.join(dir, 'schema.sql'), 'utf8'));
  const out = [];
  await client.query('begin');
  for (const c of cases) {
    await client.query('savepoint corpus');
    let answer = { code: null };
    for (const [i, sql] of [c.sql, ...c.run].entries()) {
      try {
        await client.query(sql);
      } catch (e) {
        const raisedAt = i === 0 && !(c.sql.trimStart().toLowerCase().startsWith('do') && e.where?.includes(' line ')) ? 'create' : 'run';
        const position = i === 0 && e.position ? Number(e.position) : runTimePosition(c.sql, e);
        answer = { code: e.code, message: e.message, detail: e.detail, hint: e.hint, position, raisedAt, context: e.where };
        break;
      }
    }
    await client.query('rollback to savepoint corpus');
    out.push({ name: c.name, sql: c.sql, answer: JSON.parse(JSON.stringify(answer)) });
  }
  await client.query('rollback');
  return out;
});
fs.writeFileSync(path.join(dir, 'answers.json'), `${JSON.stringify(answers, null, 2)}\n`);
console.log(
  `${answers.length} cases: ${answers.filter((a) => a.answer.code !== null).length} errors, ${answers.filter((a) => a.answer.code === null).length} valid`,
);
