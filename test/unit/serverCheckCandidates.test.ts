/**
 * Which statements the server-side check sends, and their exact text (server/src/serverCheck/candidates.ts).
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser, ParsedDocumentCache } from '../../server/src/parser';
import { serverCheckCandidates } from '../../server/src/serverCheck/candidates';
import type { Problem } from '../../server/src/analysis/problems';

before(loadParser);

function sent(text: string, problems: Problem[] = []): string[] {
  const doc = new ParsedDocumentCache().get({ uri: 'file:///c.sql', version: 1, getText: () => text })!;
  return serverCheckCandidates(doc, problems).map((c) => {
    assert.equal(text.slice(c.start, c.start + c.text.length), c.text, 'the text sits at its document offset');
    return c.text;
  });
}

test('plannable statements only, each cut at its own bounds without comments before it or its semicolon', () => {
  assert.deepEqual(
    sent(
      [
        '-- a comment\nselect 1 /* inside */;',
        'values (1), (2);',
        'table pg_class;',
        'insert into t values (1) returning *;',
        'update t set a = 1;',
        'delete from t;',
        'merge into t using s on true when matched then do nothing;',
        'with w as (select 1) select * from w;',
        'select 1 into newtable;',
        'explain select 1;',
        'create view v as select 1;',
        'vacuum;',
        'begin;',
        'commit;',
        'select 2',
      ].join('\n'),
    ),
    [
      'select 1 /* inside */',
      'values (1), (2)',
      'table pg_class',
      'insert into t values (1) returning *',
      'update t set a = 1',
      'delete from t',
      'merge into t using s on true when matched then do nothing',
      'with w as (select 1) select * from w',
      'select 2',
    ],
  );
});

test('a statement with an offline problem, a psql variable, or after \\connect is not sent', () => {
  const text = "select ordrid from orders;\nselect :'v';\nselect 3;\n\\c other\nselect 4;\n";
  const problem: Problem = { code: '42703', message: 'column "ordrid" does not exist', start: 7, end: 13, fixes: [] };
  assert.deepEqual(sent(text, [problem]), ['select 3']);
});

test('objects the document creates, alters, renames or drops keep the statements naming them at home', () => {
  assert.deepEqual(
    sent(
      [
        'select 1 from t;',
        'create table newt (a int);',
        'select a from newt;',
        'insert into newt values (1);',
        'alter table t add column z int;',
        'select z from t;',
        'create function f(int) returns int language sql as $$ select 1 $$;',
        'select lower(x) from u;',
        "create type mood as enum ('ok');",
        "select 'ok'::mood;",
        'drop table u;',
        'select * from u;',
        'select 5;',
      ].join('\n'),
    ),
    ['select 1 from t', 'select lower(x) from u', 'select 5'],
  );
});

test('nothing after a statement whose effects are unknown', () => {
  for (const stop of [
    'do $$ begin end $$;',
    'set search_path = other;',
    'reset all;',
    'call p();',
    'execute s;',
    'create extension hstore;',
    "select set_config('search_path', 'x', false);",
  ]) {
    assert.deepEqual(sent(`select 1;\n${stop}\nselect 2;\n`), ['select 1'], stop);
  }
  // a call of a function the document created: it may create anything
  assert.deepEqual(sent('create function mk() returns void language sql as $$ select 1 $$;\nselect mk();\nselect 2;\n'), []);
});
