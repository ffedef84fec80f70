/**
 * Messages between the plan webview and the extension host, as one discriminated union per
 * direction. Both sides import this file; neither spells a message type of its own.
 */

/** What the webview keeps with `setState`, so the serializer can rebuild the panel after reload. */
export interface PlanViewState {
  source: string;
  sql?: string;
  title?: string;
  selected: number;
  collapsed: number[];
  /** tree, grid or summary. */
  view?: string;
  /** The highlight mode: none, time, buffers or rows. */
  highlight?: string;
}

export type WebviewToHost =
  /** The script has started and wired the page. */
  | { type: 'ready'; nodes: number; gathers: number }
  /** The user selected a node (mouse, keyboard or a finding). */
  | { type: 'select'; nodeId: number; label: string }
  /** The user asked for the standalone HTML file (toolbar button). */
  | { type: 'exportHtml' };

export type HostToWebview =
  /** Select a node, as if the user had clicked it (tests, "reveal hottest node"). */
  | { type: 'select'; nodeId: number };
