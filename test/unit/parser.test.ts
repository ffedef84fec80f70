import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  loadParser,
  splitStatements,
  parseSql,
  scanSql,
  ParsedDocumentCache,
  TextOffsets,
  quoteIdentifier,
  keywordKind,
} from '../../server/src/parser';

before(async () => {
  await loadParser();
});

const texts = (sql: string): string[] => splitStatements(sql).map((s) => s.text);

test('splits on semicolons outside quotes, dollar quotes, comments and parentheses', () => {
  const sql = [
    "select ';' as a;",
    'select "x;y" from t; -- trailing; comment',
    'select $$ ; $$, $fn$ a;b $fn$;',
    '/* a; /* nested; */ still */ select 1;',
    "select E'it\\'s;' ;",
    'create rule r as on insert to t do also (insert into u values (1); insert into u values (2));',
    'select 2',
  ].join('\n');
  assert.deepEqual(texts(sql), [
    "select ';' as a;",
    'select "x;y" from t;',
    'select $$ ; $$, $fn$ a;b $fn$;',
    'select 1;',
    "select E'it\\'s;' ;",
    'create rule r as on insert to t do also (insert into u values (1); insert into u values (2));',
    'select 2',
  ]);
});

test('BEGIN ATOMIC bodies stay one statement, transaction BEGIN does not', () => {
  const sql = `begin;
create function f() returns int language sql begin atomic select 1; select case when true then 2 end; end;
select 1 as "begin"; commit;`;
  assert.deepEqual(texts(sql), [
    'begin;',
    'create function f() returns int language sql begin atomic select 1; select case when true then 2 end; end;',
    'select 1 as "begin";',
    'commit;',
  ]);
});

test('psql meta-commands and COPY FROM stdin data are not SQL', () => {
  const sql = `\\set ON_ERROR_STOP 1
select 1;
copy t (a, b) from stdin;
1\tfoo; bar
2\t'unbalanced
\\.
select 2 \\gset
select 3;`;
  const spans = splitStatements(sql);
  assert.deepEqual(spans.map((s) => s.text.trimEnd()), ['select 1;', 'copy t (a, b) from stdin;', 'select 2', 'select 3;']);
  for (const s of spans) {
    assert.equal(sql.slice(s.start, s.start + 4), s.text.slice(0, 4), 'offsets point into the document');
  }
});

test('statement offsets are exact UTF-16 offsets into the document', () => {
  const sql = "select '😀';  select 'é' from t;";
  const [a, b] = splitStatements(sql);
  assert.equal(sql.slice(a!.start, a!.end), "select '😀';");
  assert.equal(sql.slice(b!.start, b!.end), "select 'é' from t;");
});

test('syntax errors carry PostgreSQL message and cursor, converted from code points to UTF-16', () => {
  const sql = "select '😀é', from t";
  const r = parseSql(sql);
  assert.equal(r.ok, false);
  assert.ok(!r.ok);
  assert.equal(r.error.message, 'syntax error at or near "from"');
  assert.equal(sql.slice(r.error.offset, r.error.offset + 4), 'from');
  const end = parseSql('select * from t where');
  assert.ok(!end.ok);
  assert.equal(end.error.message, 'syntax error at end of input');
  assert.equal(end.error.offset, 'select * from t where'.length);
});

test('node locations are UTF-8 bytes; TextOffsets maps them to UTF-16', () => {
  const sql = 'select "nämé😀", o.nmae from t o';
  const r = parseSql(sql);
  assert.ok(r.ok);
  const target = r.stmts[0]!.stmt as { SelectStmt: { targetList: { ResTarget: { val: { ColumnRef: { location: number } } } }[] } };
  const loc = target.SelectStmt.targetList[1]!.ResTarget.val.ColumnRef.location;
  const offsets = new TextOffsets(sql);
  assert.notEqual(loc, sql.indexOf('o.nmae'), 'a byte offset differs from the UTF-16 one here');
  assert.equal(offsets.fromByte(loc), sql.indexOf('o.nmae'));
  assert.equal(offsets.toByte(sql.indexOf('o.nmae')), loc);
});

test('scanner tokens have UTF-16 offsets and survive unterminated quotes', () => {
  const sql = "select 'é😀' as x, y from";
  const tokens = scanSql(sql);
  assert.deepEqual(tokens.map((t) => sql.slice(t.start, t.end)), ['select', "'é😀'", 'as', 'x', ',', 'y', 'from']);
  const broken = scanSql("select a, 'oops from t");
  assert.deepEqual(broken.map((t) => t.text), ['select', 'a', ',', "'oops from t"]);
  assert.equal(broken.at(-1)!.unterminated, true);
});

test('the cache re-parses only the statement that changed, and keeps the last good parse', () => {
  const cache = new ParsedDocumentCache();
  const v1 = cache.get({ uri: 'file:///a.sql', version: 1, getText: () => 'select 1;\nselect a from t;' });
  const v2 = cache.get({ uri: 'file:///a.sql', version: 2, getText: () => 'select 1;\nselect a from t where;' });
  assert.equal(v2.statements[0]!.outcome, v1.statements[0]!.outcome, 'unchanged statement reused');
  assert.equal(v2.statements[1]!.stmts, null);
  assert.equal(v2.statements[1]!.lastGood, v1.statements[1]);
  assert.equal(v2.statementAt(v2.text.indexOf('where'))!.span.start, 10);
});

test('identifiers are quoted exactly when PostgreSQL would quote them', () => {
  assert.equal(quoteIdentifier('orderid'), 'orderid');
  assert.equal(quoteIdentifier('OrderId'), '"OrderId"');
  assert.equal(quoteIdentifier('select'), '"select"');
  assert.equal(quoteIdentifier('name'), 'name', 'unreserved keyword');
  assert.equal(quoteIdentifier('a"b'), '"a""b"');
  assert.equal(quoteIdentifier('1x'), '"1x"');
  assert.equal(keywordKind('from'), 4);
});

test('psql variables defined by \\set or \\gset get same-length placeholders; casts and slices do not', () => {
  const sql = "\\set tbl orders\nselect :'tbl', :\"tbl\".id, x::int, a[1:2] from :tbl;\nselect :undefined_var;";
  const [a, b] = splitStatements(sql);
  assert.equal(a!.text, "select 'xxxx', \"xxxx\".id, x::int, a[1:2] from _tbl;");
  assert.equal(a!.text.length, a!.end - a!.start);
  assert.deepEqual(a!.variables.map((v) => sql.slice(v.start, v.end)), [":'tbl'", ':"tbl"', ':tbl']);
  assert.equal(b!.text, 'select :undefined_var;', 'psql leaves undefined variables alone');
});
