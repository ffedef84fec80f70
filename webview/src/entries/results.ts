/**
 * The results page's script, bundled to dist/webview/results.js: result sets as tabs, server
 * messages, and a virtualized grid (only the rows in view are in the DOM; rows of a paged
 * result are asked of the host page by page and kept in a bounded cache). NULL shows as a
 * muted NULL, the empty string as a hatched empty cell. Arrow keys move the selection,
 * Shift extends it, Ctrl+C copies it as TSV. A header click sorts the rows the view holds and
 * the filter box filters them (never the rows not fetched: the note under the toolbar says so).
 */
import { cellDetail, toCsv, toJson, toMarkdown, toTsv } from '../results/gridFormat';
import { buildTable, el } from '../results/gridTable';
import { toInserts } from '../results/insertStatements';
import { PageCache } from '../results/pageCache';
import { filterRows, sortRows, type IndexedRow, type SortDirection } from '../results/rowOrder';
import { layoutRows, scrollTopFor } from '../results/virtualScroll';
import type { HostToWebview, InsertNames, RerunTarget, ResultCell, ResultSetView, ResultsViewState, WebviewToHost } from '../results/resultsMessages';

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
const filterBox = $('filter') as HTMLInputElement;
const orderNote = $('order-note');

let sets: ResultSetView[] = [];
let active = 0;
let cache: PageCache | undefined;
let anchor = 0;
let focusRow = 0;
let focusCol = 0;
let label = '';
let rerun: RerunTarget | undefined;
/** Height of the grid's sticky header (names and types), measured after each render. */
let headerHeight = 40;
/** The sort of the current set's fetched rows, if any. */
let sort: { column: number; direction: SortDirection } | undefined;
/** The fetched rows sorted and/or filtered, in grid order; undefined: the result as it came. */
let derived: IndexedRow[] | undefined;

/** Keeps the sets' metadata (never rows) for the serializer. */
function saveState(): void {
  vscode?.setState({ label, rerun, sets: sets.map((x) => ({ ...x, rows: undefined, paged: false })) });
}
const closed = new Set<number>();
const waiters: (() => void)[] = [];

function current(): ResultSetView | undefined {
  return sets[active];
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
  sort = undefined;
  derived = undefined;
  filterBox.value = '';
  orderNote.hidden = true;
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
  return derived ? derived[i]?.row : cache?.row(i);
}

function totalRows(): number {
  const s = current();
  return derived ? derived.length : (s?.rowCount ?? s?.rows?.length ?? 0);
}

function requestRows(from: number, to: number): void {
  const s = current();
  if (!s || !cache || !s.paged || closed.has(s.id) || derived) {
    return;
  }
  for (const page of cache.missing(from, Math.min(to, s.rowCount ?? 0))) {
    vscode?.postMessage({ type: 'rows', setId: s.id, start: page * cache.pageSize, count: cache.pageSize });
  }
}

/** Sorts and filters the rows the view holds now (rows fetched later are not added until the sort or filter changes). */
function reorder(): void {
  const s = current();
  const needle = filterBox.value;
  if (!s?.columns || !cache || (!sort && needle === '')) {
    derived = undefined;
    orderNote.hidden = true;
  } else {
    const held = cache.loaded();
    let rows = filterRows(held, needle);
    if (sort) {
      rows = sortRows(rows, sort.column, s.columns[sort.column]!.type, sort.direction);
    }
    derived = rows;
    const total = s.rowCount ?? held.length;
    const what = [
      sort ? `sorted by ${s.columns[sort.column]!.name} ${sort.direction === 'asc' ? 'ascending' : 'descending'}` : '',
      needle ? `filtered by “${needle}”` : '',
    ]
      .filter(Boolean)
      .join(', ');
    orderNote.textContent =
      held.length < total
        ? `${rows.length} rows ${what}, of the ${held.length} fetched rows only (the result has ${total}): for all of them, add ORDER BY or WHERE to the statement and run it again.`
        : `${rows.length} of ${total} rows ${what} (in the view; the server's order is unchanged).`;
    orderNote.hidden = false;
  }
  anchor = focusRow = 0;
  grid.scrollTop = 0;
  renderGrid();
}

/** A header click: ascending, descending, then the order the rows came in. */
function cycleSort(column: number): void {
  sort = sort?.column !== column ? { column, direction: 'asc' } : sort.direction === 'asc' ? { column, direction: 'desc' } : undefined;
  reorder();
}

