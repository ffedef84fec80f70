/**
 * Rows as INSERT statements that reproduce them exactly: each value as a string literal of
 * the text PostgreSQL printed (PostgreSQL reads it back through the column type's input
 * function), quotes doubled, backslashes kept as they are (literal under
 * standard_conforming_strings = on, PostgreSQL's default since 9.1), NULL unquoted. The
 * table and column names come quoted by the server's own quote_ident (the host asks it); a
 * result that is not the plain columns of one table gets the placeholder `<table>`, which does
 * not parse, so it cannot insert anywhere by accident. Plain functions, tested without a browser.
 */
import type { InsertNames, ResultCell, ResultColumn } from './resultsMessages';

export const tablePlaceholder = '<table>';

/** A string literal with standard_conforming_strings on. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** An identifier always in double quotes (when the server's quoting is not at hand). */
export function quoteAlways(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function toInserts(columns: readonly ResultColumn[], rows: readonly ResultCell[][], names?: InsertNames): string {
  const table = names?.table ?? tablePlaceholder;
  const cols = (names?.columns ?? columns.map((c) => quoteAlways(c.name))).join(', ');
  return rows
    .map((r) => `INSERT INTO ${table} (${cols}) VALUES (${columns.map((_, i) => (r[i] === null || r[i] === undefined ? 'NULL' : quoteLiteral(r[i]!))).join(', ')});`)
    .join('\n');
}
