/**
 * Explain at the cursor inside `COPY … FROM stdin` data (issue 10 §3): the data lines are not
 * SQL, so Explain must find no statement there (or the COPY itself, which it refuses), never a
 * piece of data such as `delete me; select 2`; the statement after the `\.` line is found whole.
 * The function is the one explainCommands uses to pick the statement at the cursor, and the
 * ranges the CodeLens walks. Fixed by the one splitter of issue 11.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statementAt, statementRanges } from '../../shared/src/statementBounds';

const text = 'copy t (id, note) from stdin;\n1\tdelete me; select 2\n2\t(unclosed\n\\.\nselect 1;\n';

test('inside COPY data, Explain at the cursor takes no data as a statement', () => {
  for (const at of ['delete me', 'select 2', '(unclosed']) {
    const s = statementAt(text, text.indexOf(at) + 1);
    assert.ok(s === undefined || s.text.toLowerCase().startsWith('copy t (id, note) from stdin'), `at ${JSON.stringify(at)}: ${JSON.stringify(s?.text)}`);
  }
});

test('the statement after the end-of-data line is found whole', () => {
  assert.equal(statementAt(text, text.indexOf('select 1') + 3)?.text, 'select 1');
});

test('no CodeLens range starts inside COPY data', () => {
  const starts = statementRanges(text).map((r) => r.text.split('\n')[0]);
  assert.deepEqual(starts.filter((s) => !/^copy t \(id, note\) from stdin/i.test(s!) && s !== 'select 1'), []);
});
