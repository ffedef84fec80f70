/**
 * A real catalog plus what the document itself does: the catalog is the starting point, and
 * statements that change what names mean (SET search_path, CREATE … IF NOT EXISTS, DO and
 * CALL, psql's \connect) are followed, or make pgsight stay silent rather than guess.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, freshDatabase } from '../support/db';
import { loadCatalog } from '../../server/src/catalog/catalogLoader';
import { loadParser, ParsedDocumentCache } from '../../server/src/parser';
import { analyzeDocument } from '../../server/src/analysis/analyzeDocument';

test('document statements on top of a real catalog', async () => {
  await loadParser();
  const url = await freshDatabase(
    'misspelled_doc',
    'create schema other; create table orders (orderid int); create table other.orders (ref text); create table other.only_there (x int)',
  );
  const c = await connect(url);
  const catalog = await (async () => {
    try {
      return await loadCatalog(c);
    } finally {
      await c.end();
    }
  })();
  const check = (sql: string): string[] =>
    analyzeDocument(ParsedDocumentCache.parseText(sql), catalog).map((p) => `${p.code} ${p.message}`);

  assert.deepEqual(check('select ref from orders;'), ['42703 column "ref" does not exist']);
  assert.deepEqual(check('set search_path = other; select ref from orders; select x from only_there;'), []);
  assert.deepEqual(check('set search_path = other; select orderid from orders;'), ['42703 column "orderid" does not exist']);
  assert.deepEqual(check('set search_path = other; reset search_path; select orderid from orders;'), []);
  // IF NOT EXISTS keeps the table that is there
  assert.deepEqual(check('create table if not exists orders (something int); select orderid from orders;'), []);
  // a missing relation proves nothing once DO or CALL may have created it
  assert.deepEqual(check('select * from made_later;'), ['42P01 relation "made_later" does not exist']);
  assert.deepEqual(check("do $$ begin execute 'create table made_later (a int)'; end $$; select * from made_later;"), []);
  assert.deepEqual(check('create extension if not exists pg_trgm; select * from made_by_extension;'), []);
  assert.deepEqual(check('create schema s2 create table inside (a int); select * from s2.inside, made_later;'), []);
  // after \connect the script talks to another database
  assert.deepEqual(check('\\connect otherdb\nselect ref from orders;'), []);
});
