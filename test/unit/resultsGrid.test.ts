/**
 * The results grid's plain parts: copy formats (NULL distinct from the empty string in each),
 * the bounded page cache, and the page's CSP.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellDetail, toCsv, toJson, toMarkdown, toTsv } from '../../webview/src/results/gridFormat';
import { PageCache } from '../../webview/src/results/pageCache';
import { renderResultsDocument } from '../../webview/src/results/resultsHtml';

const columns = [{ name: 'a', type: 'text' }, { name: 'b', type: 'integer' }, { name: 'a', type: 'text' }];
const rows = [['x\ty', '1', null], ['', '2', 'q"u,o\nte']];

test('TSV escapes as COPY text does, NULL as \\N and the empty string as nothing', () => {
  assert.equal(toTsv(columns, rows), 'a\tb\ta\nx\\ty\t1\t\\N\n\t2\tq"u,o\\nte');
});

test('CSV as COPY CSV writes it: NULL unquoted empty, the empty string quoted', () => {
  assert.equal(toCsv(columns, rows), 'a,b,a\nx\ty,1,\n"",2,"q""u,o\nte"');
});

test('JSON keeps values as text, NULL as null, repeated names suffixed', () => {
  assert.deepEqual(JSON.parse(toJson(columns, rows)), [{ a: 'x\ty', b: '1', a_2: null }, { a: '', b: '2', a_2: 'q"u,o\nte' }]);
});

test('the page cache stays bounded and asks for each missing page once', () => {
  const cache = new PageCache(100, 3);
  assert.deepEqual(cache.missing(0, 250), [0, 1, 2]);
  assert.deepEqual(cache.missing(0, 250), [], 'asked already');
  for (const p of [0, 1, 2, 3, 4]) {
    cache.put(p * 100, [[String(p * 100)]]);
  }
  assert.equal(cache.size, 3);
  assert.equal(cache.row(0), undefined, 'the oldest page was dropped');
  assert.deepEqual(cache.row(400), ['400']);
  assert.deepEqual(cache.missing(0, 100), [0], 'a dropped page can be asked for again');
});

test('the results page has a nonce CSP with no default source and no inline script', () => {
  const html = renderResultsDocument({ nonce: 'N0nce', cspSource: 'vscode-resource:', scriptUri: 'vscode-resource:/dist/webview/results.js' });
  assert.match(html, /content="default-src 'none'; style-src 'nonce-N0nce'; script-src 'nonce-N0nce'/);
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.match(html, /<script nonce="N0nce" src="vscode-resource:\/dist\/webview\/results.js"><\/script>/);
});

test('Markdown copies escape pipes and keep NULL apart from the empty string', () => {
  assert.equal(toMarkdown([{ name: 'a|b', type: 'text' }, { name: 'c', type: 'text' }], [['x|y', null], ['', 'l1\nl2']]), '| a\\|b | c |\n| --- | --- |\n| x\\|y | *NULL* |\n|  | l1<br>l2 |');
});

test('json in the cell viewer is re-indented from its text: big numbers keep every digit', () => {
  const value = '{"n": 12345678901234567890.50, "s": "a, {b}: \\"c\\"", "e": [], "o": {"x": [1, 2e400]}}';
  assert.equal(
    cellDetail('jsonb', value),
    '{\n  "n": 12345678901234567890.50,\n  "s": "a, {b}: \\"c\\"",\n  "e": [],\n  "o": {\n    "x": [\n      1,\n      2e400\n    ]\n  }\n}',
  );
  assert.equal(cellDetail('text', '{"a": 1}'), '{"a": 1}');
  assert.equal(cellDetail('json', null), 'NULL');
});
