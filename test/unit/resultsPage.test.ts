/**
 * The results page in a real browser (headless Chromium, /usr/bin/chromium): the bundled
 * dist/webview/results.js under the page's own CSP, driven by a scripted host through the
 * webview message API. Checks what a user sees: NULL apart from the empty string, types in
 * the headers, a 100,000-row result with only the visible rows in the DOM, the page asked for
 * after scrolling to the end, and a keyboard selection copied as CSV.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderResultsDocument } from '../../webview/src/results/resultsHtml';

const script = path.resolve(__dirname, '../../dist/webview/results.js');

/** The scripted host: shows two result sets, answers page requests, then acts as a user would. */
const host = `
window.sent = [];
window.acquireVsCodeApi = () => ({
  getState() { return undefined; },
  setState(state) { window.saved = state; },
  postMessage(m) {
    window.sent.push(m);
    if (m.type === 'ready') {
      window.postMessage({ type: 'show', label: 'test', running: false, sets: [
        { id: 1, title: 'select 1', tag: 'SELECT 2', ms: 1.5, paged: false, messages: [{ severity: 'NOTICE', text: 'hello' }],
          columns: [{ name: 'a', type: 'text' }, { name: 'b', type: 'numeric(10,2)' }], rowCount: 2, rows: [[null, '1.10'], ['', '2.00']] },
        { id: 2, title: 'select g', tag: 'SELECT 100000', ms: 20, paged: true, messages: [],
          columns: [{ name: 'g', type: 'integer' }], rowCount: 100000, rows: Array.from({ length: 500 }, (_, i) => [String(i + 1)]) },
      ] }, '*');
    }
    if (m.type === 'rows') {
      window.postMessage({ type: 'rows', setId: m.setId, start: m.start, rows: Array.from({ length: m.count }, (_, i) => [String(m.start + i + 1)]) }, '*');
    }
  },
});
const grid = () => document.getElementById('grid');
const record = (k, v) => document.body.setAttribute('data-' + k, JSON.stringify(v));
// each step waits for what the one before it caused (never a fixed delay: a loaded machine is slow)
const when = (ready, then) => { const poll = () => (ready() ? then() : setTimeout(poll, 25)); poll(); };
const firstCells = () => [...(grid()?.querySelectorAll('td[data-col="0"]') ?? [])].map((td) => td.textContent);
when(() => firstCells().includes('1'), () => {
  record('rowsInDom', grid().querySelectorAll('td[data-col="0"]').length);
  grid().scrollTop = grid().scrollHeight;
  grid().dispatchEvent(new Event('scroll'));
  when(() => firstCells().includes('100000'), () => {
    record('lastCells', firstCells().slice(-2));
    grid().querySelector('td[data-row="99990"]').click();
    const key = (k) => grid().dispatchEvent(new KeyboardEvent('keydown', { key: k, shiftKey: true, bubbles: true }));
    key('ArrowDown'); key('ArrowDown');
    document.getElementById('copy-csv').click();
    when(() => window.sent.some((m) => m.type === 'copy'), () => {
      document.querySelector('#tabs [role=tab]').click();
      record('cells', [...grid().querySelectorAll('td[data-row]')].map((td) => [td.className, td.textContent]));
      record('headers', [...grid().querySelectorAll('th')].map((th) => th.textContent));
      record('messages', document.getElementById('messages').textContent);
      record('sent', window.sent);
      record('savedRows', window.saved.sets.map((x) => x.rows ?? null));
      grid().querySelector('td[data-row="0"][data-col="0"]').click();
      grid().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      record('viewer', [document.getElementById('cell').hidden, document.getElementById('cell-title').textContent, document.getElementById('cell-value').textContent]);
    });
  });
});
`;

/** Loads the page with `hostScript` standing in for VS Code; returns what the page recorded (data-* on body). */
function inChromium(hostScript: string): (key: string) => unknown {
  assert.ok(fs.existsSync('/usr/bin/chromium'), 'headless Chromium is needed for this test: bash scripts/debian-packages.sh chromium (npm start installs it too)');
  assert.ok(fs.existsSync(script), 'run `node esbuild.mjs` first (npm test does)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgsight-results-'));
  const nonce = 'n0nce';
  let html = renderResultsDocument({ nonce, cspSource: 'file:', scriptUri: `file://${script}` });
  // the page's CSP as VS Code would serve it, plus the file: origin the bundle loads from here
  html = html.replace(`script-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}' file:`);
  html = html.replace('<script nonce', `<script nonce="${nonce}">${hostScript}</script><script nonce`);
  const page = path.join(dir, 'page.html');
  fs.writeFileSync(page, html);
  const dom = execFileSync('/usr/bin/chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--allow-file-access-from-files', '--window-size=1200,800', '--virtual-time-budget=20000', `--user-data-dir=${path.join(dir, 'profile')}`, '--dump-dom', `file://${page}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
  fs.rmSync(dir, { recursive: true, force: true });
  return (k: string): unknown => {
    const m = new RegExp(`data-${k.toLowerCase()}="([^"]*)"`).exec(dom);
    assert.ok(m, `the page recorded ${k}`);
    return JSON.parse(m[1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
  };
}

