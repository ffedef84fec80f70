/**
 * The overview around the tree: the view bar (tree / grid / summary, highlight mode, search),
 * the grid (one sortable row per node) and the summary (totals per table and per node type).
 * Everything is rendered here as static HTML; the page script sorts, switches and searches.
 */
import type { Plan, PlanNode } from './planTypes';
import { escapeHtml, formatBlocks, formatMs, formatPercent, formatRows } from './planFormat';
import { bufferTotal } from './planBuffers';
import { misestimateText } from './planEstimates';

/** 0..4 per highlight mode, as data attributes on the node's tree item (CSS colours the card). */
export function highlightAttributes(plan: Plan, n: PlanNode, maxOwnBlocks: number, maxOwnMs: number): string {
  const m = n.metrics;
  const level = (ratio: number) => (ratio <= 0.02 ? 0 : Math.min(4, Math.ceil(ratio * 4)));
  const time = plan.analyzed && maxOwnMs > 0 ? level(m.exclusiveMs / maxOwnMs) : 0;
  const blocks = maxOwnBlocks > 0 ? level(bufferTotal(m.ownBuffers) / maxOwnBlocks) : 0;
  const factor = m.misestimate === undefined ? 1 : Math.max(m.misestimate, 1 / m.misestimate);
  const rows = factor >= 1000 ? 4 : factor >= 100 ? 3 : factor >= 10 ? 2 : factor >= 2 ? 1 : 0;
  return ` data-hl-time="${time}" data-hl-buffers="${blocks}" data-hl-rows="${rows}"`;
}

export function maxima(plan: Plan): { ownBlocks: number; ownMs: number } {
  let ownBlocks = 0;
  let ownMs = 0;
  for (const n of plan.nodes) {
    ownBlocks = Math.max(ownBlocks, bufferTotal(n.metrics.ownBuffers));
    ownMs = Math.max(ownMs, n.metrics.exclusiveMs);
  }
  return { ownBlocks, ownMs };
}

export function renderViewbar(plan: Plan): string {
  const tab = (view: string, label: string, on: boolean) =>
    `<button type="button" role="tab" data-view="${view}" aria-selected="${on}">${label}</button>`;
  const options = [
    ['none', 'nothing'],
    ...(plan.analyzed ? [['time', 'own time'], ['rows', 'rows misestimate']] : []),
    ...(plan.nodes.some((n) => n.buffers) ? [['buffers', 'own buffers']] : []),
  ];
  return `<div class="viewbar"><div role="tablist" aria-label="view">${tab('tree', 'Tree', true)}${tab('grid', `Grid (${plan.nodes.length})`, false)}${tab('summary', 'Summary', false)}</div>
<label>Highlight <select id="highlight">${options.map(([v, l]) => `<option value="${v}">${l}</option>`).join('')}</select></label>
<label class="search">Find <input id="search" type="search" placeholder="table, index, filter…" autocomplete="off" spellcheck="false"></label><span id="search-status" class="muted" aria-live="polite"></span></div>`;
}

function nodeTarget(n: PlanNode): string {
  const r = n.relation;
  if (r) {
    return `${r.name}${r.alias && r.alias !== r.name ? ` ${r.alias}` : ''}${n.indexName ? ` (${n.indexName})` : ''}`;
  }
  return n.indexName ?? n.scanTarget ?? '';
}

/** One row per node; each numeric cell carries its sort key in data-v. */
export function renderGrid(plan: Plan): string {
  const num = (v: number | undefined, text: string) => `<td class="n" data-v="${v ?? ''}">${text}</td>`;
  const head = [
    ['#', 'id', 'n'], ['node', 'label', ''], ['on', 'target', ''], ['own time', 'own', 'n'], ['own %', 'share', 'n'], ['total time', 'total', 'n'],
    ['rows', 'rows', 'n'], ['est rows', 'est', 'n'], ['misestimate', 'mis', 'n'], ['loops', 'loops', 'n'], ['own buffers', 'buf', 'n'], ['own read', 'read', 'n'],
  ];
  const rows = plan.nodes
    .map((n) => {
      const m = n.metrics;
      const ob = m.ownBuffers;
      const mis = m.misestimate;
      const misKey = mis === undefined ? undefined : Math.max(mis, 1 / mis);
      const read = ob ? ob.sharedRead + ob.localRead + ob.tempRead : undefined;
      return `<tr data-id="${n.id}">${num(n.id, String(n.id))}<td class="label" data-v="${escapeHtml(n.label)}"><span class="indent">${'·'.repeat(Math.min(n.depth, 30))}</span>${escapeHtml(n.label)}</td><td data-v="${escapeHtml(nodeTarget(n))}">${escapeHtml(nodeTarget(n))}</td>${
        num(plan.analyzed ? m.exclusiveMs : undefined, plan.analyzed ? formatMs(m.exclusiveMs) : '–')}${num(plan.analyzed ? m.exclusiveShare : undefined, plan.analyzed ? formatPercent(m.exclusiveShare) : '–')}${
        num(plan.analyzed ? m.inclusiveMs : undefined, plan.analyzed ? formatMs(m.inclusiveMs) : '–')}${num(n.actual ? m.rowsTotal : undefined, n.actual ? formatRows(m.rowsTotal) : '–')}${
        num(m.estRowsTotal ?? n.planRows, formatRows(Math.round(m.estRowsTotal ?? n.planRows ?? Number.NaN)))}${num(misKey, mis === undefined ? '–' : misestimateText(mis))}${
        num(n.actual?.loops, n.actual ? formatRows(n.actual.loops) : '–')}${num(ob ? bufferTotal(ob) : undefined, ob ? formatBlocks(bufferTotal(ob)) : '–')}${num(read, read === undefined ? '–' : formatBlocks(read))}</tr>`;
    })
    .join('');
  return `<table class="grid"><thead><tr>${head.map(([label, key, cls]) => `<th${cls ? ` class="${cls}"` : ''}><button type="button" data-sort="${key}">${label}</button></th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}

