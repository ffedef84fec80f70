/**
 * One home per diagnostic: every SQLSTATE pgsight reports has a file in
 * server/src/analysis/checks/ named after PostgreSQL's condition name, a row in that
 * folder's README, and an example here that makes the binder call it.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SqlState } from '../../shared/src/diagnosticCodes';
import type { Catalog } from '../../server/src/catalog/model';
import { loadParser, ParsedDocumentCache } from '../../server/src/parser';
import { analyzeDocument } from '../../server/src/analysis/analyzeDocument';

const checksDir = path.resolve(__dirname, '../../server/src/analysis/checks');
const helpers = new Set(['fixes.ts', 'fuzzyMatch.ts']);
/** Codes in the table that no check raises yet. */
const notYetChecked = new Set(['undefinedFunction', 'ambiguousAlias']);

const shop = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../fixtures/catalog/shop.json'), 'utf8')) as Catalog;

const schema = `create table orders (orderid int, customer text, status text);
create table items (itemid int, orderid int, qty int);
`;

/** An example statement per condition name, with the message PostgreSQL gives for it. */
const examples: Record<string, [sql: string, message: string, against?: 'shop catalog'][]> = {
  syntaxError: [
    ['select from where;', 'syntax error at or near "where"'],
    ["update orders set status = 'a', status = 'b';", 'multiple assignments to same column "status"'],
    ["select orderid from orders order by 'x';", 'non-integer constant in ORDER BY'],
    ['do $$ begin retrun; end $$;', 'syntax error at or near "retrun"'],
  ],
  duplicateColumn: [['insert into orders (orderid, orderid) values (1, 2);', 'column "orderid" specified more than once']],
  ambiguousColumn: [
    ['select orderid from orders, items;', 'column reference "orderid" is ambiguous'],
    ['select * from orders join (select 1 as orderid, 2 as orderid) x using (orderid);', 'common column name "orderid" appears more than once in right table'],
    ['select orders.orderid, items.orderid from orders, items order by orderid;', 'ORDER BY "orderid" is ambiguous'],
    [
      'create function f(orderid int) returns int language plpgsql as $$ begin return (select count(*) from orders where orderid = 1); end $$;',
      'column reference "orderid" is ambiguous',
    ],
  ],
  undefinedColumn: [
    ['select ordrid from orders;', 'column "ordrid" does not exist'],
    ['select * from orders join items using (qty);', 'column "qty" specified in USING clause does not exist in left table'],
    ['insert into orders (stauts) values (1);', 'column "stauts" of relation "orders" does not exist'],
    ['select (orders).stauts from orders;', 'column orders.stauts does not exist'],
    ['create index on orders (stauts);', 'column "stauts" does not exist'],
    [
      "do $$ declare r record; begin for r in select orderid from orders loop raise notice '%', r.status; end loop; end $$;",
      'record "r" has no field "status"',
    ],
    [
      'create function f() returns int language plpgsql as $$ declare s orders.stauts%type; begin return 1; end $$;',
      'column "stauts" of relation "orders" does not exist',
    ],
  ],
  duplicateAlias: [
    ['select * from orders o, items o;', 'table name "o" specified more than once'],
    ['merge into orders o using items o on true when matched then do nothing;', 'name "o" specified more than once'],
  ],
  undefinedTable: [
    ['select * from ordrs;', 'relation "ordrs" does not exist', 'shop catalog'],
    ['select ord.orderid from orders o;', 'missing FROM-clause entry for table "ord"'],
    ['select orders.orderid from orders o;', 'invalid reference to FROM-clause entry for table "orders"'],
    ['select orderid from orders for update of o;', 'relation "o" in FOR UPDATE clause not found in FROM clause'],
  ],
  invalidColumnReference: [
    ['select * from orders as o(a, b, c, d);', 'table "o" has 3 columns available but 4 columns specified'],
    ['select * from orders o right join lateral (select o.orderid as x) s on true;', 'invalid reference to FROM-clause entry for table "o"'],
    ['select orderid from orders group by 2;', 'GROUP BY position 2 is not in select list'],
    ['select distinct orderid from orders order by status;', 'for SELECT DISTINCT, ORDER BY expressions must appear in select list'],
    ['select distinct on (orderid) orderid, status from orders order by status;', 'SELECT DISTINCT ON expressions must match initial ORDER BY expressions'],
  ],
  groupingError: [['select count(*) from orders group by 1;', 'aggregate functions are not allowed in GROUP BY', 'shop catalog']],
  windowingError: [['select orderid, rank() over () as r from orders group by orderid, r;', 'window functions are not allowed in GROUP BY']],
  featureNotSupported: [['select orderid from orders union select itemid from items order by orderid + 1;', 'invalid UNION/INTERSECT/EXCEPT ORDER BY clause']],
};

before(loadParser);

const checkFiles = fs.readdirSync(checksDir).filter((f) => f.endsWith('.ts') && !helpers.has(f));

test('each check file is named after a SqlState condition and reports only that code', () => {
  for (const file of checkFiles) {
    const name = file.replace(/\.ts$/, '') as keyof typeof SqlState;
    assert.ok(name in SqlState, `${file} is named after a condition in SqlState`);
    const text = fs.readFileSync(path.join(checksDir, file), 'utf8');
    assert.deepEqual([...new Set(text.match(/SqlState\.\w+/g))], [`SqlState.${name}`], `${file} uses its own code from the table`);
  }
  for (const name of Object.keys(SqlState)) {
    assert.ok(notYetChecked.has(name) || checkFiles.includes(`${name}.ts`), `SqlState.${name} has its check file`);
  }
});

test('the checks README lists every check with its SQLSTATE', () => {
  const readme = fs.readFileSync(path.join(checksDir, 'README.md'), 'utf8');
  for (const file of checkFiles) {
    const code = SqlState[file.replace(/\.ts$/, '') as keyof typeof SqlState];
    assert.match(readme, new RegExp(`^\\| ${code} \\|[^\\n]*\`${file}\``, 'm'), `${file} has its row`);
  }
});

test('no SQLSTATE literal is written outside the table', () => {
  const analysis = path.resolve(checksDir, '..');
  const files = fs.readdirSync(analysis, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const f of files) {
    const text = fs.readFileSync(path.join(analysis, f), 'utf8');
    assert.doesNotMatch(text, /code: ['"][0-9A-Z]{5}['"]/, f);
  }
});

test("every check is reached by the binder, with PostgreSQL's message", () => {
  for (const file of checkFiles) {
    const name = file.replace(/\.ts$/, '') as keyof typeof SqlState;
    const cases = examples[name];
    assert.ok(cases && cases.length > 0, `an example for ${name}`);
    for (const [sql, message, against] of cases) {
      const problems = against ? analyzeDocument(ParsedDocumentCache.parseText(sql), shop) : analyzeDocument(ParsedDocumentCache.parseText(schema + sql), null);
      assert.deepEqual(
        problems.map((p) => [p.code, p.message]),
        [[SqlState[name], message]],
        sql,
      );
    }
  }
});
