/**
 * The results page: a strict CSP (scripts only with the nonce, styles with the nonce, no
 * network), colours from the VS Code theme, and the script from dist/webview/results.js. The
 * content arrives by message once the script is ready.
 */
export interface ResultsPageOptions {
  nonce: string;
  cspSource: string;
  scriptUri: string;
}

const css = `
:root { --bg: var(--vscode-editor-background, #fff); --fg: var(--vscode-editor-foreground, #1f2328);
  --muted: var(--vscode-descriptionForeground, #656d76); --border: var(--vscode-panel-border, #d0d7de);
  --sel: var(--vscode-list-activeSelectionBackground, #cce5ff); --selfg: var(--vscode-list-activeSelectionForeground, inherit);
  --err: var(--vscode-errorForeground, #c00); --warn: var(--vscode-editorWarning-foreground, #b58900);
  --head: var(--vscode-sideBar-background, #f6f8fa); --row: 22px; }
[hidden] { display: none !important; }
body { margin: 0; background: var(--bg); color: var(--fg); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size, 13px); }
#bar { display: flex; gap: 8px; align-items: center; padding: 4px 8px; border-bottom: 1px solid var(--border); }
#bar .status { color: var(--muted); margin-left: auto; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
button { white-space: nowrap; flex: none; background: var(--vscode-button-secondaryBackground, #eee); color: var(--vscode-button-secondaryForeground, inherit); border: 1px solid var(--border); padding: 2px 8px; cursor: pointer; }
#filter { flex: 0 1 14em; min-width: 6em; background: var(--vscode-input-background, #fff); color: var(--vscode-input-foreground, inherit); border: 1px solid var(--vscode-input-border, var(--border)); padding: 2px 4px; }
#order-note { padding: 3px 8px; border-bottom: 1px solid var(--border); color: var(--muted); }
#grid th.sortable { cursor: pointer; }
#grid th .sort { color: var(--fg); }
#restored { padding: 6px 8px; border-bottom: 1px solid var(--border); color: var(--warn); }
#cell { position: fixed; right: 0; bottom: 0; width: 50%; max-height: 60vh; overflow: auto; background: var(--head); border: 1px solid var(--border); padding: 6px 8px; }
#cell pre { font-family: var(--vscode-editor-font-family, monospace); white-space: pre-wrap; }
#cell pre.null { color: var(--muted); font-style: italic; }
#tabs { display: flex; flex-wrap: wrap; border-bottom: 1px solid var(--border); }
#tabs [role=tab] { padding: 4px 10px; border: none; border-right: 1px solid var(--border); background: transparent; }
#tabs [role=tab][aria-selected=true] { background: var(--head); font-weight: 600; }
#tabs [role=tab].failed { color: var(--err); }
#messages { padding: 4px 8px; font-family: var(--vscode-editor-font-family, monospace); white-space: pre-wrap; }
#messages .ERROR, #messages .FATAL, #messages .PANIC { color: var(--err); }
#messages .WARNING { color: var(--warn); }
#grid { position: relative; overflow: auto; height: calc(100vh - 120px); font-family: var(--vscode-editor-font-family, monospace); outline: none; }
#grid table { border-collapse: separate; border-spacing: 0; position: absolute; top: 0; left: 0; }
#grid th { position: sticky; top: 0; background: var(--head); text-align: left; font-weight: 600; z-index: 1; }
#grid th .type { display: block; font-weight: normal; color: var(--muted); font-size: 90%; }
#grid td, #grid th { box-sizing: border-box; border: 0 solid var(--border); border-width: 0 1px 1px 0; padding: 0 6px; height: var(--row); line-height: calc(var(--row) - 2px); white-space: pre; max-width: 40em; overflow: hidden; text-overflow: ellipsis; }
#grid th { line-height: 16px; padding: 2px 6px; }
#grid tr.odd td { background: var(--vscode-tree-tableOddRowsBackground, rgba(127, 127, 127, 0.06)); }
#grid td.rownum { color: var(--muted); text-align: right; }
#grid td.null { color: var(--muted); font-style: italic; }
#grid td.null::before { content: 'NULL'; }
#grid tr td.empty { background: repeating-linear-gradient(45deg, transparent, transparent 3px, var(--border) 3px, var(--border) 4px); }
#grid td.loading { color: var(--muted); }
#grid tr[aria-selected=true] td, #grid tr td[aria-selected=true] { background: var(--sel); color: var(--selfg); }
`;

export function renderResultsDocument(o: ResultsPageOptions): string {
  const csp = [`default-src 'none'`, `style-src 'nonce-${o.nonce}'`, `script-src 'nonce-${o.nonce}'`, `img-src ${o.cspSource} data:`].join('; ');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pgsight — results</title>
<style nonce="${o.nonce}">${css}</style>
</head><body>
<div id="bar" role="toolbar" aria-label="Results">
  <button id="copy-tsv" title="Copy the selected rows (or the cell) as TSV — Ctrl+C">Copy TSV</button>
  <button id="copy-csv" title="Copy the selected rows as CSV">Copy CSV</button>
  <button id="copy-json" title="Copy the selected rows as JSON">Copy JSON</button>
  <button id="copy-md" title="Copy the selected rows as a Markdown table">Copy Markdown</button>
  <button id="copy-insert" title="Copy the selected rows as INSERT statements">Copy INSERT</button>
  <button id="export" title="Export the whole result to a CSV or JSON file, read again from the server">Export…</button>
  <input id="filter" type="search" placeholder="Filter fetched rows" aria-label="Filter the fetched rows (any cell containing the text)">
  <button id="cancel" hidden>Cancel</button>
  <span class="status" id="status" role="status" aria-live="polite"></span>
</div>
<div id="restored" role="status" hidden>These results are from before the window reloaded; their rows are not kept. <button id="rerun">Run Again</button></div>
<div id="order-note" role="status" hidden></div>
<div id="tabs" role="tablist" aria-label="Result sets"></div>
<div id="messages" aria-label="Server messages"></div>
<div id="grid" tabindex="0" role="grid" aria-label="Rows"></div>
<div id="cell" role="dialog" aria-label="Cell value" hidden><div><strong id="cell-title"></strong> <button id="cell-close">Close</button></div><pre id="cell-value"></pre></div>
<script nonce="${o.nonce}" src="${o.scriptUri}"></script>
</body></html>`;
}
