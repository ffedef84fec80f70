// The cases of test/fixtures/plpgsql/corpus.sql, for the capture script and the test that judges
// pgsight by its answers: a case starts at a statement preceded by a comment (its name), that
// statement is the one judged, and the statements after it until the next case run it.
import { splitStatements } from '../../shared/src/statementSplitter.ts';

/** @returns {{ name: string, sql: string, run: string[] }[]} */
export function plpgsqlCases(text) {
  const cases = [];
  let previousEnd = 0;
  for (const span of splitStatements(text)) {
    const comments = text
      .slice(previousEnd, span.start)
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('--') && !l.includes('====='))
      .map((l) => l.replace(/^--\s*/, ''));
    previousEnd = span.end;
    if (comments.length > 0) {
      cases.push({ name: comments[comments.length - 1], sql: span.text, run: [] });
    } else if (cases.length > 0) {
      cases[cases.length - 1].run.push(span.text);
    }
  }
  return cases;
}
