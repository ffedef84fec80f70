/**
 * Issue 13, "Nothing, where the manual has an entry": every example of the issue, read in the
 * newest manual (the default with no server).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser } from '../../server/src/parser';
import { docsAnswer } from '../support/docsMarked';
import { entryKeys, findEntry } from '../../server/src/docs/docsIndex';

const answer = docsAnswer;

before(async () => {
  await loadParser();
});

/** [marked SQL, expected: exact `page#ANCHOR`, or a page pattern] */
type Case = [string, string | RegExp];

function table(name: string, cases: Case[]): void {
  describe(name, () => {
    for (const [marked, expected] of cases) {
      test(`${marked} → ${String(expected)}`, () => {
        const got = answer(marked);
        if (typeof expected === 'string') {
          assert.equal(got, expected);
        } else {
          assert.match(got ?? 'null', expected);
        }
      });
    }
  });
}

table('information_schema', [
  ['SELECT * FROM information_schema.colu‸mns', 'infoschema-columns.html'],
  ['«information_schema.columns»', 'infoschema-columns.html'],
  ['SELECT * FROM information_schema.ta‸bles WHERE table_schema = \'public\'', 'infoschema-tables.html'],
  ['SELECT * FROM information_schema.key_column_us‸age', 'infoschema-key-column-usage.html'],
  ['SELECT * FROM informa‸tion_schema.columns', 'information-schema.html'],
  ['«information_schema»', 'information-schema.html'],
  // a user's own table called columns is not the view
  ['SELECT * FROM colu‸mns', /^null$/],
]);

table('concepts, as the manual\'s index lists them', [
  ['«HOT»', 'storage-hot.html'],
  ['«GIN»', 'gin.html'],
  ['«GiST»', 'gist.html'],
  ['«BRIN»', 'brin.html'],
  ['«B-tree»', 'btree.html'],
  ['«CTE»', 'queries-with.html'],
  ['«parallel query»', 'parallel-query.html'],
  ['«Gather»', 'how-parallel-query-works.html'],
  ['«Parallel Seq Scan»', 'parallel-plans.html#PARALLEL-SCANS'],
  ['«logical replication»', 'logical-replication.html'],
  ['«full text search»', 'textsearch.html'],
  ['«window function»', 'tutorial-window.html'],
  ['«inheritance»', 'ddl-inherit.html'],
  ['«trigger»', 'triggers.html'],
  ['«JIT»', 'jit.html'],
  ['«prepared statement»', 'sql-prepare.html'],
  ['«partial index»', 'indexes-partial.html'],
  ['«index-only scan»', 'indexes-index-only-scans.html'],
  // the same words as names in SQL are the user's columns, not the concepts
  ['SELECT ga‸ther, hot FROM t', /^null$/],
  ['SELECT gather, h‸ot FROM t', /^null$/],
]);

