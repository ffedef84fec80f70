/**
 * Hostile input never throws and never yields a range outside the document: every prefix
 * of long statements (what typing produces), random bytes, unbalanced quotes, dollar quotes
 * and comments. A seeded generator keeps failures reproducible.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadParser, ParsedDocumentCache, scanSql } from '../../server/src/parser';
import { analyzeDocument } from '../../server/src/analysis/analyzeDocument';
import { seededRandom } from '../support/seededRandom';

before(async () => {
  await loadParser();
});

function checkText(text: string): void {
  const doc = ParsedDocumentCache.parseText(text);
  for (const s of doc.statements) {
    assert.ok(s.span.start >= 0 && s.span.start <= s.span.end && s.span.end <= text.length, `span ${s.span.start}-${s.span.end}`);
    for (const t of s.tokens()) {
      assert.ok(t.start >= 0 && t.start <= t.end && t.end <= s.text.length, `token ${t.start}-${t.end}`);
    }
  }
  for (const p of analyzeDocument(doc, null)) {
    assert.ok(p.start >= 0 && p.start <= p.end && p.end <= text.length, `${p.code} ${p.start}-${p.end} of ${text.length}`);
    assert.match(p.code, /^[0-9A-Z]{5}$/);
    for (const f of p.fixes) {
      assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length);
    }
  }
}

const longQueries = [
  `with recent as (select o.orderid, o.customer, sum(i.qty * i.price) as total from orders o join items i using (orderid) where o.placed > now() - interval '7 days' group by 1, 2 having count(*) > 1)
select r.*, c."Name", (select max(qty) from items x where x.orderid = r.orderid) as biggest, $q$it's;$q$ as note, E'tab\\t' from recent r left join lateral (select * from customers c where c.id = r.customer limit 1) c on true
where r.total between 10 and 1000 and r.customer in (select id from vip) order by r.total desc nulls last, 1 limit 10 offset 5 for update of r skip locked;`,
  `create table t (id bigint generated always as identity primary key, "Näme 😀" text not null default 'x', amount numeric(12,2) check (amount > 0));
insert into t ("Näme 😀", amount) values ('a', 1), ('b', 2) on conflict (id) do update set amount = excluded.amount + t.amount where t.amount < 100 returning old.amount, new.*;
merge into t using (values (1, 'z')) v(id, n) on t.id = v.id when matched and t.amount > 0 then update set "Näme 😀" = v.n when not matched then insert ("Näme 😀", amount) values (v.n, 1);`,
  fs.readFileSync(path.resolve(__dirname, '../fixtures/regress-sample/psql-script.sql'), 'utf8'),
];

test('every prefix of long statements (what typing produces)', () => {
  for (const q of longQueries) {
    for (let i = 0; i <= q.length; i++) {
      checkText(q.slice(0, i));
    }
  }
});

test('random bytes, including NULs, lone surrogates and invalid UTF-8 decoded to U+FFFD', () => {
  const next = seededRandom(20261122);
  for (let n = 0; n < 300; n++) {
    const length = Math.floor(next() * 400);
    const bytes = Buffer.alloc(length);
    for (let i = 0; i < length; i++) {
      bytes[i] = Math.floor(next() * 256);
    }
    checkText(bytes.toString('utf8'));
    checkText(bytes.toString('latin1') + (n % 2 === 0 ? '\ud800' : ''));
  }
});

test('random SQL-ish token soup with unbalanced quotes, dollar quotes, comments and parentheses', () => {
  const pieces = ['select', 'from', 't', 'a.b', '"Q', '"', "'", "E'\\'", '$$', '$x$', '/*', '*/', '--', '\n', '(', ')', ';', ',', '*', '=', '::int', ':v', '\\set v 1\n', '\\.', 'copy t from stdin;\n', 'begin atomic', 'end', 'case', 'create function f() returns int language sql', '😀', 'é', ' '];
  const next = seededRandom(42);
  for (let n = 0; n < 400; n++) {
    let text = '';
    const count = Math.floor(next() * 60);
    for (let i = 0; i < count; i++) {
      text += pieces[Math.floor(next() * pieces.length)] + (next() < 0.6 ? ' ' : '');
    }
    checkText(text);
  }
});

test('scanner tokens survive anything', () => {
  for (const text of ["'", '"', '$$', '/*', "E'\\", 'U&"\\', "select 'a' 'b", '\u0000', '$1$']) {
    const tokens = scanSql(text);
    for (const t of tokens) {
      assert.ok(t.start >= 0 && t.start <= t.end && t.end <= text.length, `${JSON.stringify(text)}: token ${t.start}-${t.end}`);
    }
    checkText(text);
  }
  // the tokens before an unterminated literal are kept
  assert.deepEqual(scanSql("select 'a' 'b").slice(0, 2).map((t) => t.text), ['select', "'a'"]);
});

test('input that exhausts the parser is no syntax error (PostgreSQL says "stack depth limit exceeded")', () => {
  const text = `select ${Array(20_000).fill('1').join(' + ')};\nselect 1 frm t;`;
  const problems = analyzeDocument(ParsedDocumentCache.parseText(text), null);
  assert.deepEqual(problems.map((p) => p.message), ['syntax error at or near "t"']);
});
