/**
 * What the results view shows of a statement's outcome, with PostgreSQL's fields written the
 * way psql prints them (`ERROR:  …`, `DETAIL:  …`, `HINT:  …`, `CONTEXT:  …`). No vscode here.
 */
import type { ResultSetView } from '../../../webview/src/results/resultsMessages';
import type { RunError, StatementResult } from './runSession';

/** psql's lines for an error, the SQLSTATE in front as psql's VERBOSITY verbose shows it. */
export function errorLines(e: RunError): string[] {
  const head = e.kind === 'database' || e.kind === 'cancelled' ? `ERROR:  ${e.sqlstate ? `${e.sqlstate}: ` : ''}${e.message}` : e.message;
  return [head, e.detail ? `DETAIL:  ${e.detail}` : '', e.hint ? `HINT:  ${e.hint}` : '', e.where ? `CONTEXT:  ${e.where}` : ''].filter((l) => l !== '');
}

/** The statement's first line of code, for a tab title. */
export function titleOf(sql: string): string {
  const line = sql.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('--')) ?? sql.trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

export function statementView(id: number, r: StatementResult): ResultSetView {
  return {
    id,
    title: titleOf(r.sql),
    tag: r.tag,
    ms: r.ms,
    columns: r.columns?.map((c) => ({ name: c.name, type: c.type })),
    rowCount: r.rowCount,
    rows: r.rows,
    paged: r.cursor !== undefined,
    messages: r.notices.map((n) => ({ severity: n.severity, text: [n.message, n.detail ? `DETAIL:  ${n.detail}` : '', n.hint ? `HINT:  ${n.hint}` : ''].filter(Boolean).join('\n') })),
    error: r.error ? errorLines(r.error) : undefined,
  };
}

/** A meta-command's step (\set, \echo, \c, or one pgsight does not run). */
export function metaView(id: number, text: string, output?: string, error?: string): ResultSetView {
  return {
    id,
    title: text.length > 60 ? `${text.slice(0, 59)}…` : text,
    tag: null,
    ms: 0,
    paged: false,
    messages: output ? [{ severity: 'OUTPUT', text: output }] : [],
    error: error ? [error] : undefined,
  };
}