test('the results page in headless Chromium: NULL vs empty, typed headers, virtualized 100k rows, paging, copy', () => {
  const read = inChromium(host);
  assert.ok((read('rowsInDom') as number) < 80, 'only the visible rows of 100,000 are in the DOM');
  assert.deepEqual(read('lastCells'), ['99999', '100000']);
  const sent = read('sent') as { type: string; start?: number; text?: string; what?: string }[];
  assert.ok(sent.some((m) => m.type === 'rows' && m.start === 99500), 'the last page was asked for');
  const copied = sent.find((m) => m.type === 'copy');
  assert.deepEqual([copied?.text, copied?.what], ['g\n99991\n99992\n99993', '3 rows as CSV']);
  assert.deepEqual(read('cells'), [['null', ''], ['', '1.10'], ['empty', ''], ['', '2.00']]);
  assert.deepEqual(read('headers'), ['#', 'atext', 'bnumeric(10,2)']);
  assert.match(read('messages') as string, /NOTICE: {2}hello/);
  assert.deepEqual(read('savedRows'), [null, null], 'the state kept for a reload holds no rows');
  assert.deepEqual(read('viewer'), [false, 'a (text), row 1', 'NULL'], 'Enter opens the cell viewer');
});

/** A window reload: the webview's saved state (rows included, as an old version might have saved). */
const reloaded = `
window.sent = [];
window.acquireVsCodeApi = () => ({
  postMessage(m) { window.sent.push(m); },
  setState() {},
  getState() {
    return { label: 'shop on demo', rerun: { command: 'pgsight.run.statement', uri: 'file:///demo/6-run-sql.sql', offset: 42 },
      sets: [{ id: 1, title: 'select g', tag: 'SELECT 3', ms: 2, paged: true, messages: [], columns: [{ name: 'g', type: 'integer' }], rowCount: 3, rows: [['1'], ['2'], ['3']] }] };
  },
});
const record = (k, v) => document.body.setAttribute('data-' + k, JSON.stringify(v));
// once the page's script has run (it says ready last), never after a fixed delay
const when = (ready, then) => { const poll = () => (ready() ? then() : setTimeout(poll, 25)); poll(); };
when(() => window.sent.some((m) => m.type === 'ready'), () => {
  record('cells', [...document.querySelectorAll('#grid td[data-row]')].map((td) => td.textContent));
  record('note', document.getElementById('restored').hidden);
  record('messages', document.getElementById('messages').textContent);
  document.getElementById('rerun').click();
  record('sent', window.sent);
});
`;

test('after a window reload the view shows what ran, never the old rows as if fresh, and Run Again asks the host', () => {
  const read = inChromium(reloaded);
  assert.deepEqual(read('cells'), [], 'no rows from before the reload');
  assert.equal(read('note'), false, 'the reload note is shown');
  assert.match(read('messages') as string, /3 rows then; run it again to see them/);
  const sent = read('sent') as { type: string; target?: unknown }[];
  assert.deepEqual(sent.find((m) => m.type === 'rerun')?.target, { command: 'pgsight.run.statement', uri: 'file:///demo/6-run-sql.sql', offset: 42 });
});

