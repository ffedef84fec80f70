/**
 * The plan page's script, bundled to dist/webview/plan.js. The page is fully rendered by the
 * host (planHtml.ts); this adds selection, collapsing, keyboard navigation (tree pattern with
 * a roving tabindex) and the detail panel, and in VS Code keeps the state for the serializer.
 * It rebuilds the model from the embedded plan text with the same parser the host used.
 */
import { parsePlan } from '../../../shared/src/plan/planParse';
import { renderNodeDetail, renderPlanFacts } from '../../../shared/src/plan/nodeDetail';
import type { PlanPageData } from '../../../shared/src/plan/planHtml';
import type { HostToWebview, PlanViewState, WebviewToHost } from '../../../shared/src/plan/planMessages';
import { installOverview, markGridRow, type OverviewState } from '../plan/overviewControls';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): PlanViewState | undefined;
  setState(state: PlanViewState): void;
}
declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

const vscode: VsCodeApi | undefined = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
const data = JSON.parse(document.getElementById('pgsight-plan-data')?.textContent ?? '{}') as PlanPageData;
const plan = parsePlan(data.source);
const detail = document.getElementById('detail')!;
const items = (): HTMLElement[] => Array.from(document.querySelectorAll<HTMLElement>('li[role=treeitem]'));
const itemFor = (id: number) => document.getElementById(`node-${id}`);
let selected = data.selected;
let overview: Partial<OverviewState> = {};

function visible(li: HTMLElement): boolean {
  for (let p = li.parentElement?.closest<HTMLElement>('li[role=treeitem]'); p; p = p.parentElement?.closest<HTMLElement>('li[role=treeitem]')) {
    if (p.getAttribute('aria-expanded') === 'false') {
      return false;
    }
  }
  return true;
}

function saveState(): void {
  const collapsed = items().filter((li) => li.getAttribute('aria-expanded') === 'false').map((li) => Number(li.dataset.id));
  vscode?.setState({ source: data.source, sql: data.sql, title: data.title, selected, collapsed, view: overview.view, highlight: overview.highlight });
}

function expandAncestors(li: HTMLElement): void {
  for (let p = li.parentElement?.closest<HTMLElement>('li[role=treeitem]'); p; p = p.parentElement?.closest<HTMLElement>('li[role=treeitem]')) {
    p.setAttribute('aria-expanded', 'true');
  }
}

function select(id: number, focus: boolean): void {
  const li = itemFor(id);
  const node = plan.nodes[id];
  if (!li || !node) {
    return;
  }
  for (const other of document.querySelectorAll<HTMLElement>('li[aria-selected=true]')) {
    other.setAttribute('aria-selected', 'false');
    other.tabIndex = -1;
  }
  expandAncestors(li);
  li.setAttribute('aria-selected', 'true');
  li.tabIndex = 0;
  selected = id;
  markGridRow(id);
  detail.innerHTML = renderNodeDetail(plan, node, data.sql) + renderPlanFacts(plan);
  if (focus && document.body.dataset.view === 'grid') {
    document.querySelector(`table.grid tr[data-id="${id}"]`)?.scrollIntoView({ block: 'nearest' });
  } else if (focus) {
    li.focus({ preventScroll: true });
    li.querySelector('.card')?.scrollIntoView({ block: 'nearest' });
  }
  saveState();
  vscode?.postMessage({ type: 'select', nodeId: id, label: node.label });
}

function toggle(li: HTMLElement, expand?: boolean): void {
  if (!li.hasAttribute('aria-expanded')) {
    return;
  }
  const open = expand ?? li.getAttribute('aria-expanded') === 'false';
  li.setAttribute('aria-expanded', String(open));
  saveState();
}

document.addEventListener('click', (e) => {
  const target = e.target as HTMLElement;
  if (target.closest('[data-action=exportHtml]')) {
    vscode?.postMessage({ type: 'exportHtml' });
    return;
  }
  const finding = target.closest<HTMLElement>('ul.findings li[data-node]');
  if (finding) {
    select(Number(finding.dataset.node), true);
    return;
  }
  if (target.closest('.lanes')) {
    return; // the lane view is read-only; clicks there should not fold the Gather
  }
  const li = target.closest<HTMLElement>('li[role=treeitem]');
  if (!li || !target.closest('.card')) {
    return;
  }
  if (target.closest('.twisty')) {
    toggle(li);
  }
  select(Number(li.dataset.id), true);
});

document.addEventListener('dblclick', (e) => {
  const li = (e.target as HTMLElement).closest<HTMLElement>('li[role=treeitem]');
  if (li && !(e.target as HTMLElement).closest('.lanes')) {
    toggle(li);
  }
});

document.addEventListener('keydown', (e) => {
  const li = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('li[role=treeitem]');
  if (!li) {
    return;
  }
  const list = items().filter(visible);
  const i = list.indexOf(li);
  const go = (next: HTMLElement | undefined) => {
    if (next) {
      select(Number(next.dataset.id), true);
    }
  };
  switch (e.key) {
    case 'ArrowDown':
      go(list[i + 1]);
      break;
    case 'ArrowUp':
      go(list[i - 1]);
      break;
    case 'Home':
      go(list[0]);
      break;
    case 'End':
      go(list[list.length - 1]);
      break;
    case 'ArrowRight':
      if (li.getAttribute('aria-expanded') === 'false') {
        toggle(li, true);
      } else {
        go(li.querySelector<HTMLElement>('li[role=treeitem]') ?? undefined);
      }
      break;
    case 'ArrowLeft':
      if (li.getAttribute('aria-expanded') === 'true') {
        toggle(li, false);
      } else {
        go(li.parentElement?.closest<HTMLElement>('li[role=treeitem]') ?? undefined);
      }
      break;
    case 'Enter':
    case ' ':
      toggle(li);
      break;
    default:
      return;
  }
  e.preventDefault();
});

window.addEventListener('message', (e: MessageEvent<HostToWebview>) => {
  if (e.data?.type === 'select') {
    select(e.data.nodeId, true);
  }
});

const restored = vscode?.getState();
if (restored && restored.source === data.source) {
  for (const id of restored.collapsed) {
    itemFor(id)?.setAttribute('aria-expanded', 'false');
  }
  selected = restored.selected;
  overview = { view: restored.view, highlight: restored.highlight };
}
installOverview(plan, (id) => select(id, true), overview, (s) => {
  overview = { ...s };
  saveState();
});
select(selected, false);
document.body.dataset.ready = 'true';
vscode?.postMessage({ type: 'ready', nodes: plan.nodes.length, gathers: plan.gathers.length });
