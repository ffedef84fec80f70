/**
 * The detail panel for one node: every number pgsight derives, every field PostgreSQL
 * printed, the per-process table for parallel nodes, and the query text with the node's
 * relation highlighted. Rendered by the host for the first paint and by the webview script
 * on selection, from the same function.
 */
import type { Buffers, Plan, PlanNode } from './planTypes';
import { escapeHtml, formatBlocks, formatMs, formatPercent, formatRows } from './planFormat';
import { isGather, parallelChild, processTotals } from './planTiming';
import { estimateBasis } from './planFindings';
import { jitLine, readJit, withUnit } from './planUnits';
import { misestimateText } from './planEstimates';

function row(label: string, value: string, numeric = false): string {
  return `<tr><th>${escapeHtml(label)}</th><td${numeric ? ' class="n"' : ''}>${value}</td></tr>`;
}

function valueHtml(v: unknown, key = ''): string {
  const unit = withUnit(key, v);
  if (unit !== undefined) {
    return escapeHtml(unit);
  }
  if (Array.isArray(v)) {
    return v.every((x) => typeof x !== 'object') ? `<code>${escapeHtml(v.join(', '))}</code>` : `<pre>${escapeHtml(JSON.stringify(v, null, 1))}</pre>`;
  }
  if (v !== null && typeof v === 'object') {
    // nested facts (Serialization, JIT, Planning…): the non-zero ones, one per line
    const parts = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== 0 && x !== false && x !== null)
      .map(([k, x]) => `${escapeHtml(k)}: ${typeof x === 'object' ? escapeHtml(JSON.stringify(x)) : escapeHtml(withUnit(k, x) ?? String(x))}`);
    return parts.length > 0 ? parts.join('<br>') : '–';
  }
  return typeof v === 'string' && /[()=<>]/.test(v) ? `<code>${escapeHtml(v)}</code>` : escapeHtml(String(v));
}

function buffersText(b: Buffers | undefined): string {
  if (!b) {
    return '–';
  }
  const parts: string[] = [];
  const add = (label: string, blocks: number) => {
    if (blocks > 0) {
      parts.push(`${label} ${formatRows(blocks)} (${formatBlocks(blocks)})`);
    }
  };
  add('shared hit', b.sharedHit);
  add('shared read', b.sharedRead);
  add('shared dirtied', b.sharedDirtied);
  add('shared written', b.sharedWritten);
  add('local hit', b.localHit);
  add('local read', b.localRead);
  add('local dirtied', b.localDirtied);
  add('local written', b.localWritten);
  add('temp read', b.tempRead);
  add('temp written', b.tempWritten);
  return parts.length > 0 ? parts.join('<br>') : 'none';
}

function processTable(node: PlanNode): string {
  const totals = processTotals(node);
  if (totals.length === 0) {
    return '';
  }
  const byWorker = new Map(node.workers.map((w) => [w.worker, w]));
  const sumRows = totals.reduce((s, p) => s + p.rows, 0);
  const shared = (b: Buffers | undefined) => (b ? b.sharedHit + b.sharedRead : 0);
  const leaderBlocks = node.buffers ? Math.max(0, shared(node.buffers) - node.workers.reduce((s, w) => s + shared(w.buffers), 0)) : undefined;
  const body = totals
    .map((p) => {
      const w = p.worker === null ? undefined : byWorker.get(p.worker);
      const b = w?.buffers;
      const jit = w ? readJit(w.fields.JIT as Record<string, unknown> | undefined) : undefined;
      const extra = w
        ? [
            ...Object.entries(w.fields).filter(([k]) => /Sort|Memory|Batches|Disk/.test(k)).map(([k, v]) => `${k}: ${withUnit(k, v) ?? String(v)}`),
            ...(jit ? [`JIT: ${jitLine(jit)}`] : []),
          ].join(', ')
        : '';
      const blocks = p.worker === null ? leaderBlocks : b ? b.sharedHit + b.sharedRead : 0;
      return `<tr><th>${p.worker === null ? 'leader*' : `worker ${p.worker}`}</th><td class="n">${formatRows(p.rows)}</td><td class="n">${sumRows > 0 ? formatPercent(p.rows / sumRows) : '–'}</td><td class="n">${p.loops}</td><td class="n">${formatMs(p.timeMs)}</td><td class="n">${blocks === undefined ? '–' : formatRows(blocks)}</td><td>${escapeHtml(extra)}</td></tr>`;
    })
    .join('');
  return `<h3>Per process</h3><table><tr><th></th><th class="n">rows</th><th class="n">share</th><th class="n">loops</th><th class="n">time</th><th class="n">blocks</th><th></th></tr>${body}</table>
<div class="empty">* the leader's numbers are the node's totals minus the workers' (PostgreSQL prints no leader line).</div>`;
}

