/** The statement at the cursor, split by psql's rules. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statementAt, statementRanges } from '../../shared/src/statementBounds';

const texts = (sql: string) => statementRanges(sql).map((s) => s.text);

test('semicolons inside quotes, comments, parentheses and dollar quotes do not split', () => {
  const sql = `select ';' as a, "x;y", $$ ; $$, $fn$ a; b $fn$ -- c; d
from t /* e; /* nested; */ f; */ where (g = ';');
select E'it\\'s;' , 'it''s;';
create function f() returns int language sql begin atomic select 1; select case when true then 2 end; end;
select 3`;
  assert.deepEqual(texts(sql), [
    `select ';' as a, "x;y", $$ ; $$, $fn$ a; b $fn$ -- c; d\nfrom t /* e; /* nested; */ f; */ where (g = ';')`,
    "select E'it\\'s;' , 'it''s;'",
    'create function f() returns int language sql begin atomic select 1; select case when true then 2 end; end',
    'select 3',
  ]);
});

test('psql meta-commands end a statement and are not statements', () => {
  assert.deepEqual(texts('\\set n 10\nselect :n \\gx\nselect 2;\n\\timing on\n-- only a comment\n'), ['select :n', 'select 2']);
});

test('the statement at the cursor: inside, right after its semicolon, or the nearest one', () => {
  const sql = 'select 1;\nselect 2;  \n\n\nselect 3;';
  const at = (i: number) => statementAt(sql, i)?.text;
  assert.equal(at(3), 'select 1');
  assert.equal(at(sql.indexOf(';') + 1), 'select 1');
  assert.equal(at(sql.indexOf('select 2') + 4), 'select 2');
  assert.equal(at(sql.indexOf('select 2;') + 11), 'select 2', 'trailing blanks on the same line');
  assert.equal(at(sql.indexOf('\n\n') + 2), 'select 3', 'blank lines lead to the next one');
  assert.equal(at(sql.length), 'select 3');
  const r = statementAt(sql, 15)!;
  assert.equal(sql.slice(r.start, r.end), r.text);
  assert.equal(statementAt('  -- nothing\n', 3), undefined);
});

test('COPY … FROM stdin data lines are not statements (one splitter for client and server)', () => {
  const sql = 'select 1;\ncopy t from stdin;\na;b\n\\.\nselect 2;';
  assert.deepEqual(texts(sql), ['select 1', 'copy t from stdin', 'select 2']);
  assert.equal(statementAt(sql, sql.indexOf('a;b') + 1)?.text, 'copy t from stdin', 'the cursor in the data belongs to no data "statement"');
  assert.deepEqual(texts('\\copy t from stdin\nx;y\n\\.\nselect 3;'), ['select 3']);
});

test('leading comments belong to the statement they precede; a meta-command line does not', () => {
  const sql = 'select 1;\n-- explain this\nselect 2;\n\\timing on\nselect 3;';
  const all = statementRanges(sql);
  assert.deepEqual(all.map((s) => s.text), ['select 1', '-- explain this\nselect 2', 'select 3']);
  assert.equal(statementAt(sql, sql.indexOf('explain this'))?.text, '-- explain this\nselect 2');
});