table('type spellings with modifiers, arrays and ranges', [
  ['«numeric(12,2)»', /^datatype-numeric\.html#DATATYPE-NUMERIC-DECIMAL$/],
  ['SELECT a::nume‸ric(12,2) FROM t', /^datatype-numeric\.html#DATATYPE-NUMERIC-DECIMAL$/],
  ['«varchar(50)»', /^datatype-character\.html/],
  ['CREATE TABLE t (a varch‸ar(50))', /^datatype-character\.html/],
  ['«char(1000)»', /^datatype-character\.html/],
  ['«int[]»', 'datatype-numeric.html#DATATYPE-INT'],
  ['CREATE TABLE t (a in‸t[])', 'datatype-numeric.html#DATATYPE-INT'],
  ['«text[]»', /^datatype-character\.html/],
  ['SELECT a::te‸xt[] FROM t', /^datatype-character\.html/],
  ['«int4range»', 'rangetypes.html#RANGETYPES-BUILTIN'],
  ['SELECT a::tstzra‸nge FROM t', 'rangetypes.html#RANGETYPES-BUILTIN'],
  ['«tstzrange»', 'rangetypes.html#RANGETYPES-BUILTIN'],
  ['«ENUM»', 'datatype-enum.html'],
  ['CREATE TYPE mood AS EN‸UM (\'sad\', \'ok\')', 'datatype-enum.html'],
  ['CREATE FUNCTION f() RETURNS vo‸id LANGUAGE sql AS $$ SELECT $$', /^datatype-pseudo\.html/],
  ['«void»', /^datatype-pseudo\.html/],
  ['«point»', 'datatype-geometric.html#DATATYPE-GEOMETRIC-POINTS'],
  ['SELECT a::poi‸nt FROM t', 'datatype-geometric.html#DATATYPE-GEOMETRIC-POINTS'],
]);

describe('progress views', () => {
  const views = entryKeys('view').filter((v) => v.startsWith('pg_stat_progress_'));
  test('all six are there', () => {
    assert.deepEqual(views.sort(), ['analyze', 'basebackup', 'cluster', 'copy', 'create_index', 'vacuum'].map((v) => `pg_stat_progress_${v}`));
  });
  for (const view of views) {
    test(`${view} → progress-reporting.html#…`, () => {
      const hit = findEntry('view', view);
      assert.equal(hit?.page, 'progress-reporting.html');
      assert.match(hit?.anchor ?? '', /-PROGRESS-REPORTING$/);
      assert.equal(answer(`SELECT * FROM ${view}‸`), `progress-reporting.html#${hit!.anchor}`);
    });
  }
});

table('functions the index missed', [
  ['SELECT lp‸ad(a, 5) FROM t', /^functions-string\.html#FUNCTIONS-STRING-(SQL|OTHER)$/],
  ['SELECT repe‸at(a, 5) FROM t', 'functions-string.html#FUNCTIONS-STRING-OTHER'],
  ['SELECT regexp_repla‸ce(a, \'x\', \'y\') FROM t', /^functions-(string|matching)\.html#/],
  ['SELECT regexp_matc‸hes(a, \'x\') FROM t', /^functions-(string|matching)\.html#/],
  ['SELECT setv‸al(\'s\', 1)', 'functions-sequence.html#FUNCTIONS-SEQUENCE-TABLE'],
  ['SELECT ta‸nd(45)', 'functions-math.html#FUNCTIONS-MATH-TRIG-TABLE'],
  ['SELECT xmlcomm‸ent(\'x\')', /^functions-xml\.html#/],
  ['SELECT * FROM JSON_TA‸BLE(\'[1]\', \'$[*]\' COLUMNS (a int PATH \'$\'))', /^functions-json\.html#FUNCTIONS-SQLJSON-TABLE$/],
]);

table('clauses in context', [
  ['SELECT * FROM a CROSS JOIN LATE‸RAL f(a.x)', 'queries-table-expressions.html#QUERIES-LATERAL'],
  ['SELECT * FROM a «CROSS JOIN LATERAL» f(a.x)', 'queries-table-expressions.html#QUERIES-LATERAL'],
  ['SELECT * FROM a CRO‸SS JOIN LATERAL f(a.x)', 'queries-table-expressions.html#QUERIES-LATERAL'],
  ['SELECT * FROM t FET‸CH FIRST 5 ROWS ONLY', 'sql-select.html#SQL-LIMIT'],
  ['SELECT * FROM t FETCH FIRST 5 RO‸WS ONLY', 'sql-select.html#SQL-LIMIT'],
  ['SELECT * FROM t FETCH FIRST 5 ROWS ON‸LY', 'sql-select.html#SQL-LIMIT'],
  ['SELECT * FROM t «FETCH FIRST 5 ROWS ONLY»', 'sql-select.html#SQL-LIMIT'],
  ['FET‸CH NEXT FROM c', 'sql-fetch.html'],
  ['CREATE TABLE t (a int) PARTI‸TION BY LIST (a)', 'ddl-partitioning.html'],
  ['CREATE TABLE t (a int) PARTITION B‸Y RANGE (a)', 'ddl-partitioning.html'],
  ['SELECT rank() OVER (PARTI‸TION BY a) FROM t', 'sql-expressions.html#SYNTAX-WINDOW-FUNCTIONS'],
  ['DO $$ BEG‸IN PERFORM 1; END $$', 'plpgsql-structure.html'],
  ['CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEG‸IN RETURN 1; END $$', 'plpgsql-structure.html'],
  ['BEG‸IN; SELECT 1; COMMIT', 'sql-begin.html'],
  ['CREATE FUNCTION f() RETURNS int LANGUAGE plpg‸sql AS $$ BEGIN RETURN 1; END $$', 'plpgsql.html'],
  ['CREATE FUNCTION f() RETURNS int «LANGUAGE plpgsql» AS $$ BEGIN RETURN 1; END $$', 'plpgsql.html'],
]);
