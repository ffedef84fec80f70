import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser } from '../../server/src/parser';
import { docsIndexSource, docsIndexVersions, entryKeys, findEntry, indexEntries, withDocsIndex, type DocsKind } from '../../server/src/docs/docsIndex';
import { lookupDocs } from '../../server/src/docs/docsLookup';
import { docsUrl, docsVersion, toDocsLocation } from '../../server/src/docs/docsUrl';
import { closestKeyword, editDistance } from '../../server/src/docs/closestKeyword';
import { docsForPosition, docsHoverMarkdown } from '../../server/src/docs/hoverDocs';
import { contextCases, nameCases, plpgsqlCases, selectionCases } from './docsCases';
import { escapeMarkdown } from '../../shared/src/markdownText';

before(async () => {
  await loadParser();
});

describe('the generated index', () => {
  test('is generated from the manuals of 15, 17 and 18 and covers every kind the issue lists, in each', () => {
    assert.deepEqual(docsIndexVersions, ['15', '17', '18']);
    const minimum: [DocsKind, number][] = [
      ['command', 180], ['function', 700], ['operator', 80], ['guc', 340], ['catalog', 60], ['view', 60],
      ['type', 70], ['sqlstate', 250], ['condition', 250], ['construct', 150], ['app', 30], ['infoschema', 60], ['concept', 500],
    ];
    for (const major of docsIndexVersions) {
      assert.match(docsIndexSource(major), new RegExp(`^PostgreSQL ${major}\\.\\d+ HTML documentation$`));
      withDocsIndex(major, () => {
        for (const [kind, n] of minimum) {
          assert.ok(entryKeys(kind).length >= n, `${major} ${kind}: ${entryKeys(kind).length} < ${n}`);
        }
      });
    }
  });

  test('pages are manual pages; anchors are ids of that page (checked by the generator), author-written ones in upper case', () => {
    for (const major of docsIndexVersions) {
      for (const { kind, key, page, anchor } of indexEntries(major)) {
        assert.match(page, /^[a-z0-9_-]+\.html$/, `${major} ${kind} ${key}: ${page}`);
        if (anchor !== null) {
          assert.match(anchor, /^(?:[A-Z0-9][A-Z0-9_.-]*|id-[\d.]+)$/, `${major} ${kind} ${key}: ${page}#${anchor}`);
        }
      }
    }
  });

  test('a function is anchored at its own row (the manual index\'s anchor), which moves between versions', () => {
    const lpad = docsIndexVersions.map((v) => findEntry('function', 'lpad', v));
    for (const hit of lpad) {
      assert.equal(hit?.page, 'functions-string.html');
      assert.match(hit?.anchor ?? '', /^id-1\.5\.8\.\d+(\.\d+)+$/);
    }
    assert.notEqual(lpad[0]?.anchor, lpad[2]?.anchor);
  });

  test('the multi-word commands of the issue are there with their pages', () => {
    assert.equal(findEntry('command', 'create database')?.page, 'sql-createdatabase.html');
    assert.equal(findEntry('command', 'ALTER  DEFAULT\nPRIVILEGES')?.page, 'sql-alterdefaultprivileges.html');
    assert.equal(findEntry('command', 'Create Materialized View')?.page, 'sql-creatematerializedview.html');
    assert.equal(findEntry('command', 'CREATE DATABASES'), null);
  });
});

// every SQL command, written as a statement, with the cursor on its last word: the command
// detection must find that very command (longest match, modifiers skipped)
describe('every SQL command in a statement', () => {
  for (const title of entryKeys('command')) {
    const words = title.split(' ');
    const sql = `${title} x`;
    const cursor = title.length - 1;
    test(`${title} x (cursor on ${words[words.length - 1]})`, () => {
      const hit = lookupDocs(sql, cursor);
      assert.equal(hit?.kind, 'command', `${sql}: ${JSON.stringify(hit)}`);
      assert.equal(hit?.page, findEntry('command', title)!.page);
    });
  }
});

describe('every configuration parameter after SET', () => {
  for (const name of entryKeys('guc').filter((_, i) => i % 4 === 0)) {
    test(`SET ${name} = …`, () => {
      const hit = lookupDocs(`SET ${name} = DEFAULT`, 5);
      assert.equal(hit?.kind, 'guc', `${name}: ${JSON.stringify(hit)}`);
      assert.match(hit?.anchor ?? '', /^GUC-/);
    });
  }
});

