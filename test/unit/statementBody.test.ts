/**
 * The statement EXPLAIN sends is cut from the user's text at the parse tree's bounds
 * (stmt_location/stmt_len, bytes of UTF-8) and, inside an EXPLAIN the user typed, at the first
 * token after its options as PostgreSQL's lexer reads them: never by a pattern.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statementBody, StatementBodyError } from '../../client/src/explain/statementBody';

test('bounds come from the parse tree, in UTF-16 indexes even after multi-byte characters', async () => {
  const text = "-- café ☕ 😀\n  select 'é😀', nme from t;  -- after\n";
  const b = await statementBody(text);
  assert.equal(b.text, "select 'é😀', nme from t");
  assert.equal(b.offset, text.indexOf('select'));
  assert.equal(b.type, 'SelectStmt');
  assert.equal(b.typedExplain, false);
  const noSemicolon = await statementBody('/* a */ values (1) /* b */');
  assert.equal(noSemicolon.text, 'values (1) /* b */');
});

test("inside a typed EXPLAIN, the statement starts after the options PostgreSQL's lexer reads", async () => {
  const cases: [string, string][] = [
    [`explain (format '(') select 1 as "x)select 1;commit;delete from t where id > 5;--"`, `select 1 as "x)select 1;commit;delete from t where id > 5;--"`],
    [`explain (costs --(\n off) select 1 as "x)select 1"`, 'select 1 as "x)select 1"'],
    ['explain (costs /* ( */ off, format $q$($q$) select $$)$$', 'select $$)$$'],
    ['EXPLAIN ANALYZE VERBOSE\n  -- why\n  select 1', 'select 1'],
    ['explain verbose select 2', 'select 2'],
    ['explain (analyze, format json) /* é */ update t set a = 1 where b = \'😀\'', "update t set a = 1 where b = '😀'"],
  ];
  for (const [text, inner] of cases) {
    const b = await statementBody(text);
    assert.equal(b.text, inner, text);
    assert.equal(b.offset, text.lastIndexOf(inner), text);
    assert.ok(b.typedExplain);
  }
});

test('more than one statement, none, or a syntax error is refused with the reason', async () => {
  await assert.rejects(statementBody('select 1; select 2'), (e: unknown) => e instanceof StatementBodyError && /^This is 2 statements/.test(e.message));
  await assert.rejects(statementBody('-- nothing\n'), (e: unknown) => e instanceof StatementBodyError && /no SQL statement/.test(e.message));
  await assert.rejects(statementBody("explain (format '(') select 1 as \"x)select 1; delete from t"), (e: unknown) => e instanceof StatementBodyError && e.sqlstate === '42601');
});
