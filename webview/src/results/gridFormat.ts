/**
 * Copying rows as text: TSV (as a spreadsheet pastes it), CSV (RFC 4180, as PostgreSQL's COPY …
 * CSV writes it: NULL unquoted and empty, the empty string quoted) and JSON (values as the text
 * PostgreSQL printed, NULL as null). Plain functions, tested without a browser.
 */
import type { ResultCell, ResultColumn } from './resultsMessages';

/** TSV: tabs and newlines inside a value would break the grid, so they are escaped as \t \n \r and backslash as \\ (COPY's text format); NULL as \N. */
export function toTsv(columns: readonly ResultColumn[], rows: readonly ResultCell[][], header = true): string {
  const cell = (v: ResultCell) => (v === null ? '\\N' : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r'));
  const lines = rows.map((r) => r.map(cell).join('\t'));
  return (header ? [columns.map((c) => c.name).join('\t'), ...lines] : lines).join('\n');
}

/** CSV as COPY … (FORMAT csv, HEADER) writes it. */
export function toCsv(columns: readonly ResultColumn[], rows: readonly ResultCell[][], header = true): string {
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const cell = (v: ResultCell) => (v === null ? '' : v === '' || /[",\n\r]/.test(v) || v === '\\.' ? quote(v) : v);
  const lines = rows.map((r) => r.map(cell).join(','));
  return (header ? [columns.map((c) => cell(c.name)).join(','), ...lines] : lines).join('\n');
}

/** JSON: an array of objects keyed by column name (a repeated name gets a suffix _2, _3…). */
export function toJson(columns: readonly ResultColumn[], rows: readonly ResultCell[][]): string {
  const seen = new Map<string, number>();
  const keys = columns.map((c) => {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    return n === 1 ? c.name : `${c.name}_${n}`;
  });
  return JSON.stringify(rows.map((r) => Object.fromEntries(keys.map((k, i) => [k, r[i] ?? null]))), null, 2);
}