/** Sorting, filtering, INSERT copies and a result past the browser's height cap, as a user drives them. */
const ordering = `
window.sent = [];
window.acquireVsCodeApi = () => ({
  getState() { return undefined; },
  setState() {},
  postMessage(m) {
    window.sent.push(m);
    if (m.type === 'ready') {
      window.postMessage({ type: 'show', label: 'test', running: false, sets: [
        { id: 1, title: 'select * from items', tag: 'SELECT 5', ms: 1, paged: false, messages: [],
          columns: [{ name: 'id', type: 'integer' }, { name: 'name', type: 'text' }, { name: 'price', type: 'numeric(10,2)' }],
          insert: { table: 'public."Items"', columns: ['id', '"name"', 'price'] },
          rowCount: 5, rows: [['1', 'Alpha', '10.00'], ['2', null, '9.50'], ['3', "it's", null], ['4', 'alpine', '100.00'], ['5', '', '-1.00']] },
        { id: 2, title: 'select g', tag: 'SELECT 3000000', ms: 20, paged: true, messages: [],
          columns: [{ name: 'g', type: 'integer' }], rowCount: 3000000, rows: Array.from({ length: 500 }, (_, i) => [String(i + 1)]) },
      ] }, '*');
    }
    if (m.type === 'rows') {
      window.postMessage({ type: 'rows', setId: m.setId, start: m.start, rows: Array.from({ length: m.count }, (_, i) => [String(m.start + i + 1)]) }, '*');
    }
  },
});
const grid = () => document.getElementById('grid');
const record = (k, v) => document.body.setAttribute('data-' + k, JSON.stringify(v));
const when = (ready, then) => { const poll = () => (ready() ? then() : setTimeout(poll, 25)); poll(); };
const column = (j) => [...grid().querySelectorAll('td[data-col="' + j + '"]')].map((td) => td.textContent);
const rownums = () => [...grid().querySelectorAll('td.rownum')].map((td) => td.textContent);
const th = (j) => grid().querySelector('th[data-col="' + j + '"]');
const note = () => document.getElementById('order-note');
when(() => document.querySelectorAll('#tabs [role=tab]').length === 2, () => {
  document.querySelector('#tabs [role=tab]').click();
  when(() => column(0).length === 5, () => {
    th(2).click();
    record('asc', [th(2).getAttribute('aria-sort'), th(2).textContent, column(2), rownums(), note().hidden, note().textContent]);
    th(2).click();
    record('desc', [th(2).getAttribute('aria-sort'), column(2)]);
    th(2).click();
    record('none', [th(2).getAttribute('aria-sort'), column(2), note().hidden]);
    th(1).click();
    record('text', column(1));
    th(1).click(); th(1).click();
    const filter = document.getElementById('filter');
    filter.value = 'alp';
    filter.dispatchEvent(new Event('input'));
    record('filtered', [column(1), rownums(), note().textContent]);
    filter.value = '';
    filter.dispatchEvent(new Event('input'));
    grid().querySelector('td[data-row="1"]').click();
    grid().dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', shiftKey: true, bubbles: true }));
    document.getElementById('copy-insert').click();
    when(() => window.sent.some((m) => m.type === 'copy'), () => {
      record('insert', window.sent.find((m) => m.type === 'copy'));
      document.querySelectorAll('#tabs [role=tab]')[1].click();
      when(() => column(0).includes('1'), () => {
        record('height', grid().scrollHeight);
        grid().focus();
        grid().dispatchEvent(new KeyboardEvent('keydown', { key: 'End', ctrlKey: true, bubbles: true }));
        when(() => column(0).includes('3000000'), () => {
          const last = grid().querySelector('td[data-row="2999999"]').getBoundingClientRect();
          const box = grid().getBoundingClientRect();
          record('end', [column(0).slice(-2), last.bottom <= box.bottom + 1 && last.top >= box.top, grid().scrollTop + grid().clientHeight >= grid().scrollHeight - 1]);
          grid().scrollTop = Math.floor(grid().scrollHeight / 2);
          grid().dispatchEvent(new Event('scroll'));
          when(() => column(0).every((v) => v !== '…') && column(0).length > 0, () => record('middle', column(0)[5]));
        });
      });
    });
  });
});
`;

test('sort by a header (numeric, NULLS LAST, aria-sort), filter, copy as INSERT, and Ctrl+End in 3,000,000 rows past the height cap', () => {
  const read = inChromium(ordering);
  const [sortAsc, label, prices, numbers, noteHidden, note] = read('asc') as [string, string, string[], string[], boolean, string];
  assert.equal(sortAsc, 'ascending');
  assert.match(label, /price ▲/);
  assert.deepEqual(prices, ['-1.00', '9.50', '10.00', '100.00', ''], 'numeric order, not text order; NULL last');
  assert.deepEqual(numbers, ['5', '2', '1', '4', '3'], 'each row keeps its number in the result');
  assert.equal(noteHidden, false);
  assert.match(note, /5 of 5 rows sorted by price ascending/);
  assert.deepEqual(read('desc'), ['descending', ['', '100.00', '10.00', '9.50', '-1.00']], 'descending: NULL first, as ORDER BY … DESC');
  assert.deepEqual(read('none'), ['none', ['10.00', '9.50', '', '100.00', '-1.00'], true]);
  assert.deepEqual(read('text'), ['', 'Alpha', 'alpine', "it's", ''], 'text by code point (C collation): upper case first; NULL last');
  const [names, filteredNumbers, filterNote] = read('filtered') as [string[], string[], string];
  assert.deepEqual([names, filteredNumbers], [['Alpha', 'alpine'], ['1', '4']]);
  assert.match(filterNote, /2 of 5 rows filtered by “alp”/);
  const copied = read('insert') as { text: string; what: string };
  assert.equal(
    copied.text,
    `INSERT INTO public."Items" (id, "name", price) VALUES ('2', NULL, '9.50');\nINSERT INTO public."Items" (id, "name", price) VALUES ('3', 'it''s', NULL);`,
  );
  assert.equal(copied.what, '2 rows as INSERT statements');
  assert.ok((read('height') as number) < 11_000_000, 'the grid stays under the browser\'s height cap');
  assert.deepEqual(read('end'), [['2999999', '3000000'], true, true], 'Ctrl+End shows the last row, whole, at the bottom');
  const middle = Number(read('middle'));
  assert.ok(middle > 1_400_000 && middle < 1_600_000, `half way down shows the middle rows (${middle})`);
});
