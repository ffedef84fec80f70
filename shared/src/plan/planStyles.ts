/**
 * The plan view's CSS, inlined in a nonce'd <style> so the webview and the standalone file
 * are one self-contained document. Colours are VS Code theme variables; the fallbacks are
 * for the standalone file (light, or dark with prefers-color-scheme). Bars are SVG, not
 * style attributes, because a strict CSP blocks inline style attributes.
 */
export const planCss = String.raw`
:root {
  --bg: var(--vscode-editor-background, #ffffff);
  --fg: var(--vscode-editor-foreground, #1f2328);
  --muted: var(--vscode-descriptionForeground, #656d76);
  --border: var(--vscode-panel-border, #d0d7de);
  --card: var(--vscode-sideBar-background, #f6f8fa);
  --hover: var(--vscode-list-hoverBackground, #eaeef2);
  --select: var(--vscode-list-activeSelectionBackground, #0969da);
  --select-fg: var(--vscode-list-activeSelectionForeground, #ffffff);
  --focus: var(--vscode-focusBorder, #0969da);
  --bar: var(--vscode-charts-blue, #3b82f6);
  --bar-bg: var(--vscode-editorWidget-border, #d0d7de);
  --hot: var(--vscode-charts-red, #d1242f);
  --warn: var(--vscode-editorWarning-foreground, #9a6700);
  --info: var(--vscode-editorInfo-foreground, #0969da);
  --par: var(--vscode-charts-purple, #8250df);
  --par-bg: color-mix(in srgb, var(--par) 9%, transparent);
  --leader: var(--vscode-charts-orange, #bc4c00);
  --c0: var(--vscode-charts-blue, #3b82f6);
  --c1: var(--vscode-charts-green, #1a7f37);
  --c2: var(--vscode-charts-orange, #bc4c00);
  --c3: var(--vscode-charts-purple, #8250df);
  --c4: var(--vscode-charts-yellow, #bf8700);
  --c5: var(--vscode-charts-red, #cf222e);
  --mono: var(--vscode-editor-font-family, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
  --font: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", sans-serif);
  --size: var(--vscode-font-size, 13px);
}
@media (prefers-color-scheme: dark) {
  body.standalone {
    --bg: #0d1117; --fg: #e6edf3; --muted: #8d96a0; --border: #30363d; --card: #161b22;
    --hover: #1f2630; --bar-bg: #30363d; --select: #1f6feb;
  }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 0; background: var(--bg); color: var(--fg); font-family: var(--font); font-size: var(--size); }
header.summary { padding: 10px 16px 8px; border-bottom: 1px solid var(--border); position: relative; }
.toolbar { position: absolute; right: 16px; top: 10px; }
body.standalone .toolbar { display: none; }
.toolbar button { font: inherit; color: var(--vscode-button-foreground, #fff); background: var(--vscode-button-background, #0969da); border: 0; border-radius: 2px; padding: 3px 10px; cursor: pointer; }
.toolbar button:hover { background: var(--vscode-button-hoverBackground, #0550ae); }
header h1 { font-size: 1.15em; margin: 0 0 4px; font-weight: 600; }
header .times { color: var(--muted); display: flex; gap: 16px; flex-wrap: wrap; }
header .times b { color: var(--fg); font-weight: 600; }
.chips { display: flex; gap: 6px; flex-wrap: wrap; margin-top: 6px; }
.chip { font-family: var(--mono); font-size: 0.85em; padding: 1px 6px; border-radius: 3px; border: 1px solid var(--border); background: var(--card); }
ul.findings { list-style: none; margin: 8px 0 0; padding: 0; }
ul.findings li { padding: 2px 0 2px 18px; position: relative; cursor: pointer; }
ul.findings li::before { content: "●"; position: absolute; left: 2px; font-size: 0.8em; top: 4px; }
ul.findings li.warning::before { color: var(--warn); }
ul.findings li.info::before { color: var(--info); }
ul.findings li:hover { text-decoration: underline; }
main.layout { display: flex; align-items: flex-start; gap: 0; }
section.tree { flex: 1 1 auto; min-width: 0; padding: 10px 12px 40px; overflow-x: auto; }
aside.detail { flex: 0 0 400px; max-width: 45%; position: sticky; top: 0; max-height: 100vh; overflow: auto; border-left: 1px solid var(--border); padding: 10px 14px 40px; }
@media (max-width: 900px) { main.layout { flex-direction: column; } aside.detail { position: static; max-width: none; width: 100%; border-left: 0; border-top: 1px solid var(--border); } }
ul[role=tree], ul[role=group] { list-style: none; margin: 0; padding: 0; }
ul[role=group] { margin-left: 18px; padding-left: 10px; border-left: 1px dashed var(--border); }
ul[role=group].section { border-left: 4px solid var(--par); background: var(--par-bg); border-radius: 0 4px 4px 0; padding-top: 2px; }
.section-label { color: var(--par); font-weight: 600; font-size: 0.85em; margin: 4px 0 2px 2px; }
li[role=treeitem] { margin: 4px 0; }
li[role=treeitem]:focus { outline: none; }
li[role=treeitem]:focus > .card { outline: 2px solid var(--focus); outline-offset: 1px; }
li[aria-expanded=false] > ul, li[aria-expanded=false] > .section-label { display: none; }
li[aria-selected=true] > .card { border-color: var(--select); box-shadow: 0 0 0 1px var(--select); }
.card { background: var(--card); border: 1px solid var(--border); border-radius: 5px; padding: 5px 8px 6px; cursor: pointer; max-width: 820px; }
.card:hover { background: var(--hover); }
li.hot > .card { border-left: 4px solid var(--hot); }
li.in-section > .card { border-left: 4px solid var(--par); }
li.hot.in-section > .card { border-left-color: var(--hot); }
.title { display: flex; align-items: baseline; gap: 6px; flex-wrap: wrap; }
.twisty { width: 14px; display: inline-block; color: var(--muted); user-select: none; }
li:not(.has-children) .twisty { visibility: hidden; }
li[aria-expanded=false] > .card .twisty { transform: rotate(-90deg); }
.op { font-weight: 600; }
.rel { font-family: var(--mono); font-size: 0.92em; }
.rel .via { color: var(--muted); font-family: var(--font); }
.sub { color: var(--muted); font-style: italic; }
.badge { font-size: 0.78em; padding: 0 5px; border-radius: 8px; border: 1px solid currentColor; white-space: nowrap; }
.badge.par { color: var(--par); }
.badge.hot { color: var(--hot); }
.badge.warn { color: var(--warn); }
.badge.lost { color: var(--hot); font-weight: 600; }
.timing { display: flex; align-items: center; gap: 8px; margin-top: 3px; }
svg.bar { width: 180px; height: 8px; flex: 0 0 auto; }
svg.bar .bg { fill: var(--bar-bg); }
svg.bar .fg { fill: var(--bar); }
li.hot > .card svg.bar .fg { fill: var(--hot); }
.pct { font-weight: 600; min-width: 3.2em; }
.facts { color: var(--muted); margin-top: 2px; display: flex; gap: 12px; flex-wrap: wrap; }
.facts b { color: var(--fg); font-weight: 500; }
svg.procs { height: 16px; vertical-align: middle; }
svg.procs rect { fill: var(--par); }
svg.procs rect.leader { fill: var(--leader); }
svg.procs rect.none { fill: var(--bar-bg); }
.lanes { margin: 8px 0 2px; border: 1px solid var(--par); border-radius: 5px; padding: 6px 8px; background: var(--bg); cursor: default; }
.lanes h3 { margin: 0 0 4px; font-size: 0.9em; color: var(--par); }
.lanes .note { color: var(--muted); font-size: 0.85em; margin-bottom: 4px; }
.lane { display: grid; grid-template-columns: 78px minmax(200px, 1fr) 74px 120px; gap: 8px; align-items: center; padding: 1px 0; }
.lane .who { font-family: var(--mono); font-size: 0.9em; }
.lane.leader .who { color: var(--leader); font-weight: 600; }
.lane.skewed .who::after { content: " ⚠"; color: var(--warn); }
.lane .num { text-align: right; font-variant-numeric: tabular-nums; }
.lane.skewed .num.hi { color: var(--warn); font-weight: 600; }
.lane svg { width: 100%; height: 14px; }
.lane svg .track { fill: none; stroke: var(--bar-bg); stroke-width: 1; }
.lane.absent svg .track { stroke-dasharray: 4 3; }
.lane.absent .who, .lane.absent .num { color: var(--muted); }
.lane .gap { fill: transparent; }
.seg.c0 { fill: var(--c0); } .seg.c1 { fill: var(--c1); } .seg.c2 { fill: var(--c2); }
.seg.c3 { fill: var(--c3); } .seg.c4 { fill: var(--c4); } .seg.c5 { fill: var(--c5); }
.legend { display: flex; flex-wrap: wrap; gap: 10px; font-size: 0.85em; color: var(--muted); margin-top: 4px; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.legend i.c0 { background: var(--c0); } .legend i.c1 { background: var(--c1); } .legend i.c2 { background: var(--c2); }
.legend i.c3 { background: var(--c3); } .legend i.c4 { background: var(--c4); } .legend i.c5 { background: var(--c5); }
.lane-head { display: grid; grid-template-columns: 78px minmax(200px, 1fr) 74px 120px; gap: 8px; color: var(--muted); font-size: 0.8em; }
.lane-head span:nth-child(n+3) { text-align: right; }
aside h2 { font-size: 1.05em; margin: 0 0 6px; }
aside h3 { font-size: 0.92em; margin: 12px 0 4px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
aside table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
aside td, aside th { padding: 2px 6px 2px 0; vertical-align: top; text-align: left; border-bottom: 1px solid color-mix(in srgb, var(--border) 50%, transparent); }
aside th { color: var(--muted); font-weight: normal; white-space: nowrap; }
aside td.n, aside th.n { text-align: right; font-variant-numeric: tabular-nums; }
aside code, aside pre { font-family: var(--mono); font-size: 0.92em; }
aside pre { white-space: pre-wrap; word-break: break-word; background: var(--card); padding: 6px 8px; border-radius: 4px; margin: 0; }
aside mark { background: color-mix(in srgb, var(--warn) 35%, transparent); color: inherit; border-radius: 2px; }
.empty { color: var(--muted); }
.viewbar { display: flex; align-items: center; gap: 14px; flex-wrap: wrap; margin-top: 8px; }
.viewbar [role=tablist] { display: flex; gap: 0; }
.viewbar button[role=tab] { font: inherit; color: var(--fg); background: var(--card); border: 1px solid var(--border); padding: 2px 10px; cursor: pointer; }
.viewbar button[role=tab]:first-child { border-radius: 4px 0 0 4px; }
.viewbar button[role=tab]:last-child { border-radius: 0 4px 4px 0; }
.viewbar button[role=tab][aria-selected=true] { background: var(--select); color: var(--select-fg); border-color: var(--select); }
.viewbar label { color: var(--muted); }
.viewbar select, .viewbar input { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--border); border-radius: 3px; padding: 1px 4px; }
.viewbar input { width: 200px; }
.muted { color: var(--muted); }
section.grid-view, section.summary-view { display: none; flex: 1 1 auto; min-width: 0; padding: 10px 12px 40px; overflow-x: auto; }
body[data-view=grid] section.tree, body[data-view=summary] section.tree { display: none; }
body[data-view=grid] section.grid-view, body[data-view=summary] section.summary-view { display: block; }
table.grid, table.totals { border-collapse: collapse; font-size: 0.92em; }
table.grid th, table.grid td, table.totals th, table.totals td { padding: 2px 8px; border-bottom: 1px solid color-mix(in srgb, var(--border) 60%, transparent); text-align: left; white-space: nowrap; }
table.grid td.n, table.grid th.n, table.totals td.n, table.totals th.n { text-align: right; font-variant-numeric: tabular-nums; }
table.grid th { position: sticky; top: 0; background: var(--bg); }
table.grid th button { font: inherit; color: var(--muted); background: none; border: 0; padding: 0; cursor: pointer; }
table.grid th button[data-dir]::after { content: " ▾"; }
table.grid th button[data-dir=asc]::after { content: " ▴"; }
table.grid tbody tr { cursor: pointer; }
table.grid tbody tr:hover { background: var(--hover); }
table.grid tbody tr.selected { background: color-mix(in srgb, var(--select) 25%, transparent); }
table.grid .indent { color: var(--border); letter-spacing: 2px; }
section.summary-view h2 { font-size: 1em; margin: 14px 0 6px; }
li.search-hit > .card { outline: 2px dashed var(--warn); outline-offset: 1px; }
body[data-highlight=time] li[data-hl-time="1"] > .card, body[data-highlight=buffers] li[data-hl-buffers="1"] > .card, body[data-highlight=rows] li[data-hl-rows="1"] > .card { background: color-mix(in srgb, var(--hl) 15%, var(--card)); }
body[data-highlight=time] li[data-hl-time="2"] > .card, body[data-highlight=buffers] li[data-hl-buffers="2"] > .card, body[data-highlight=rows] li[data-hl-rows="2"] > .card { background: color-mix(in srgb, var(--hl) 30%, var(--card)); }
body[data-highlight=time] li[data-hl-time="3"] > .card, body[data-highlight=buffers] li[data-hl-buffers="3"] > .card, body[data-highlight=rows] li[data-hl-rows="3"] > .card { background: color-mix(in srgb, var(--hl) 45%, var(--card)); }
body[data-highlight=time] li[data-hl-time="4"] > .card, body[data-highlight=buffers] li[data-hl-buffers="4"] > .card, body[data-highlight=rows] li[data-hl-rows="4"] > .card { background: color-mix(in srgb, var(--hl) 62%, var(--card)); }
body[data-highlight=time] { --hl: var(--hot); }
body[data-highlight=buffers] { --hl: var(--c0); }
body[data-highlight=rows] { --hl: var(--warn); }
body[data-highlight]:not([data-highlight=none]) li > .card { transition: background 0.1s; }
.legend .legend-note { color: var(--muted); font-style: italic; }
`;
