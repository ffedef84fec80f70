import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser } from '../../server/src/parser';
import { lookupDocs } from '../../server/src/docs/docsLookup';
import { assignmentCases, contextCases, listCases, nameCases, plpgsqlCases, regressionCases, selectionCases, starCases, type DocsCase } from './docsCases';

/** Strips the markers: `‸` is the cursor, `«…»` a selection. */
function parseCase(marked: string): { text: string; start: number; end: number } {
  const open = marked.indexOf('«');
  if (open >= 0) {
    const close = marked.indexOf('»');
    const text = marked.replace('«', '').replace('»', '');
    return { text, start: open, end: close - 1 };
  }
  const at = marked.indexOf('‸');
  assert.ok(at >= 0, `no cursor in ${marked}`);
  return { text: marked.replace('‸', ''), start: at, end: at };
}

function answer(marked: string): string | null {
  const { text, start, end } = parseCase(marked);
  const target = lookupDocs(text, start, end);
  // a function's own row anchor is a generated id; the cases name the table (section) around it
  const anchor = target?.section ?? target?.anchor;
  return target ? `${target.page}${anchor ? `#${anchor}` : ''}` : null;
}

function table(name: string, cases: DocsCase[]): void {
  describe(name, () => {
    for (const [sql, expected] of cases) {
      test(`${sql.replace(/\n/g, '\\n')} → ${expected ?? 'null'}`, () => {
        // a case naming only the page accepts any anchor on it (the newer manuals anchor more)
        const got = answer(sql);
        assert.equal(expected?.includes('#') === false ? (got?.split('#')[0] ?? null) : got, expected);
      });
    }
  });
}

before(async () => {
  await loadParser();
});

table('keywords in their statement', contextCases);
table('functions, operators, types, settings, catalogs, concepts, SQLSTATEs', nameCases);
table('selections', selectionCases);
table('PL/pgSQL bodies', plpgsqlCases);
table('= assigns or compares', assignmentCases);
table('IN, ANY, ALL: lists and arrays vs subqueries', listCases);
table('found in the regression suite', regressionCases);
table('* as all columns, count(*) or multiplication', starCases);