/** Query text with the node's relation (name or alias) marked. */
export function highlightQuery(sql: string, node: PlanNode | undefined): string {
  const names = [node?.relation?.name, node?.relation?.alias, node?.scanTarget, node?.indexName].filter((n): n is string => !!n);
  if (names.length === 0) {
    return escapeHtml(sql);
  }
  const pattern = new RegExp(`(?<![\\w$"])(${[...new Set(names)].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\w$"])`, 'gi');
  let out = '';
  let last = 0;
  for (const m of sql.matchAll(pattern)) {
    out += `${escapeHtml(sql.slice(last, m.index))}<mark>${escapeHtml(m[0])}</mark>`;
    last = m.index! + m[0].length;
  }
  return out + escapeHtml(sql.slice(last));
}

export function renderNodeDetail(plan: Plan, node: PlanNode, sql?: string): string {
  const m = node.metrics;
  const a = node.actual;
  const rel = node.relation ? `${node.relation.schema ? `${node.relation.schema}.` : ''}${node.relation.name}${node.relation.alias && node.relation.alias !== node.relation.name ? ` ${node.relation.alias}` : ''}` : node.scanTarget;
  let html = `<h2>${escapeHtml(node.label)}${rel ? ` <span class="rel">${escapeHtml(rel)}</span>` : ''}</h2>`;
  if (node.subplanName) {
    html += `<div class="sub">${escapeHtml(node.subplanName)}</div>`;
  }
  const rows: string[] = [];
  if (a) {
    rows.push(row('own time', `${formatMs(m.exclusiveMs)} (${formatPercent(m.exclusiveShare)} of the query)`, true));
    rows.push(row('total time', formatMs(m.inclusiveMs), true));
    if (m.processes > 1) {
      rows.push(row('processes', `${m.processes} (time above = summed time ÷ ${m.processes}; summed: ${formatMs(m.workMs)})`, true));
    }
    rows.push(row('per loop', `${formatMs(a.startupMs)} to first row, ${formatMs(a.totalMs)} to last`, true));
    rows.push(row('rows', `${formatRows(m.rowsTotal)} total; ${formatRows(a.rows)} per loop`, true));
    rows.push(row('loops', String(a.loops), true));
    if (a.loops === 0) {
      rows.push(row('executed', 'never'));
    }
  }
  if (node.planRows !== undefined) {
    const mis = m.misestimate;
    const off = mis !== undefined && (mis >= 2 || mis <= 0.5) ? ` — ${misestimateText(mis)}estimated` : '';
    rows.push(row('estimated rows', a ? `${escapeHtml(estimateBasis(node))}${off}` : `${formatRows(node.planRows)} per ${m.parallelDivisor !== undefined ? 'process' : 'loop'}`, true));
    if (m.parallelDivisor !== undefined) {
      const ran = isGather(node) ? parallelChild(node)?.metrics.processes : a?.loops;
      rows.push(row('parallel divisor', `${m.parallelDivisor.toFixed(1)}: the processes the planner counted (workers + the leader's 1 − 0.3 × workers)${ran !== undefined && a ? `; ${ran} ran` : ''}`, true));
    }
    if (a && a.loops > 0 && mis === undefined) {
      rows.push(row('compared', 'no: a Limit above stopped this node early, its estimate is for a full run'));
    }
  }
  if (node.costTotal !== undefined) {
    rows.push(row('cost', `${node.costStartup ?? 0}..${node.costTotal} (width ${node.planWidth ?? '?'})`, true));
  }
  if (node.workersPlanned !== undefined) {
    rows.push(row('workers', `${node.workersPlanned} planned, ${node.workersLaunched ?? '?'} launched`));
  }
  if (node.buffers || m.ownBuffers) {
    rows.push(row('own buffers', buffersText(m.ownBuffers)));
    rows.push(row('buffers incl. children', buffersText(node.buffers)));
  }
  if (node.io) {
    // "sharedRead" → "shared read"; zero timings say nothing
    const io = Object.entries(node.io).filter(([, v]) => v > 0).map(([k, v]) => `${k.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)} ${formatMs(v)}`);
    rows.push(row('I/O time', io.length > 0 ? io.join(', ') : 'none'));
  }
  html += `<table>${rows.join('')}</table>`;
  if ((node.nodeType === 'Gather' || node.nodeType === 'Gather Merge') && a) {
    html += `<div class="empty">A ${escapeHtml(node.nodeType)}'s own time is the leader's wall clock minus the average process's time in the parallel section: starting the workers, waiting for them and receiving their rows.</div>`;
  }
  html += processTable(node);
  // flags that are false and WAL counters that are zero say nothing
  const props = Object.entries(node.props).filter(([k, v]) => (!['Parallel Aware', 'Async Capable', 'Disabled', 'Single Copy'].includes(k) || v === true) && !(k.startsWith('WAL ') && v === 0));
  if (props.length > 0) {
    html += `<h3>Fields</h3><table>${props.map(([k, v]) => row(k, valueHtml(v, k))).join('')}</table>`;
  }
  const query = sql ?? plan.queryText;
  if (query) {
    html += `<h3>Query</h3><pre class="query">${highlightQuery(query, node)}</pre>`;
  }
  return html;
}