interface Totals {
  count: number;
  ownMs: number;
  rows: number;
  blocks: number;
  read: number;
}

function add(map: Map<string, Totals>, key: string, n: PlanNode): void {
  const t = map.get(key) ?? { count: 0, ownMs: 0, rows: 0, blocks: 0, read: 0 };
  const ob = n.metrics.ownBuffers;
  t.count++;
  t.ownMs += n.metrics.exclusiveMs;
  t.rows += n.metrics.rowsTotal;
  t.blocks += bufferTotal(ob);
  t.read += ob ? ob.sharedRead + ob.localRead + ob.tempRead : 0;
  map.set(key, t);
}

function totalsTable(plan: Plan, title: string, first: string, map: Map<string, Totals>, rowsLabel: string): string {
  const total = plan.root.metrics.inclusiveMs;
  const body = [...map.entries()]
    .sort((a, b) => b[1].ownMs - a[1].ownMs || b[1].blocks - a[1].blocks)
    .map(([k, t]) => `<tr><td>${escapeHtml(k)}</td><td class="n">${t.count}</td><td class="n">${plan.analyzed ? formatMs(t.ownMs) : '–'}</td><td class="n">${plan.analyzed && total > 0 ? formatPercent(t.ownMs / total) : '–'}</td><td class="n">${plan.analyzed ? formatRows(t.rows) : '–'}</td><td class="n">${formatBlocks(t.blocks)}</td><td class="n">${formatBlocks(t.read)}</td></tr>`)
    .join('');
  return `<h2>${title}</h2><table class="totals"><thead><tr><th>${first}</th><th class="n">nodes</th><th class="n">own time</th><th class="n">of query</th><th class="n">${rowsLabel}</th><th class="n">own buffers</th><th class="n">own read</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** Per-table and per-node-type totals of the nodes' own numbers (so they add up to the query). */
export function renderSummaryTables(plan: Plan): string {
  const tables = new Map<string, Totals>();
  const types = new Map<string, Totals>();
  for (const n of plan.nodes) {
    if (n.relation) {
      add(tables, n.relation.schema ? `${n.relation.schema}.${n.relation.name}` : n.relation.name, n);
    }
    add(types, n.label.replace(/^Parallel /, ''), n);
  }
  const note = '<p class="muted">Own numbers: a node\'s time and buffers minus its children\'s, so each row adds only what its nodes did themselves and the columns add up to the whole query.</p>';
  return `${note}${tables.size > 0 ? totalsTable(plan, 'Per table', 'table', tables, 'rows scanned') : '<p class="muted">No node reads a table.</p>'}${totalsTable(plan, 'Per node type', 'node type', types, 'rows')}`;
}

/** Text the search box matches for a node: label, relation, alias, index, CTE/function, and its expressions. */
export function searchText(n: PlanNode): string {
  const props = ['Filter', 'Index Cond', 'Recheck Cond', 'Hash Cond', 'Merge Cond', 'Join Filter', 'Sort Key', 'Group Key', 'Output', 'One-Time Filter']
    .map((k) => n.props[k])
    .filter((v) => v !== undefined)
    .map((v) => (Array.isArray(v) ? v.join(' ') : String(v)));
  return [n.label, n.relation?.schema, n.relation?.name, n.relation?.alias, n.indexName, n.scanTarget, n.subplanName, ...props].filter(Boolean).join('\n').toLowerCase();
}
