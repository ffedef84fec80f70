/**
 * Messages between the results webview and the extension host, one discriminated union per
 * direction, and the plain shapes the view shows. Both sides import this file.
 */

export type ResultCell = string | null;

export interface ResultColumn {
  name: string;
  /** format_type of the column's type, as the server prints it. */
  type: string;
}

/** Table and columns for copying rows as INSERT statements, quoted by the server's quote_ident. */
export interface InsertNames {
  /** The source table (regclass text) when every column is a plain column of one table, else null. */
  table: string | null;
  columns: string[];
}

/** A server message line (NOTICE, WARNING, INFO…) or pgsight's own (meta-command output). */
export interface ResultMessage {
  severity: string;
  text: string;
}

/** One statement's outcome: a tab. */
export interface ResultSetView {
  id: number;
  /** The statement's first line. */
  title: string;
  /** The command tag as psql prints it, or null (error, not run). */
  tag: string | null;
  ms: number;
  columns?: ResultColumn[];
  /** Where copied INSERT statements go, once the host has told (absent: asked on the first INSERT copy). */
  insert?: InsertNames;
  /** Total rows, when the statement returned rows. */
  rowCount?: number;
  /** The first rows (all of them for a result that is not paged). */
  rows?: ResultCell[][];
  /** More rows can be asked for (page requests) while the result's cursor is open. */
  paged: boolean;
  messages: ResultMessage[];
  /** PostgreSQL's error, each field on its own line (ERROR:, DETAIL:, HINT:, CONTEXT:). */
  error?: string[];
}

/** How to run again what the view shows (after a window reload the rows are gone). */
export interface RerunTarget {
  command: 'pgsight.run.statement' | 'pgsight.run.file';
  uri: string;
  /** Document offset of the statement (Run Statement). */
  offset?: number;
}

/** What the webview keeps with setState: the sets' metadata, never their rows. */
export interface ResultsViewState {
  label: string;
  sets: ResultSetView[];
  rerun?: RerunTarget;
}

export type HostToWebview =
  /** Replace the view's content: the result sets of a run (Run Statement: one; Run File: one per step). */
  | { type: 'show'; sets: ResultSetView[]; running: boolean; label: string; rerun?: RerunTarget }
  /** One more result set of a running script (one with an id already shown replaces it). */
  | { type: 'append'; set: ResultSetView }
  /** The run ended (or is still running, with the elapsed time). */
  | { type: 'progress'; running: boolean; ms: number }
  /** Rows [start, start + rows.length) of a paged result; `error` when the result was closed. */
  | { type: 'rows'; setId: number; start: number; rows: ResultCell[][]; error?: string }
  /** The result's cursor closed (the next statement ran): no more pages. */
  | { type: 'closed'; setId: number }
  /** The answer to insertNames: undefined when the server could not be asked (the names are then double-quoted, the table a placeholder). */
  | { type: 'insertNames'; setId: number; names?: InsertNames };

export type WebviewToHost =
  | { type: 'ready' }
  /** Rows the grid needs to show. */
  | { type: 'rows'; setId: number; start: number; count: number }
  /** Text for the clipboard (the view builds it from the selected rows). */
  | { type: 'copy'; text: string; what: string }
  | { type: 'cancel' }
  /** Table and quoted column names for copying rows as INSERT statements. */
  | { type: 'insertNames'; setId: number }
  /** Export the whole result to a file (streamed again from the server). */
  | { type: 'export'; setId: number }
  /** Run again what the view showed before a window reload. */
  | { type: 'rerun'; target: RerunTarget };
