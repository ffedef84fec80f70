/**
 * The binder over the in-document overlay only (no database): each case is a script whose
 * own DDL is the schema. The messages were checked against PostgreSQL 18; the database tier
 * (test/db/misspelled.test.ts) compares against a live server.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser, ParsedDocumentCache } from '../../server/src/parser';
import { analyzeDocument } from '../../server/src/analysis/analyzeDocument';

before(async () => {
  await loadParser();
});

const schema = `create table orders (orderid int, customer text, total numeric);
create table items (itemid int, orderid int, qty int);
`;

/** [code, message, hint?, the text under the range] of each problem after the schema. */
function check(sql: string): (string | undefined)[][] {
  const text = schema + sql;
  return analyzeDocument(ParsedDocumentCache.parseText(text), null).map((p) => [p.code, p.message, p.hint, text.slice(p.start, p.end)]);
}

test('a statement PostgreSQL accepts gets nothing', () => {
  assert.deepEqual(
    check(`select o.orderid, i.qty, total from orders o join items i using (orderid) where customer <> '';
select * from orders o, lateral (select o.total) s;
with recursive t(n) as (select 1 union all select n + 1 from t where n < 3) search depth first by n set seq select seq from t;
select x.orderid from orders join items using (orderid) as x;
select count(*) from orders group by cube (customer, c) having true order by 1 limit 1 offset 0;
select customer as c from orders group by c order by c;`.replace('cube (customer, c)', 'cube (customer)')),
    [],
  );
});

test('JOIN … USING … AS names only the merged columns', () => {
  assert.deepEqual(check('select x.qty from orders join items using (orderid) as x;'), [
    ['42703', 'column x.qty does not exist', undefined, 'x.qty'],
  ]);
});

test('ambiguous references and duplicate FROM names', () => {
  assert.deepEqual(check('select orderid from orders, items;'), [['42702', 'column reference "orderid" is ambiguous', undefined, 'orderid']]);
  assert.deepEqual(check('select * from orders, orders;'), [['42712', 'table name "orders" specified more than once', undefined, 'orders']]);
});

test('ROLLBACK undoes the document\'s DDL; a dropped column becomes uncertain, not missing', () => {
  assert.deepEqual(check('begin; alter table orders add column note text; rollback; select note from orders;'), [
    ['42703', 'column "note" does not exist', undefined, 'note'],
  ]);
  assert.deepEqual(check('begin; alter table orders add column note text; commit; select note from orders;'), []);
  assert.deepEqual(check('alter table orders drop column total; select total, totl from orders;'), [
    ['42703', 'column "totl" does not exist', undefined, 'totl'],
  ]);
});

test('functions the document creates allow functional notation t.f', () => {
  assert.deepEqual(check('create function label(orders) returns text language sql as $$ select $1.customer $$; select o.label from orders o;'), []);
  assert.deepEqual(check('select o.label from orders o;'), [['42703', 'column o.label does not exist', undefined, 'o.label']]);
});

test('renamed and created-as relations follow the document', () => {
  assert.deepEqual(check('alter table orders rename column total to amount; create view v as select orderid as id, amount from orders; select id, amunt from v;'), [
    ['42703', 'column "amunt" does not exist', 'Perhaps you meant to reference the column "v.amount".', 'amunt'],
  ]);
  assert.deepEqual(check('create table big as select orderid, qty * 2 as dbl from items; select dbl, qty from big;'), [
    ['42703', 'column "qty" does not exist', undefined, 'qty'],
  ]);
});

test('a relation the document never created is unknown without a catalog: nothing is said', () => {
  assert.deepEqual(check('select anything from somewhere_else s where s.whatever = 1;'), []);
});

test('psql variables are never blamed', () => {
  assert.deepEqual(check('\\set col orderid\nselect :col, :"col" from orders;'), []);
});

