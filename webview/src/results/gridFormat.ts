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

/** A Markdown table: pipes and backslashes escaped, newlines as <br>, NULL as *NULL*. */
export function toMarkdown(columns: readonly ResultColumn[], rows: readonly ResultCell[][]): string {
  const cell = (v: string) => v.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(columns.map((c) => cell(c.name))), line(columns.map(() => '---')), ...rows.map((r) => line(r.map((v) => (v === null ? '*NULL*' : cell(v)))))].join('\n');
}

/**
 * JSON re-indented from its text, never parsed into JavaScript values: numbers keep every
 * digit PostgreSQL printed (JSON.parse would round 12345678901234567890), keys keep their order.
 */
export function indentJson(text: string): string {
  let out = '';
  let depth = 0;
  const newline = () => `\n${'  '.repeat(depth)}`;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        j += text[j] === '\\' ? 2 : 1;
      }
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '{' || c === '[') {
      let k = i + 1;
      while (k < text.length && /\s/.test(text[k]!)) {
        k++;
      }
      if (text[k] === (c === '{' ? '}' : ']')) {
        out += c + text[k];
        i = k;
      } else {
        depth++;
        out += c + newline();
      }
    } else if (c === '}' || c === ']') {
      depth = Math.max(0, depth - 1);
      out += newline() + c;
    } else if (c === ',') {
      out += ',' + newline();
    } else if (c === ':') {
      out += ': ';
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}

/** What the cell viewer shows: json and jsonb re-indented, anything else as PostgreSQL printed it. */
export function cellDetail(type: string, value: ResultCell): string {
  if (value === null) {
    return 'NULL';
  }
  return type === 'json' || type === 'jsonb' ? indentJson(value) : value;
}
