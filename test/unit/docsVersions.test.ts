/**
 * Issue 13, "Every version": the lookup reads the manual of the connected server's major, the
 * nearest one otherwise (saying so), the newest with no server; a name added in 16–18 opens the
 * newer page and says "not in PostgreSQL 15".
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser } from '../../server/src/parser';
import { lookupVersionedDocs, manualFor } from '../../server/src/docs/docsManual';
import { findEntry } from '../../server/src/docs/docsIndex';
import { docsUrl } from '../../server/src/docs/docsUrl';

before(async () => {
  await loadParser();
});

function at(marked: string, version: string | null): { url: string; title: string } | null {
  const open = marked.indexOf('«');
  const text = marked.replace(/[«»‸]/g, '');
  const start = open >= 0 ? open : marked.indexOf('‸');
  const end = open >= 0 ? marked.indexOf('»') - 1 : start;
  const hit = lookupVersionedDocs(text, start, end, version);
  return hit ? { url: docsUrl(hit.target, hit.version), title: hit.target.title } : null;
}

describe('which manual', () => {
  test('the server\'s own major, the nearest (newer on a tie), the newest with no server', () => {
    assert.deepEqual(manualFor('18.4'), { major: '18', exact: true, requested: 18 });
    assert.deepEqual(manualFor('15.2 (Debian 15.2-1)'), { major: '15', exact: true, requested: 15 });
    assert.deepEqual(manualFor('17.0'), { major: '17', exact: true, requested: 17 });
    assert.deepEqual(manualFor('16.9'), { major: '17', exact: false, requested: 16 });
    assert.deepEqual(manualFor('13.1'), { major: '15', exact: false, requested: 13 });
    assert.deepEqual(manualFor('19devel'), { major: '18', exact: false, requested: 19 });
    assert.deepEqual(manualFor(null), { major: '18', exact: true, requested: null });
    assert.deepEqual(manualFor('current'), { major: '18', exact: true, requested: null });
  });

  test('a nearest manual says so in the title, and its URL names the manual read', () => {
    const hit = at('SELECT lp‸ad(a, 5) FROM t', '16.3');
    const lpad17 = findEntry('function', 'lpad', '17')!;
    assert.equal(hit?.url, `https://www.postgresql.org/docs/17/functions-string.html#${lpad17.anchor}`);
    assert.equal(hit?.title, 'lpad — PostgreSQL 17 manual, the nearest to 16');
  });

  test('each version\'s own anchors', () => {
    for (const v of ['15', '17', '18']) {
      const lpad = findEntry('function', 'lpad', v)!;
      assert.equal(at('SELECT lp‸ad(a, 5) FROM t', `${v}.1`)?.url, `https://www.postgresql.org/docs/${v}/functions-string.html#${lpad.anchor}`);
    }
  });
});

describe('added in 16–18: opens on 18, says "not in PostgreSQL 15" on 15', () => {
  const cases: [string, RegExp][] = [
    ['SELECT any_va‸lue(a) FROM t', /^https:\/\/www\.postgresql\.org\/docs\/(16|17|18)\/functions-aggregate\.html#/],
    ['SELECT uuid‸v7()', /^https:\/\/www\.postgresql\.org\/docs\/18\/functions-uuid\.html#/],
    ['SELECT * FROM pg_stat_‸io', /^https:\/\/www\.postgresql\.org\/docs\/(17|18)\/monitoring-stats\.html#/],
    ['SELECT * FROM JSON_TA‸BLE(\'[1]\', \'$[*]\' COLUMNS (a int PATH \'$\'))', /^https:\/\/www\.postgresql\.org\/docs\/(17|18)\/functions-json\.html/],
  ];
  for (const [marked, url] of cases) {
    test(`${marked} on 18 and on 15`, () => {
      const on18 = at(marked, '18.1');
      assert.match(on18?.url ?? 'null', /\/docs\/18\//);
      assert.doesNotMatch(on18?.title ?? '', /not in/);
      const on15 = at(marked, '15.4');
      assert.match(on15?.url ?? 'null', url);
      assert.match(on15?.title ?? '', / — not in PostgreSQL 15$/);
    });
  }
});