function renderGrid(): void {
  const s = current();
  if (!s?.columns) {
    grid.replaceChildren();
    return;
  }
  const total = totalRows();
  const layout = layoutRows(total, rowHeight, grid.scrollTop, rowViewport());
  requestRows(layout.first, layout.first + layout.count);
  const [lo, hi] = [Math.min(anchor, focusRow), Math.max(anchor, focusRow)];
  grid.replaceChildren(
    buildTable({
      columns: s.columns,
      total,
      layout,
      rowHeight,
      rowAt,
      indexAt: (i) => (derived ? (derived[i]?.index ?? i) : i),
      focusRow,
      focusCol,
      lo,
      hi,
      sort,
    }),
  );
  headerHeight = grid.querySelector('thead')?.getBoundingClientRect().height ?? headerHeight;
}

/** The grid's height below its sticky header: where rows show. */
function rowViewport(): number {
  return Math.max(rowHeight, grid.clientHeight - headerHeight);
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

async function copy(format: 'tsv' | 'csv' | 'json' | 'markdown' | 'insert'): Promise<void> {
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
  const text =
    format === 'tsv'
      ? toTsv(s.columns, rows)
      : format === 'csv'
        ? toCsv(s.columns, rows)
        : format === 'json'
          ? toJson(s.columns, rows)
          : format === 'insert'
            ? toInserts(s.columns, rows, await insertNames(s))
            : toMarkdown(s.columns, rows);
  vscode?.postMessage({ type: 'copy', text, what: `${rows.length} rows as ${format === 'insert' ? 'INSERT statements' : format.toUpperCase()}` });
}

const namesWaiters = new Map<number, (names: InsertNames | undefined) => void>();

/** The table and quoted names for INSERT copies: asked of the host once per set (it asks the server). */
async function insertNames(s: ResultSetView): Promise<InsertNames | undefined> {
  if (!s.insert && vscode) {
    const answer = new Promise<InsertNames | undefined>((resolve) => namesWaiters.set(s.id, resolve));
    vscode.postMessage({ type: 'insertNames', setId: s.id });
    s.insert = await Promise.race([answer, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5_000))]);
  }
  return s.insert;
}

function move(row: number, col: number, extend: boolean): void {
  const s = current();
  const total = totalRows();
  focusRow = Math.max(0, Math.min(total - 1, row));
  focusCol = Math.max(0, Math.min((s?.columns?.length ?? 1) - 1, col));
  if (!extend) {
    anchor = focusRow;
  }
  const viewport = rowViewport();
  const at = layoutRows(total, rowHeight, grid.scrollTop, viewport, 0);
  const firstInView = at.first + Math.max(0, Math.ceil((grid.scrollTop - at.top) / rowHeight - 0.01));
  const rowsInView = Math.max(1, Math.floor(viewport / rowHeight));
  if (focusRow < firstInView) {
    grid.scrollTop = scrollTopFor(focusRow, total, rowHeight, viewport);
  } else if (focusRow >= firstInView + rowsInView) {
    grid.scrollTop = scrollTopFor(focusRow - rowsInView + 1, total, rowHeight, viewport);
  }
  renderGrid();
}

grid.addEventListener('scroll', () => renderGrid());
grid.addEventListener('click', (e) => {
  const th = (e.target as HTMLElement).closest('th');
  if (th?.dataset.col) {
    cycleSort(Number(th.dataset.col));
    return;
  }
  const td = (e.target as HTMLElement).closest('td');
  if (td?.dataset.row) {
    move(Number(td.dataset.row), Number(td.dataset.col), e.shiftKey);
  }
});
grid.addEventListener('keydown', (e) => {
  const page = Math.floor(grid.clientHeight / rowHeight) - 1;
  const keys: Record<string, [number, number]> = {
    ArrowDown: [1, 0],
    ArrowUp: [-1, 0],
    ArrowLeft: [0, -1],
    ArrowRight: [0, 1],
    PageDown: [page, 0],
    PageUp: [-page, 0],
  };
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
  } else if (e.key === 's' && !e.ctrlKey && !e.metaKey && !e.altKey) {
    e.preventDefault();
    const col = focusCol;
    cycleSort(col);
    focusCol = col;
  } else if (e.key === 'c' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    void copy('tsv');
  }
});
// VS Code's own Copy (its keybinding, the Edit menu) reaches the page as a copy event
document.addEventListener('copy', (e) => {
  if (document.activeElement === grid) {
    e.preventDefault();
    void copy('tsv');
  }
});
$('copy-tsv').addEventListener('click', () => void copy('tsv'));
$('copy-csv').addEventListener('click', () => void copy('csv'));
$('copy-json').addEventListener('click', () => void copy('json'));
$('copy-md').addEventListener('click', () => void copy('markdown'));
$('copy-insert').addEventListener('click', () => void copy('insert'));
filterBox.addEventListener('input', () => reorder());

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
    case 'insertNames':
      namesWaiters.get(m.setId)?.(m.names);
      namesWaiters.delete(m.setId);
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
