/**
 * Issue 13, "Wrong pages": a name is never read as a misspelled keyword. Every example of the
 * issue, as a selection, under the cursor and called as a function.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser } from '../../server/src/parser';
import { docsAnswer } from '../support/docsMarked';

const answer = docsAnswer;

before(async () => {
  await loadParser();
});

/** The keyword page each example used to open: it must never come back. */
const wrongBefore: [name: string, wrongPage: string, rightPage: RegExp][] = [
  ['lpad', 'sql-load.html', /^functions-string\.html#/],
  ['repeat', 'sql-reset.html', /^functions-string\.html#/],
  ['pclose', 'sql-close.html', /^functions-geometry\.html#/],
  ['xmlcomment', 'sql-comment.html', /^functions-xml\.html/],
  ['width', 'queries-with.html', /^functions-geometry\.html#/],
  ['tand', 'functions-logical.html', /^functions-math\.html#/],
  ['acldefault', 'ddl-default.html', /^functions-info\.html#/],
  ['setval', 'datatype-numeric.html', /^functions-sequence\.html#/],
];

describe('a function name is never a misspelled keyword', () => {
  for (const [name, wrong, right] of wrongBefore) {
    for (const marked of [`«${name}»`, `SELECT ${name}‸(1)`, `SELECT «${name}(1)»`, `SELECT ${name}‸ 1`, `SELECT 1 FROM t WHERE ${name}‸ x`]) {
      test(`${marked}: not ${wrong}`, () => {
        const got = answer(marked);
        assert.notEqual(got?.split('#')[0], wrong, `${marked} → ${got}`);
        if (got !== null || marked.includes('(') || marked.startsWith('«')) {
          assert.match(got ?? 'null', right, marked);
        }
      });
    }
  }
});

describe('names the manual does not have answer null, never a keyword', () => {
  for (const marked of [
    '«lpadx»', '«pclosed»', 'SELECT my_lpad‸(1)', 'SELECT lpadd‸(1)', 'SELECT repaet‸(1)', 'SELECT lpadd‸ 1', 'SELECT colse‸(1)', '«widht»',
    'SELECT wdith‸ FROM t', '«selct_count»', 'SELECT setvall‸(1)',
  ]) {
    test(`${marked} → null`, () => {
      assert.equal(answer(marked), null);
    });
  }
});

describe('misspelled keywords are still read in keyword position, when unambiguous', () => {
  const cases: [string, string][] = [
    ['SEL‸EC 1', 'sql-select.html'],
    ['SELECT a FR‸MO t', 'queries-table-expressions.html#QUERIES-FROM'],
    ['SELECT * FROM a «LEFT JION» b ON true', 'queries-table-expressions.html#QUERIES-JOIN'],
  ];
  for (const [marked, expected] of cases) {
    test(`${marked} → ${expected}`, () => {
      assert.equal(answer(marked), expected);
    });
  }
});

describe('text and trigger as types open the type\'s page', () => {
  const cases: [string, RegExp][] = [
    ['SELECT x::te‸xt', /^datatype-character\.html/],
    ['«text»', /^datatype-character\.html/],
    ['CREATE TABLE t (a te‸xt)', /^datatype-character\.html/],
    ['CREATE FUNCTION f() RETURNS trig‸ger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$', /^datatype-pseudo\.html/],
    ['SELECT te‸xt(inet \'1.2.3.4\')', /^functions-net\.html/],
  ];
  for (const [marked, expected] of cases) {
    test(`${marked} → ${expected}`, () => {
      assert.match(answer(marked) ?? 'null', expected);
    });
  }
});
