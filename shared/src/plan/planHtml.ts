/**
 * Renders a plan as one HTML document: summary and findings, the tree of collapsible node
 * cards with a lane view under each Gather, and the detail panel. The webview and the
 * standalone file (`node dist/plan.js`) use this same function; only the script tag and the
 * CSP source differ. Everything is escaped; the CSP allows nothing but the nonce'd style and
 * script (and, in the webview, files from dist/webview).
 */
import type { Plan, PlanNode } from './planTypes';
import { escapeHtml, formatMs, formatPercent, formatRows } from './planFormat';
import { planCss } from './planStyles';
import { renderLanes } from './laneView';
import { renderNodeDetail, renderPlanFacts } from './nodeDetail';
import { isGather, parallelChild, processTotals } from './planTiming';
import { misestimateText } from './planEstimates';
import { jitLine, readJit } from './planUnits';
import { buffersLine } from './planBuffers';
import { highlightAttributes, maxima, renderGrid, renderSummaryTables, renderViewbar } from './planOverview';

export interface PlanDocumentOptions {
  nonce: string;
  /** The webview's `cspSource`; omitted for the standalone file. */
  cspSource?: string;
  /** Webview: URI of dist/webview/plan.js. */
  scriptUri?: string;
  /** Standalone: the script itself, inlined so the file needs nothing else. */
  inlineScript?: string;
  title?: string;
  /** The plan as the user gave it: the script rebuilds the model from it, the serializer keeps it. */
  source: string;
  /** The statement that was explained, when known (shown with the node's relation marked). */
  sql?: string;
  /** Node selected at first paint; the hottest node when omitted. */
  selected?: number;
}

/** Data handed to the webview script in a non-executed JSON script tag. */
export interface PlanPageData {
  source: string;
  sql?: string;
  title?: string;
  selected: number;
  standalone: boolean;
}

function relationText(n: PlanNode): string {
  const r = n.relation;
  if (n.indexName && r) {
    return `<span class="via">using</span> ${escapeHtml(n.indexName)} <span class="via">on</span> ${escapeHtml(r.schema ? `${r.schema}.${r.name}` : r.name)}${r.alias && r.alias !== r.name ? ` ${escapeHtml(r.alias)}` : ''}`;
  }
  if (r) {
    return `<span class="via">on</span> ${escapeHtml(r.schema ? `${r.schema}.${r.name}` : r.name)}${r.alias && r.alias !== r.name ? ` ${escapeHtml(r.alias)}` : ''}`;
  }
  if (n.indexName) {
    return `<span class="via">on</span> ${escapeHtml(n.indexName)}`;
  }
  return n.scanTarget ? `<span class="via">on</span> ${escapeHtml(n.scanTarget)}` : '';
}

function badges(plan: Plan, n: PlanNode): string {
  const out: string[] = [];
  if (isGather(n) && n.workersPlanned !== undefined) {
    const launched = n.workersLaunched;
    if (launched !== undefined && launched < n.workersPlanned) {
      out.push(`<span class="badge lost" title="workers planned but not launched">${launched} of ${n.workersPlanned} workers launched</span>`);
    } else {
      out.push(`<span class="badge par">${launched ?? n.workersPlanned} worker${(launched ?? n.workersPlanned) === 1 ? '' : 's'}${launched === undefined ? ' planned' : ''}</span>`);
    }
  } else if (n.metrics.gatherId !== null) {
    out.push(`<span class="badge par" title="runs in ${n.metrics.processes} processes at once">∥ ×${n.metrics.processes}</span>`);
  }
  if (n.metrics.hot && plan.analyzed) {
    out.push('<span class="badge hot">hot</span>');
  }
  const mis = n.metrics.misestimate;
  if (mis !== undefined && (mis >= 10 || mis <= 0.1) && (n.actual?.loops ?? 0) > 0) {
    out.push(`<span class="badge warn" title="actual vs estimated rows, totals against totals">rows ${misestimateText(mis)}</span>`);
  }
  const spilled = n.props['Sort Space Type'] === 'Disk' || (typeof n.props['Hash Batches'] === 'number' && n.props['Hash Batches'] > 1) || (typeof n.props['HashAgg Batches'] === 'number' && n.props['HashAgg Batches'] > 1);
  if (spilled) {
    out.push('<span class="badge warn">disk</span>');
  }
  if (n.actual && n.actual.loops === 0) {
    out.push('<span class="badge">never executed</span>');
  }
  if (n.props.Disabled === true) {
    // PG 18: the planner used a node type that an enable_* setting disabled
    out.push('<span class="badge warn" title="chosen although an enable_* setting disables it">disabled</span>');
  }
  return out.join(' ');
}

