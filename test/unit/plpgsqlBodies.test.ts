/**
 * PL/pgSQL bodies without a server (test/db/plpgsqlBodies.test.ts judges them by PostgreSQL):
 * where a diagnostic lands when the body sits behind multi-byte text, a blanked INTO, another
 * dollar-quote tag or a plain quote; that a broken body never yields a range outside the
 * document; and scoping that the corpus cannot show from one statement.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../../server/src/catalog/model';
import { loadParser, ParsedDocumentCache } from '../../server/src/parser';
import { analyzeDocument } from '../../server/src/analysis/analyzeDocument';

const shop = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../fixtures/catalog/shop.json'), 'utf8')) as Catalog;

before(async () => {
  await loadParser();
});

function problems(text: string): { code: string; message: string; at: string }[] {
  return analyzeDocument(ParsedDocumentCache.parseText(text), shop).map((p) => ({ code: p.code, message: p.message, at: text.slice(p.start, p.end) }));
}

test('a diagnostic in a body lands on the name, behind emoji, accents, a blanked INTO and other quotes', () => {
  const cases: [string, string][] = [
    ["do $$ declare s text := '😀😀 é'; begin perform nope from orders; end $$;", 'nope'],
    ['do $$ declare é int; begin select orderid into é from orders where stauts = 1; end $$;', 'stauts'],
    ["create function f() returns int language plpgsql as $fn$ begin return (select count(*) from orders where '😀' = notez); end $fn$;", 'notez'],
    ["create function f() returns int language plpgsql as 'begin return (select count(*) from orders where totl > 0); end';", 'totl'],
    ['/* ☃ */ select 1; do $$ begin if exists (select 1 from orders where order_dat > now()) then null; end if; end $$;', 'order_dat'],
  ];
  for (const [sql, at] of cases) {
    assert.deepEqual(
      problems(sql).map((p) => p.at),
      [at],
      sql,
    );
  }
});

test('variables are in scope block by block: a sibling block’s variable is a column reference again', () => {
  const sql = `do $$
declare orderid_v int := 1;
begin
  begin
    perform 1 from orders where orderid = orderid_v;
  end;
  <<blk2>>
  declare orderid int := 2;
  begin
    perform 1 from orders o where o.orderid = blk2.orderid;
  end;
end $$;`;
  assert.deepEqual(problems(sql), []);
  const sibling = `do $$
begin
  declare a int := 1;
  begin
    null;
  end;
  declare b int := 2;
  begin
    perform 1 from orders where orderid = a;
  end;
end $$;`;
  assert.deepEqual(
    problems(sibling).map((p) => [p.code, p.message, p.at]),
    [['42703', 'column "a" does not exist', 'a']],
  );
});

test('a function’s statement is an error only when it is one both where the function is created and where the script ends', () => {
  const fn = `create function f() returns bigint language plpgsql as $$ begin return (select count(*) from later_t where c > 0); end $$;`;
  assert.deepEqual(problems(`${fn}\ncreate table later_t (c int);`), []);
  assert.deepEqual(
    problems(`${fn}\ncreate table later_t (d int);`).map((p) => p.message),
    [],
    'a missing table when created and a missing column at the end are different problems: neither is certain',
  );
  assert.deepEqual(
    problems(`create table later_t (d int);\n${fn}`).map((p) => p.message),
    ['column "c" does not exist'],
  );
});

test('every prefix and every one-character deletion of PL/pgSQL text gives ranges inside the document', () => {
  const text = `create function f(p_id bigint, out o_total numeric) language plpgsql as $$
declare r record; n int := 0; c cursor (k bigint) for select * from orders where orderid = k;
begin
  for r in select orderid, total from orders where customer_id = p_id loop
    n := n + 1;
    if r.total > 0 then o_total := coalesce(o_total, 0) + r.total; end if;
  end loop;
  open c(p_id); close c;
exception when others then raise notice '% %', sqlstate, sqlerrm;
end $$;
do $$ begin perform 1; end $$;`;
  const variants = [
    ...Array.from({ length: text.length }, (_, i) => text.slice(0, i)),
    ...Array.from({ length: text.length }, (_, i) => text.slice(0, i) + text.slice(i + 1)),
  ];
  for (const v of variants) {
    for (const p of analyzeDocument(ParsedDocumentCache.parseText(v), shop)) {
      assert.ok(p.start >= 0 && p.start <= p.end && p.end <= v.length, `${p.message} at ${p.start}-${p.end} in ${JSON.stringify(v)}`);
    }
  }
  assert.deepEqual(problems(text), []);
});