describe('URLs and versions', () => {
  test('the connected server\'s major version wins, then the setting, then current', () => {
    assert.equal(docsVersion('18.4', '16'), '18');
    assert.equal(docsVersion('16.9 (Debian 16.9-1.pgdg120+1)', null), '16');
    assert.equal(docsVersion('9.6.24', null), '9.6');
    assert.equal(docsVersion('19devel', null), 'devel');
    assert.equal(docsVersion(null, '16'), '16');
    assert.equal(docsVersion(null, ' current '), 'current');
    assert.equal(docsVersion(null, '../../evil'), 'current');
    assert.equal(docsVersion(null, null), 'current');
  });

  test('URLs follow contract 4', () => {
    assert.equal(docsUrl({ page: 'sql-select.html', anchor: null }, '17'), 'https://www.postgresql.org/docs/17/sql-select.html');
    const loc = toDocsLocation(findEntry('guc', 'work_mem')!, 'current');
    assert.deepEqual(loc, {
      url: 'https://www.postgresql.org/docs/current/runtime-config-resource.html#GUC-WORK-MEM',
      page: 'runtime-config-resource.html',
      anchor: 'GUC-WORK-MEM',
      title: 'work_mem',
    });
  });

  test('the hover helper gives a title and a URL of the server\'s manual (the newest with none), or null', () => {
    const text = 'SELECT now(), name FROM t';
    const now18 = findEntry('function', 'now', '18')!;
    const now15 = findEntry('function', 'now', '15')!;
    const summary = 'Current date and time (start of current transaction); see Section 9.9.5';
    assert.deepEqual(docsForPosition(text, 8, '18.4'), { title: 'now', url: `https://www.postgresql.org/docs/18/functions-datetime.html#${now18.anchor}`, summary });
    assert.deepEqual(docsForPosition(text, 8, '15.2'), { title: 'now', url: `https://www.postgresql.org/docs/15/functions-datetime.html#${now15.anchor}`, summary });
    assert.notEqual(now15.anchor, now18.anchor);
    assert.equal(docsForPosition(text, 15, null), null);
    const md = docsHoverMarkdown('file:///q.sql', text, 8, { line: 0, character: 8 }, null);
    assert.match(md ?? '', /^PostgreSQL manual: \[now\]\(command:pgsight\.docs\.open\?%5B%7B%22uri%22/);
    assert.ok(md?.includes(`[web](https://www.postgresql.org/docs/18/functions-datetime.html#${now18.anchor})\n\n${escapeMarkdown(summary)}`), md ?? 'null');
  });
});

describe('misspelled keywords', () => {
  const cases: [string, string | null][] = [
    ['SELEC', 'SELECT'], ['SLECT', 'SELECT'], ['JION', 'JOIN'], ['FORM', 'FROM'], ['WEHRE', 'WHERE'], ['GROPU', 'GROUP'],
    ['CRAETE', 'CREATE'], ['DATABSE', 'DATABASE'], ['RETURNIGN', 'RETURNING'], ['LATREAL', 'LATERAL'], ['DISTNICT', 'DISTINCT'],
    ['OVRE', 'OVER'], ['xyzzy', null], ['customers', null], ['id', null], ['SELECT', null],
  ];
  for (const [word, expected] of cases) {
    test(`${word} → ${expected ?? 'null'}`, () => {
      assert.equal(closestKeyword(word), expected);
    });
  }
  test('a swap of neighbours is one edit', () => {
    assert.equal(editDistance('JION', 'JOIN'), 1);
    assert.equal(editDistance('SELEC', 'SELECT'), 1);
    assert.equal(editDistance('abc', 'xyz', 1), 2);
  });
});

describe('bad input', () => {
  test('every offset of every case, truncated statements and random text: never throws, answers null or an index page', () => {
    const texts = [...contextCases, ...nameCases, ...selectionCases, ...plpgsqlCases].map(([sql]) => sql.replace(/[‸«»]/g, ''));
    let seed = 42;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let k = 0; k < 100; k++) {
      texts.push(Array.from({ length: 60 }, () => String.fromCharCode(Math.floor(random() * 0x7f) + (random() < 0.1 ? 0x2000 : 0))).join(''));
    }
    const pages = new Set(indexEntries().map((e) => e.page));
    let answered = 0;
    for (const full of texts) {
      for (const text of [full, full.slice(0, Math.floor(full.length / 2))]) {
        for (let off = 0; off <= text.length; off += 3) {
          const hit = lookupDocs(text, off, Math.min(text.length, off + (off % 2) * 5));
          if (hit) {
            answered++;
            assert.ok(pages.has(hit.page), `${hit.page} from ${text} @${off}`);
          }
        }
      }
    }
    assert.ok(answered > 1000, `answered ${answered}`);
  });
});