/** Tiny per-process bars (leader first): who produced this node's rows. */
function processStrip(n: PlanNode): string {
  const totals = processTotals(n);
  if (totals.length < 2) {
    return '';
  }
  const max = Math.max(...totals.map((p) => p.rows), 1);
  const bars = totals
    .map((p, i) => {
      const h = p.loops === 0 ? 2 : Math.max(2, Math.round((p.rows / max) * 14));
      return `<rect class="${p.worker === null ? 'leader' : ''}${p.loops === 0 ? ' none' : ''}" x="${i * 7}" y="${16 - h}" width="5" height="${h}"><title>${p.worker === null ? 'leader' : `worker ${p.worker}`}: ${formatRows(p.rows)} rows</title></rect>`;
    })
    .join('');
  return `<span title="rows per process (leader first)"><svg class="procs" width="${totals.length * 7}" viewBox="0 0 ${totals.length * 7} 16" aria-hidden="true">${bars}</svg></span>`;
}

function card(plan: Plan, n: PlanNode): string {
  const m = n.metrics;
  const timing = plan.analyzed
    ? `<div class="timing"><svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true"><rect class="bg" width="100" height="8" rx="2"/><rect class="fg" width="${(Math.min(1, m.exclusiveShare) * 100).toFixed(2)}" height="8" rx="2"/></svg><span class="pct">${formatPercent(m.exclusiveShare)}</span><span>${formatMs(m.exclusiveMs)} own · ${formatMs(m.inclusiveMs)} total</span></div>`
    : '';
  const facts: string[] = [];
  if (n.actual) {
    facts.push(`rows <b>${formatRows(m.rowsTotal)}</b>${m.estRowsTotal !== undefined ? ` (est ${formatRows(Math.round(m.estRowsTotal))})` : ''}`);
    facts.push(`loops <b>${n.actual.loops}</b>`);
  } else if (n.planRows !== undefined) {
    facts.push(`est rows <b>${formatRows(n.planRows)}</b>`);
  }
  if (n.costTotal !== undefined && !plan.analyzed) {
    facts.push(`cost <b>${n.costTotal}</b>`);
  }
  if (m.ownBuffers && n.buffers) {
    // own blocks only: the inclusive count (every ancestor repeats it) is in the detail panel
    facts.push(`<span title="blocks this node touched itself (its count minus its children's)">own buffers ${buffersLine(m.ownBuffers)}</span>`);
  }
  const strip = processStrip(n);
  if (strip) {
    facts.push(strip);
  }
  const sub = n.subplanName ? `<span class="sub">${escapeHtml(n.subplanName)}</span>` : '';
  const facts0 = n.workersPlanned !== undefined ? plan.gathers.find((g) => g.nodeId === n.id) : undefined;
  return `<div class="card"><div class="title"><span class="twisty">▾</span>${sub}<span class="op">${escapeHtml(n.label)}</span><span class="rel">${relationText(n)}</span>${badges(plan, n)}</div>${timing}<div class="facts">${facts.map((f) => `<span>${f}</span>`).join('')}</div>${facts0 ? renderLanes(plan, facts0) : ''}</div>`;
}

interface RenderContext {
  selected: number;
  max: { ownBlocks: number; ownMs: number };
}

function renderNode(plan: Plan, n: PlanNode, ctx: RenderContext): string {
  const selected = ctx.selected;
  const cls = [n.metrics.hot && plan.analyzed ? 'hot' : '', n.metrics.gatherId !== null ? 'in-section' : '', n.children.length > 0 ? 'has-children' : ''].filter(Boolean).join(' ');
  const expanded = n.children.length > 0 ? ` aria-expanded="true"` : '';
  let html = `<li role="treeitem" id="node-${n.id}" data-id="${n.id}" class="${cls}" aria-level="${n.depth + 1}" aria-selected="${n.id === selected}" tabindex="${n.id === selected ? 0 : -1}"${expanded}${highlightAttributes(plan, n, ctx.max.ownBlocks, ctx.max.ownMs)}>${card(plan, n)}`;
  if (n.children.length > 0) {
    const pchild = isGather(n) ? parallelChild(n) : undefined;
    const others = n.children.filter((c) => c !== pchild);
    if (pchild) {
      // the parallel section gets its own group so its rail shows where the workers' copies start
      const p = pchild.metrics.processes;
      html += `<div class="section-label">∥ parallel section — every node below runs in ${p > 1 ? `${p} processes at once` : 'one process'}</div><ul role="group" class="section">${renderNode(plan, pchild, ctx)}</ul>`;
    }
    if (others.length > 0) {
      html += `<ul role="group">${others.map((c) => renderNode(plan, c, ctx)).join('')}</ul>`;
    }
  }
  return `${html}</li>`;
}

