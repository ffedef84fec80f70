/**
 * The results page's script, bundled to dist/webview/results.js: result sets as tabs, server
 * messages, and a virtualized grid (only the rows in view are in the DOM; rows of a paged
 * result are asked of the host page by page and kept in a bounded cache). NULL shows as a
 * muted NULL, the empty string as a hatched empty cell. Arrow keys move the selection,
 * Shift extends it, Ctrl+C copies it as TSV.
 */
import { cellDetail, toCsv, toJson, toMarkdown, toTsv } from '../results/gridFormat';
import { PageCache } from '../results/pageCache';
import type { HostToWebview, RerunTarget, ResultCell, ResultSetView, ResultsViewState, WebviewToHost } from '../results/resultsMessages';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): ResultsViewState | undefined;
  setState(state: ResultsViewState): void;
}
declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;
const vscode: VsCodeApi | undefined = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;

const rowHeight = 22;
const $ = (id: string) => document.getElementById(id)!;
const grid = $('grid');
const tabs = $('tabs');
const messages = $('messages');
const status = $('status');
const cancelButton = $('cancel') as HTMLButtonElement;
const restoredNote = $('restored');

let sets: ResultSetView[] = [];
let active = 0;
let cache: PageCache | undefined;
let anchor = 0;
let focusRow = 0;
let focusCol = 0;
let label = '';
let rerun: RerunTarget | undefined;

/** Keeps the sets' metadata (never rows) for the serializer. */
function saveState(): void {
  vscode?.setState({ label, rerun, sets: sets.map((x) => ({ ...x, rows: undefined, paged: false })) });
}
const closed = new Set<number>();
const waiters: (() => void)[] = [];

function current(): ResultSetView | undefined {
  return sets[active];
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) {
    e.textContent = text;
  }
  if (cls) {
    e.className = cls;
  }
  return e;
}

function renderTabs(): void {
  tabs.replaceChildren(
    ...sets.map((s, i) => {
      const b = el('button', `${s.title} — ${s.error ? 'ERROR' : (s.tag ?? '')} (${s.ms.toFixed(1)} ms)`);
      b.setAttribute('role', 'tab');
      b.setAttribute('aria-selected', String(i === active));
      if (s.error) {
        b.classList.add('failed');
      }
      b.addEventListener('click', () => select(i));
      return b;
    }),
  );
  tabs.hidden = sets.length < 2;
}

function select(i: number): void {
  active = i;
  const s = current();
  cache = s?.rows ? new PageCache(Math.max(1, s.rows.length)) : undefined;
  if (s?.rows) {
    cache!.put(0, s.rows);
  }
  anchor = focusRow = focusCol = 0;
  grid.scrollTop = 0;
  renderTabs();
  renderMessages();
  renderGrid();
}

function renderMessages(): void {
  const s = current();
  const lines: HTMLElement[] = [];
  for (const m of s?.messages ?? []) {
    lines.push(el('div', `${m.severity}:  ${m.text}`, m.severity));
  }
  for (const e of s?.error ?? []) {
    lines.push(el('div', e, 'ERROR'));
  }
  if (s?.tag) {
    lines.push(el('div', s.tag, 'tag'));
  }
  messages.replaceChildren(...lines);
}

function rowAt(i: number): ResultCell[] | undefined {
  return cache?.row(i);
}

function requestRows(from: number, to: number): void {
  const s = current();
  if (!s || !cache || !s.paged || closed.has(s.id)) {
    return;
  }
  for (const page of cache.missing(from, Math.min(to, s.rowCount ?? 0))) {
    vscode?.postMessage({ type: 'rows', setId: s.id, start: page * cache.pageSize, count: cache.pageSize });
  }
}

