/**
 * Problems printed the way psql prints a server error when it runs a file (`psql -f`):
 *
 *   psql:FILE:LINE: ERROR:  message
 *   LINE n: the query line holding the error cursor
 *                ^
 *   DETAIL:  …
 *   HINT:  …
 *
 * Facts this follows (psql 15–18, libpq's error position display): FILE:LINE is the line of
 * the file where the statement ended (its `;`); psql sends the statement without the
 * whitespace and `--` comments before it, but with a leading block comment; `LINE n` counts
 * lines in what was sent (a lone \r, a lone \n or \r\n end a line); tabs show as one space;
 * a line wider than 60 columns is cut to 60 around the cursor with `...` marking each cut,
 * keeping the cursor at least 10 columns from a right cut when the line is cut on the left.
 */
import type { Problem } from '../analysis/problems';
import type { ParsedDocument, ParsedStatement } from '../parser';

const displaySize = 60;
const minRightCut = 10;

/** Screen columns of one code point, as libpq counts them for UTF-8 (zero-width counts as 1). */
function width(cp: number): number {
  const wide =
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe6f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 2 : 1;
}

/** The `LINE n: …` and caret lines for a 0-based code point position in `query`. */
export function errorPositionLines(query: string, loc: number): string[] {
  const chars = Array.from(query);
  if (loc < 0 || loc > chars.length) {
    return [];
  }
  const scr: number[] = [];
  let col = 0;
  let line = 1;
  let ibeg = 0;
  let iend = -1;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    scr[i] = col;
    if (ch === '\t') {
      chars[i] = ' ';
    } else if (ch === '\r' || ch === '\n') {
      if (i < loc) {
        if (ch === '\r' || i === 0 || chars[i - 1] !== '\r') {
          line++;
        }
        ibeg = i + 1;
      } else {
        iend = i;
        break;
      }
    }
    col += width(ch.codePointAt(0)!);
  }
  if (iend < 0) {
    iend = chars.length;
    scr[iend] = col;
  }
  let begTrunc = false;
  let endTrunc = false;
  if (scr[iend]! - scr[ibeg]! > displaySize) {
    if (scr[ibeg]! + displaySize >= scr[loc]! + minRightCut) {
      while (scr[iend]! - scr[ibeg]! > displaySize) {
        iend--;
      }
      endTrunc = true;
    } else {
      while (scr[loc]! + minRightCut < scr[iend]!) {
        iend--;
        endTrunc = true;
      }
      while (scr[iend]! - scr[ibeg]! > displaySize) {
        ibeg++;
        begTrunc = true;
      }
    }
  }
  const prefix = `LINE ${line}: ${begTrunc ? '...' : ''}`;
  const text = chars.slice(ibeg, iend).join('');
  const caretAt = prefix.length + scr[loc]! - scr[ibeg]!;
  return [`${prefix}${text}${endTrunc ? '...' : ''}`, `${' '.repeat(caretAt)}^`];
}

/** Where psql's query text for `statement` starts: a leading block comment is sent, `--` comments are not. */
function queryStart(text: string, from: number, statement: ParsedStatement): number {
  let i = from;
  for (;;) {
    while (i < statement.span.start && /\s/.test(text[i]!)) {
      i++;
    }
    if (text.startsWith('--', i) && i < statement.span.start) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? statement.span.start : nl + 1;
      continue;
    }
    break;
  }
  return text.startsWith('/*', i) ? i : statement.span.start;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
    }
  }
  return line;
}

export interface PsqlReport {
  /** psql:FILE:LINE */
  line: number;
  /** the statement as psql sends it */
  query: string;
  /** 0-based code point position of the error cursor in `query` */
  position: number;
}

/** Where psql would report `problem` (which lies in `statement`), and what it would send. */
export function psqlReport(doc: ParsedDocument, statement: ParsedStatement, problem: Problem): PsqlReport {
  const index = doc.statements.indexOf(statement);
  const previousEnd = index > 0 ? doc.statements[index - 1]!.span.end : 0;
  const start = queryStart(doc.text, previousEnd, statement);
  const query = doc.text.slice(start, statement.span.end);
  const position = Array.from(doc.text.slice(start, Math.max(start, problem.start))).length;
  return { line: lineOf(doc.text, Math.max(statement.span.start, statement.span.end - 1)), query, position };
}

/** The lines psql prints for one problem. */
export function formatPsql(file: string, report: PsqlReport, problem: Problem): string[] {
  return [
    `psql:${file}:${report.line}: ${problem.severity === 'warning' ? 'WARNING' : 'ERROR'}:  ${problem.message}`,
    ...errorPositionLines(report.query, report.position),
    ...(problem.detail ? [`DETAIL:  ${problem.detail}`] : []),
    ...(problem.hint ? [`HINT:  ${problem.hint}`] : []),
  ];
}
