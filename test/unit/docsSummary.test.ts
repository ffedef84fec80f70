/**
 * Issue 13: the hover shows the manual's one-line summary of a command, function or setting,
 * as that version's manual words it.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser } from '../../server/src/parser';
import { docsForPosition, docsHoverMarkdown } from '../../server/src/docs/hoverDocs';
import { docsIndexVersions, findEntry, withDocsIndex, entryKeys } from '../../server/src/docs/docsIndex';

before(async () => {
  await loadParser();
});

function hover(marked: string, version: string | null): ReturnType<typeof docsForPosition> {
  return docsForPosition(marked.replace('‸', ''), marked.indexOf('‸'), version);
}

describe('one-line summaries', () => {
  test('a command\'s purpose, a function\'s description, a setting\'s first sentence', () => {
    assert.equal(hover('SEL‸ECT 1', '18.1')?.summary, 'Retrieve rows from a table or view');
    assert.equal(hover('VACU‸UM t', '18.1')?.summary, 'Garbage-collect and optionally analyze a database');
    assert.equal(hover('SELECT lp‸ad(a, 5) FROM t', '17.1')?.summary, 'Extends the string to length length by prepending the characters fill (a space by default).');
    assert.equal(hover('SELECT co‸unt(*) FROM t', null)?.summary, 'Computes the number of input rows.');
    assert.match(hover('SET work_m‸em = \'64MB\'', '15.3')?.summary ?? '', /^Sets the base maximum amount of memory to be used by a query operation/);
  });

  test('a clause opens a section of prose: its first sentence (a keyword\'s hover)', () => {
    assert.match(hover('SELECT * FROM a LEFT JO‸IN b ON true', '18.1')?.summary ?? '', /^A joined table is a table derived from two other/);
    assert.match(hover('WI‸TH x AS (SELECT 1) SELECT * FROM x', '17.2')?.summary ?? '', /^WITH provides a way to write auxiliary statements/);
    // a clause anchored at a table gets no summary rather than the table's first row
    assert.equal(hover('SELECT 1 WHERE 2 BETW‸EEN 1 AND 3', '18.1')?.summary, undefined);
  });

  test('per version: a function new in 18 has its summary on 18 only', () => {
    assert.match(findEntry('function', 'uuidv7', '18')?.summary ?? '', /UUID/);
    assert.equal(findEntry('function', 'uuidv7', '15'), null);
  });

  test('every command and most functions of every version have one', () => {
    for (const v of docsIndexVersions) {
      withDocsIndex(v, () => {
        const commands = entryKeys('command');
        const withSummary = commands.filter((c) => findEntry('command', c)?.summary);
        assert.equal(withSummary.length, commands.length, `${v}: ${commands.filter((c) => !findEntry('command', c)?.summary).join(', ')}`);
        const functions = entryKeys('function');
        const described = functions.filter((f) => findEntry('function', f)?.summary).length;
        assert.ok(described / functions.length > 0.8, `${v}: ${described} of ${functions.length} functions described`);
      });
    }
  });

  test('the hover puts the summary under the link, markdown characters escaped', () => {
    const md = docsHoverMarkdown('file:///q.sql', 'SELECT lpad(a, 5) FROM t', 9, { line: 0, character: 9 }, '18.1') ?? '';
    assert.match(md, /^PostgreSQL manual: \[lpad\]\(command:pgsight\.docs\.open\?[^)]*\) · \[web\]\([^)]+\)\n\nExtends the string to length length/);
    const star = docsHoverMarkdown('file:///q.sql', 'SELECT * FROM t', 0, { line: 0, character: 0 }, '18.1') ?? '';
    assert.match(star, /\n\nRetrieve rows from a table or view$/);
  });
});