function renderGrid(): void {
  const s = current();
  if (!s?.columns) {
    grid.replaceChildren();
    return;
  }
  const total = s.rowCount ?? s.rows?.length ?? 0;
  const first = Math.max(0, Math.floor(grid.scrollTop / rowHeight) - 5);
  const count = Math.ceil(grid.clientHeight / rowHeight) + 10;
  const last = Math.min(total, first + count);
  requestRows(first, last);
  const table = el('table');
  table.setAttribute('aria-rowcount', String(total + 1));
  const head = el('tr');
  head.append(el('th', '#'));
  for (const c of s.columns) {
    const th = el('th', c.name);
    th.append(el('span', c.type, 'type'));
    th.title = `${c.name} ${c.type}`;
    head.append(th);
  }
  const thead = el('thead');
  thead.append(head);
  const body = el('tbody');
  const top = el('tr');
  top.style.height = `${first * rowHeight}px`;
  body.append(top);
  const [lo, hi] = [Math.min(anchor, focusRow), Math.max(anchor, focusRow)];
  for (let i = first; i < last; i++) {
    const tr = el('tr');
    tr.setAttribute('aria-rowindex', String(i + 2));
    if (i % 2 === 1) {
      tr.className = 'odd'; // by row number, so the stripes do not flicker as the grid scrolls
    }
    tr.setAttribute('aria-selected', String(i >= lo && i <= hi && hi > lo));
    tr.append(el('td', String(i + 1), 'rownum'));
    const row = rowAt(i);
    s.columns.forEach((c, j) => {
      const v = row ? row[j] : undefined;
      const td = el('td', v ?? '', v === undefined ? 'loading' : v === null ? 'null' : v === '' ? 'empty' : undefined);
      if (v === undefined) {
        td.textContent = '…';
      }
      td.dataset.row = String(i);
      td.dataset.col = String(j);
      td.setAttribute('aria-label', `${c.name}: ${v === null ? 'NULL' : v === '' ? 'empty string' : (v ?? 'loading')}`);
      if (i === focusRow && j === focusCol) {
        td.setAttribute('aria-selected', 'true');
      }
      if (v && v.length > 200) {
        td.title = v.slice(0, 4000);
      }
      tr.append(td);
    });
    body.append(tr);
  }
  const bottom = el('tr');
  bottom.style.height = `${(total - last) * rowHeight}px`;
  body.append(bottom);
  table.append(thead, body);
  grid.replaceChildren(table);
}

/** Rows [lo, hi] once their pages are here. */
async function rowsBetween(lo: number, hi: number): Promise<ResultCell[][]> {
  for (;;) {
    const rows: ResultCell[][] = [];
    let missing = false;
    for (let i = lo; i <= hi; i++) {
      const r = rowAt(i);
      if (!r) {
        missing = true;
        break;
      }
      rows.push(r);
    }
    const s = current();
    if (!missing || !s || closed.has(s.id)) {
      return rows;
    }
    requestRows(lo, hi + 1);
    await new Promise<void>((resolve) => waiters.push(resolve));
  }
}

async function copy(format: 'tsv' | 'csv' | 'json' | 'markdown'): Promise<void> {
  const s = current();
  if (!s?.columns) {
    return;
  }
  const [lo, hi] = [Math.min(anchor, focusRow), Math.max(anchor, focusRow)];
  const rows = await rowsBetween(lo, hi);
  if (lo === hi && format === 'tsv') {
    const v = rows[0]?.[focusCol];
    vscode?.postMessage({ type: 'copy', text: v ?? '', what: 'cell' });
    return;
  }
  const text = format === 'tsv' ? toTsv(s.columns, rows) : format === 'csv' ? toCsv(s.columns, rows) : format === 'json' ? toJson(s.columns, rows) : toMarkdown(s.columns, rows);
  vscode?.postMessage({ type: 'copy', text, what: `${rows.length} rows as ${format.toUpperCase()}` });
}

function move(row: number, col: number, extend: boolean): void {
  const s = current();
  const total = s?.rowCount ?? s?.rows?.length ?? 0;
  focusRow = Math.max(0, Math.min(total - 1, row));
  focusCol = Math.max(0, Math.min((s?.columns?.length ?? 1) - 1, col));
  if (!extend) {
    anchor = focusRow;
  }
  const top = focusRow * rowHeight;
  if (top < grid.scrollTop + rowHeight) {
    grid.scrollTop = Math.max(0, top - rowHeight);
  } else if (top > grid.scrollTop + grid.clientHeight - 2 * rowHeight) {
    grid.scrollTop = top - grid.clientHeight + 2 * rowHeight;
  }
  renderGrid();
}