/** Plan-wide facts: times, settings changed from defaults, JIT, triggers. */
export function renderPlanFacts(plan: Plan): string {
  const rows: string[] = [];
  if (plan.planningMs !== undefined) {
    rows.push(row('planning', formatMs(plan.planningMs), true));
  }
  if (plan.executionMs !== undefined) {
    rows.push(row('execution', formatMs(plan.executionMs), true));
  }
  for (const t of plan.triggers) {
    rows.push(row(`trigger ${t.name}`, `${formatMs(t.timeMs)}, ${t.calls ?? '?'} calls`));
  }
  const jit = readJit(plan.jit);
  if (jit) {
    const parallel = plan.gathers.some((g) => g.launched > 0);
    rows.push(row('JIT', `${escapeHtml(jitLine(jit))}${parallel ? ' <span class="via">(summed over the leader and the workers)</span>' : ''}`));
    if (jit.options.length > 0) {
      rows.push(row('JIT options', escapeHtml(jit.options.join(', '))));
    }
  }
  for (const [k, v] of Object.entries(plan.extra)) {
    rows.push(row(k, valueHtml(v, k)));
  }
  const settings = Object.entries(plan.settings);
  const settingsHtml = settings.length > 0
    ? `<h3>Settings changed from defaults</h3><table>${settings.map(([k, v]) => row(k, `<code>${escapeHtml(v)}</code>`)).join('')}</table>`
    : plan.settingsRecorded
      ? '<h3>Settings</h3><div class="empty">None of the settings EXPLAIN (SETTINGS) records was changed from its default.</div>'
      : '<h3>Settings</h3><div class="empty">Not recorded in this plan: EXPLAIN (SETTINGS) lists the settings changed from their defaults (pgsight\'s own EXPLAIN always adds it).</div>';
  return `<h3>Plan</h3><table>${rows.join('')}</table>${settingsHtml}`;
}
