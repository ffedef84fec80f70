/**
 * The grid's table for one scroll position: the header (names, types, the sort indicator and
 * aria-sort), a spacer row above and below, and only the rows in view. Each row shows its
 * number in the result, also when the rows are sorted or filtered. DOM code for the webview.
 */
import type { SortDirection } from './rowOrder';
import type { ResultCell, ResultColumn } from './resultsMessages';
import type { ScrollLayout } from './virtualScroll';

export interface TableInput {
  columns: readonly ResultColumn[];
  /** Rows in the grid (after filtering). */
  total: number;
  layout: ScrollLayout;
  rowHeight: number;
  /** The row at grid position i, undefined while its page is on the way. */
  rowAt: (i: number) => ResultCell[] | undefined;
  /** The row's index in the result (grid position i when not sorted or filtered). */
  indexAt: (i: number) => number;
  focusRow: number;
  focusCol: number;
  /** Selected rows [lo, hi] when more than one. */
  lo: number;
  hi: number;
  sort?: { column: number; direction: SortDirection };
}

/** A new element with its text and class. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) {
    e.textContent = text;
  }
  if (cls) {
    e.className = cls;
  }
  return e;
}

function header(t: TableInput): HTMLTableSectionElement {
  const head = el('tr');
  head.append(el('th', '#'));
  t.columns.forEach((c, j) => {
    const dir = t.sort?.column === j ? t.sort.direction : undefined;
    const th = el('th', c.name);
    th.dataset.col = String(j);
    th.className = 'sortable';
    th.setAttribute('aria-sort', dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none');
    th.append(el('span', dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : '', 'sort'), el('span', c.type, 'type'));
    th.title = `${c.name} ${c.type} — click to sort the fetched rows (ascending, descending, as fetched)`;
    head.append(th);
  });
  const thead = el('thead');
  thead.append(head);
  return thead;
}

export function buildTable(t: TableInput): HTMLTableElement {
  const { layout } = t;
  const last = Math.min(t.total, layout.first + layout.count);
  const table = el('table');
  table.setAttribute('aria-rowcount', String(t.total + 1));
  const body = el('tbody');
  const top = el('tr');
  top.style.height = `${layout.top}px`;
  body.append(top);
  for (let i = layout.first; i < last; i++) {
    const tr = el('tr');
    tr.setAttribute('aria-rowindex', String(i + 2));
    if (i % 2 === 1) {
      tr.className = 'odd'; // by grid position, so the stripes do not flicker as the grid scrolls
    }
    tr.setAttribute('aria-selected', String(i >= t.lo && i <= t.hi && t.hi > t.lo));
    tr.append(el('td', String(t.indexAt(i) + 1), 'rownum'));
    const row = t.rowAt(i);
    t.columns.forEach((c, j) => {
      const v = row ? row[j] : undefined;
      const td = el('td', v ?? '', v === undefined ? 'loading' : v === null ? 'null' : v === '' ? 'empty' : undefined);
      if (v === undefined) {
        td.textContent = '…';
      }
      td.dataset.row = String(i);
      td.dataset.col = String(j);
      td.setAttribute('aria-label', `${c.name}: ${v === null ? 'NULL' : v === '' ? 'empty string' : (v ?? 'loading')}`);
      if (i === t.focusRow && j === t.focusCol) {
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
  bottom.style.height = `${Math.max(0, layout.height - layout.top - (last - layout.first) * t.rowHeight)}px`;
  body.append(bottom);
  table.append(header(t), body);
  return table;
}