grid.addEventListener('scroll', () => renderGrid());
grid.addEventListener('click', (e) => {
  const td = (e.target as HTMLElement).closest('td');
  if (td?.dataset.row) {
    move(Number(td.dataset.row), Number(td.dataset.col), e.shiftKey);
  }
});
grid.addEventListener('keydown', (e) => {
  const page = Math.floor(grid.clientHeight / rowHeight) - 1;
  const keys: Record<string, [number, number]> = { ArrowDown: [1, 0], ArrowUp: [-1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], PageDown: [page, 0], PageUp: [-page, 0] };
  if (keys[e.key]) {
    e.preventDefault();
    move(focusRow + keys[e.key]![0], focusCol + keys[e.key]![1], e.shiftKey);
  } else if (e.key === 'Home' && e.ctrlKey) {
    move(0, focusCol, e.shiftKey);
  } else if (e.key === 'End' && e.ctrlKey) {
    move(Number.MAX_SAFE_INTEGER, focusCol, e.shiftKey);
  } else if (e.key === 'Enter') {
    e.preventDefault();
    showCell();
  } else if (e.key === 'c' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    void copy('tsv');
  }
});
$('copy-tsv').addEventListener('click', () => void copy('tsv'));
$('copy-csv').addEventListener('click', () => void copy('csv'));
$('copy-json').addEventListener('click', () => void copy('json'));
$('copy-md').addEventListener('click', () => void copy('markdown'));

/** The cell viewer: the focused cell's whole value (json pretty-printed), Enter or double-click. */
function showCell(): void {
  const s = current();
  const column = s?.columns?.[focusCol];
  const row = rowAt(focusRow);
  if (!column || !row) {
    return;
  }
  const viewer = $('cell');
  viewer.hidden = false;
  $('cell-title').textContent = `${column.name} (${column.type}), row ${focusRow + 1}`;
  const value = row[focusCol] ?? null;
  const body = $('cell-value');
  body.textContent = cellDetail(column.type, value);
  body.className = value === null ? 'null' : '';
}
grid.addEventListener('dblclick', () => showCell());
$('cell-close').addEventListener('click', () => {
  $('cell').hidden = true;
  grid.focus();
});
$('export').addEventListener('click', () => {
  const s = current();
  if (s?.columns) {
    vscode?.postMessage({ type: 'export', setId: s.id });
  }
});
cancelButton.addEventListener('click', () => vscode?.postMessage({ type: 'cancel' }));

function setStatus(running: boolean, ms: number): void {
  cancelButton.hidden = !running;
  // the time first: a narrow panel cuts the end, and the label is in the panel's title too
  status.textContent = `${running ? 'running' : 'done'} ${(ms / 1000).toFixed(ms < 10_000 ? 3 : 1)} s — ${label}`;
  status.title = status.textContent;
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const m = event.data;
  switch (m.type) {
    case 'show':
      sets = m.sets;
      label = m.label;
      rerun = m.rerun;
      restoredNote.hidden = true;
      closed.clear();
      setStatus(m.running, 0);
      select(Math.max(0, sets.length - 1));
      saveState();
      break;
    case 'append': {
      // a set with the same id replaces its early first page (shown before the count was in)
      const at = sets.findIndex((x) => x.id === m.set.id);
      if (at >= 0) {
        const top = grid.scrollTop;
        sets[at] = m.set;
        select(at);
        grid.scrollTop = top;
      } else {
        sets.push(m.set);
        select(sets.length - 1);
      }
      saveState();
      break;
    }
    case 'progress':
      setStatus(m.running, m.ms);
      break;
    case 'rows':
      if (m.setId === current()?.id && cache) {
        if (m.error) {
          closed.add(m.setId);
          status.textContent = m.error;
        } else {
          cache.put(m.start, m.rows);
        }
        renderGrid();
        for (const w of waiters.splice(0)) {
          w();
        }
      }
      break;
    case 'closed':
      closed.add(m.setId);
      for (const w of waiters.splice(0)) {
        w();
      }
      break;
  }
});

$('rerun').addEventListener('click', () => rerun && vscode?.postMessage({ type: 'rerun', target: rerun }));
// after a window reload: what ran, its tags and counts, never its rows as if they were fresh
const restored = vscode?.getState();
if (restored?.sets.length) {
  label = restored.label;
  rerun = restored.rerun;
  sets = restored.sets.map((x) => ({
    ...x,
    rows: undefined,
    paged: false,
    messages: [...x.messages, ...(x.rowCount !== undefined ? [{ severity: 'INFO', text: `${x.rowCount} rows then; run it again to see them` }] : [])],
    rowCount: 0,
  }));
  restoredNote.hidden = false;
  ($('rerun') as HTMLButtonElement).hidden = rerun === undefined;
  status.textContent = `${label} — before the window reloaded`;
  select(Math.max(0, sets.length - 1));
}

vscode?.postMessage({ type: 'ready' });
