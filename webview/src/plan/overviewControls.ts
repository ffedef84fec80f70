/**
 * The page script's part for the view bar: switching tree / grid / summary, the highlight
 * mode, sorting the grid by a column, and the search box (relation, index, alias or
 * expression text; Enter goes to the next match). Runs in the webview and the standalone page.
 */
import type { Plan } from '../../../shared/src/plan/planTypes';
import { searchText } from '../../../shared/src/plan/planOverview';

export interface OverviewState {
  view: string;
  highlight: string;
}

export function installOverview(plan: Plan, select: (id: number) => void, initial: Partial<OverviewState>, onChange: (s: OverviewState) => void): void {
  const body = document.body;
  const state: OverviewState = { view: initial.view ?? 'tree', highlight: initial.highlight ?? 'none' };
  const highlight = document.getElementById('highlight') as HTMLSelectElement | null;

  const showView = (view: string) => {
    state.view = view;
    body.dataset.view = view;
    for (const tab of document.querySelectorAll<HTMLElement>('.viewbar [role=tab]')) {
      tab.setAttribute('aria-selected', String(tab.dataset.view === view));
    }
    onChange(state);
  };
  const setHighlight = (mode: string) => {
    state.highlight = mode;
    body.dataset.highlight = mode;
    if (highlight && highlight.value !== mode) {
      highlight.value = mode;
    }
    onChange(state);
  };

  document.querySelector('.viewbar [role=tablist]')?.addEventListener('click', (e) => {
    const tab = (e.target as HTMLElement).closest<HTMLElement>('[role=tab]');
    if (tab?.dataset.view) {
      showView(tab.dataset.view);
    }
  });
  highlight?.addEventListener('change', () => setHighlight(highlight.value));

  // grid: sort by a column (numbers by their data-v, text alphabetically), click a row to select
  const grid = document.querySelector<HTMLTableElement>('table.grid');
  grid?.querySelector('thead')?.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-sort]');
    if (!button) {
      return;
    }
    const th = button.closest('th')!;
    const col = Array.from(th.parentElement!.children).indexOf(th);
    const numeric = th.classList.contains('n');
    // numbers sort largest first on the first click, text A→Z
    const dir = button.dataset.dir === (numeric ? 'desc' : 'asc') ? (numeric ? 'asc' : 'desc') : numeric ? 'desc' : 'asc';
    for (const b of grid.querySelectorAll<HTMLElement>('button[data-dir]')) {
      delete b.dataset.dir;
    }
    button.dataset.dir = dir;
    const tbody = grid.tBodies[0]!;
    const key = (tr: HTMLTableRowElement) => (tr.cells[col] as HTMLElement).dataset.v ?? '';
    const rows = Array.from(tbody.rows);
    rows.sort((a, b) => {
      const x = key(a);
      const y = key(b);
      let c: number;
      if (numeric) {
        // rows without a value (never executed, no ANALYZE) go last either way
        if (x === '' || y === '') {
          return x === y ? 0 : x === '' ? 1 : -1;
        }
        c = Number(x) - Number(y);
      } else {
        c = x.localeCompare(y);
      }
      return dir === 'asc' ? c : -c;
    });
    tbody.append(...rows);
  });
  grid?.tBodies[0]?.addEventListener('click', (e) => {
    const tr = (e.target as HTMLElement).closest<HTMLTableRowElement>('tr[data-id]');
    if (tr) {
      select(Number(tr.dataset.id));
    }
  });

  // search: every node whose text matches; Enter moves to the next one
  const input = document.getElementById('search') as HTMLInputElement | null;
  const status = document.getElementById('search-status');
  const texts = plan.nodes.map(searchText);
  let hits: number[] = [];
  let at = -1;
  const mark = () => {
    for (const li of document.querySelectorAll('li.search-hit')) {
      li.classList.remove('search-hit');
    }
    for (const id of hits) {
      document.getElementById(`node-${id}`)?.classList.add('search-hit');
    }
  };
  const go = (i: number) => {
    if (hits.length === 0) {
      return;
    }
    at = (i + hits.length) % hits.length;
    if (state.view === 'summary') {
      showView('tree');
    }
    select(hits[at]!);
    if (status) {
      status.textContent = `${at + 1} of ${hits.length}`;
    }
  };
  input?.addEventListener('input', () => {
    const q = input.value.trim().toLowerCase();
    hits = q === '' ? [] : texts.flatMap((t, id) => (t.includes(q) ? [id] : []));
    at = -1;
    mark();
    if (status) {
      status.textContent = q === '' ? '' : hits.length === 0 ? 'no match' : `${hits.length} match${hits.length === 1 ? '' : 'es'}`;
    }
    if (hits.length > 0) {
      go(0);
      input.focus();
    }
  });
  input?.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      go(at + (e.shiftKey ? -1 : 1));
      e.preventDefault();
    } else if (e.key === 'Escape') {
      input.value = '';
      input.dispatchEvent(new Event('input'));
    }
  });

  showView(state.view);
  setHighlight(state.highlight);
}

/** Marks the grid row of the selected node. */
export function markGridRow(id: number): void {
  for (const tr of document.querySelectorAll('table.grid tr.selected')) {
    tr.classList.remove('selected');
  }
  document.querySelector(`table.grid tr[data-id="${id}"]`)?.classList.add('selected');
}
