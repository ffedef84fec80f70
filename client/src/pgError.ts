/**
 * A PostgreSQL error as the user sees it, in one place: SQLSTATE, message, DETAIL, HINT and
 * CONTEXT, never dropped. `showError` (log.ts) puts it in a notification, the tree in an
 * error node, EXPLAIN in a diagnostic. No vscode here.
 */

/** The fields of an error PostgreSQL sent (node-postgres names: code, detail, hint, where). */
export interface PgErrorInfo {
  sqlstate: string | null;
  severity: string | null;
  message: string;
  detail: string | null;
  hint: string | null;
  /** CONTEXT: where in a function or trigger it happened. */
  where: string | null;
}

export function pgErrorInfo(err: unknown): PgErrorInfo {
  const e = (err ?? {}) as { code?: unknown; severity?: unknown; message?: unknown; detail?: unknown; hint?: unknown; where?: unknown };
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const code = str(e.code);
  return {
    sqlstate: code !== null && /^[0-9A-Z]{5}$/.test(code) ? code : null,
    severity: str(e.severity),
    message: str(e.message) ?? String(err),
    detail: str(e.detail),
    hint: str(e.hint),
    where: str(e.where),
  };
}

/** One entry per part: `42703: message`, `DETAIL: …`, `HINT: …`, `CONTEXT: …` (a diagnostic shows them as lines). */
export function pgErrorParts(info: PgErrorInfo): string[] {
  return [
    info.sqlstate ? `${info.sqlstate}: ${info.message}` : info.message,
    info.detail ? `DETAIL: ${info.detail}` : '',
    info.hint ? `HINT: ${info.hint}` : '',
    info.where ? `CONTEXT: ${info.where}` : '',
  ].filter(Boolean);
}

/** The parts on one line, for a notification. */
export function pgErrorLine(info: PgErrorInfo): string {
  return pgErrorParts(info).join(' — ');
}

/** One line per part, psql-style: `ERROR:  55006: message`, `DETAIL:  …`, `HINT:  …`, `CONTEXT:  …`. */
export function formatPgError(info: PgErrorInfo): string {
  const head = info.sqlstate ? `${info.severity ?? 'ERROR'}:  ${info.sqlstate}: ${info.message}` : info.message;
  return [head, info.detail ? `DETAIL:  ${info.detail}` : null, info.hint ? `HINT:  ${info.hint}` : null, info.where ? `CONTEXT:  ${info.where}` : null]
    .filter((l) => l !== null)
    .join('\n');
}