function summary(plan: Plan, title: string): string {
  const times: string[] = [];
  if (plan.executionMs !== undefined) {
    times.push(`execution <b>${formatMs(plan.executionMs)}</b>`);
  } else if (plan.analyzed) {
    times.push(`root node <b>${formatMs(plan.root.metrics.inclusiveMs)}</b>`);
  }
  if (plan.planningMs !== undefined) {
    times.push(`planning <b>${formatMs(plan.planningMs)}</b>`);
  }
  const jit = readJit(plan.jit);
  if (jit?.totalMs !== undefined) {
    times.push(`<span title="${escapeHtml(jitLine(jit))}">JIT <b>${formatMs(jit.totalMs)}</b></span>`);
  }
  times.push(`<span>${plan.nodes.length} nodes</span>`);
  if (plan.gathers.length > 0) {
    const planned = plan.gathers.reduce((s, g) => s + g.planned, 0);
    const launched = plan.gathers.reduce((s, g) => s + g.launched, 0);
    times.push(`parallel: <b>${plan.gathers.length}</b> gather${plan.gathers.length === 1 ? '' : 's'}, <b>${launched}</b> of ${planned} workers launched`);
  }
  if (!plan.analyzed) {
    times.push('<span>estimates only (no ANALYZE)</span>');
  }
  const settings = Object.entries(plan.settings).map(([k, v]) => `<span class="chip" title="changed from its default">${escapeHtml(k)} = ${escapeHtml(v)}</span>`);
  const findings = plan.findings
    .filter((f) => f.kind !== 'hot')
    .map((f) => `<li class="${f.severity}"${f.nodeId !== null ? ` data-node="${f.nodeId}"` : ''}>${escapeHtml(f.message)}</li>`);
  const toolbar = '<div class="toolbar"><button type="button" data-action="exportHtml" title="Save this view as one HTML file with no network resources">Export as HTML…</button></div>';
  return `<header class="summary">${toolbar}<h1>${escapeHtml(title)}</h1><div class="times">${times.join('')}</div>${settings.length > 0 ? `<div class="chips">${settings.join('')}</div>` : ''}${findings.length > 0 ? `<ul class="findings">${findings.join('')}</ul>` : ''}${renderViewbar(plan)}</header>`;
}

function defaultSelection(plan: Plan): number {
  return plan.nodes.reduce((best, n) => (n.metrics.exclusiveMs > best.metrics.exclusiveMs ? n : best), plan.root).id;
}

/** The body: summary, tree and detail panel. */
function renderPlanBody(plan: Plan, title: string, selected: number, sql: string | undefined): string {
  const ctx: RenderContext = { selected, max: maxima(plan) };
  return `${summary(plan, title)}<main class="layout"><section class="tree" aria-label="plan tree"><ul role="tree" aria-label="plan">${renderNode(plan, plan.root, ctx)}</ul></section><section class="grid-view" aria-label="all nodes">${renderGrid(plan)}</section><section class="summary-view" aria-label="totals">${renderSummaryTables(plan)}</section><aside class="detail" id="detail" aria-live="polite">${renderNodeDetail(plan, plan.nodes[selected]!, sql)}${renderPlanFacts(plan)}</aside></main>`;
}

/** A complete document. With `inlineScript` it is standalone: no file or network access at all. */
export function renderPlanDocument(plan: Plan, o: PlanDocumentOptions): string {
  const selected = o.selected !== undefined && plan.nodes[o.selected] ? o.selected : defaultSelection(plan);
  const standalone = o.cspSource === undefined;
  const csp = [
    "default-src 'none'",
    `style-src 'nonce-${o.nonce}'${o.cspSource ? ` ${o.cspSource}` : ''}`,
    `script-src 'nonce-${o.nonce}'${o.cspSource && o.scriptUri ? ` ${o.cspSource}` : ''}`,
    `img-src data:${o.cspSource ? ` ${o.cspSource}` : ''}`,
  ].join('; ');
  const data: PlanPageData = { source: o.source, sql: o.sql, title: o.title, selected, standalone };
  // "<" escaped so the plan text can never close the script element
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const script = o.inlineScript !== undefined
    ? `<script nonce="${o.nonce}">${o.inlineScript.replace(/<\/script/gi, '<\\/script')}</script>`
    : o.scriptUri
      ? `<script nonce="${o.nonce}" src="${escapeHtml(o.scriptUri)}"></script>`
      : '';
  const title = o.title ?? plan.queryText?.split('\n')[0] ?? 'Query plan';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`pgsight — ${title}`)}</title>
<style nonce="${o.nonce}">${planCss}</style>
</head><body class="${standalone ? 'standalone' : 'webview'}">
${renderPlanBody(plan, title, selected, o.sql)}
<script type="application/json" id="pgsight-plan-data">${json}</script>
${script}
</body></html>
`;
}