test('SET search_path decides which schema an unqualified name means', () => {
  assert.deepEqual(check('create schema a; create table a.t (x int); select y from t;'), []);
  assert.deepEqual(check('create schema a; create table a.t (x int); set search_path = a; select y from t;'), [
    ['42703', 'column "y" does not exist', undefined, 'y'],
  ]);
});

test('beyond PostgreSQL: ranked quick fixes where PostgreSQL gives no hint', () => {
  const fixes = (sql: string): { hint: string | undefined; names: string[]; preferred: string | undefined } => {
    const text = `create table t (ab int, abc1 int, abc2 int, abc3 int, "OrderId" int, orderid2 int);\n${sql}`;
    const [p] = analyzeDocument(ParsedDocumentCache.parseText(text), null);
    assert.ok(p, sql);
    return { hint: p.hint, names: p.fixes.map((f) => f.newText), preferred: p.fixes.find((f) => f.preferred)?.newText };
  };
  // four candidates at the same distance: PostgreSQL says nothing, the fixes list them in table order
  assert.deepEqual(fixes('select abc from t;'), { hint: undefined, names: ['ab', 'abc1', 'abc2', 'abc3'], preferred: 'ab' });
  // a one-letter name is too short for PostgreSQL's hint
  assert.deepEqual(fixes('select a from t;').hint, undefined);
  assert.equal(fixes('select a from t;').preferred, 'ab');
  // PostgreSQL's own suggestion stays first
  assert.deepEqual(fixes('select orderid from t;'), { hint: 'Perhaps you meant to reference the column "t.orderid2".', names: ['orderid2', '"OrderId"'], preferred: 'orderid2' });
  // without one, a case-only miss comes first, quoted as it must be
  assert.equal(fixes('create table u ("ID" int, ab int); select id from u;').preferred, '"ID"');
  // INSERT column lists get candidates although PostgreSQL gives no hint
  assert.deepEqual(fixes('insert into t (abc4) values (1);'), { hint: undefined, names: ['abc1', 'abc2', 'abc3', 'ab'], preferred: 'abc1' });
});

test('ALTER TABLE that PostgreSQL may refuse, or that reaches inheritance children, never causes a report', () => {
  // the first RENAME fails in PostgreSQL (p has a child): the old name stays possible
  assert.deepEqual(check('create table p (a int); create table c (b int) inherits (p); alter table only p rename column a to d; alter table p rename column a to d; select a, d from p;'), []);
  // children gain what the parent gains
  assert.deepEqual(check('alter table orders add column region text; select region from items;'), []);
  // DDL column names are checked too
  assert.deepEqual(check('create index on orders (totl); alter table items drop column qtyy;'), [
    ['42703', 'column "totl" does not exist', undefined, 'totl'],
    ['42703', 'column "qtyy" of relation "items" does not exist', undefined, 'qtyy'],
  ]);
});

test('an ambiguous column offers each table as a qualifier', () => {
  const text = `${schema}select orderid from orders o join items i on i.orderid = o.orderid;`;
  const [p] = analyzeDocument(ParsedDocumentCache.parseText(text), null);
  assert.equal(p?.code, '42702');
  assert.deepEqual(p.fixes.map((f) => [f.newText, f.preferred]), [['o.orderid', false], ['i.orderid', false]]);
});

test('a qualifier naming no FROM entry offers the nearest names in reach', () => {
  const text = `${schema}select ord.orderid from orders o join items it using (orderid);`;
  const [p] = analyzeDocument(ParsedDocumentCache.parseText(text), null);
  assert.equal(p?.message, 'missing FROM-clause entry for table "ord"');
  assert.deepEqual(
    p.fixes.map((f) => [text.slice(f.start, f.end), f.newText, f.preferred, f.title]),
    [
      ['ord', 'o', true, undefined],
      // or the alias where it is defined: `orders o` becomes `orders ord`
      ['o', 'ord', false, 'Rename alias "o" to "ord"'],
    ],
  );
  assert.equal(text.slice(0, p.fixes[1]!.end).endsWith('from orders o'), true);
});
