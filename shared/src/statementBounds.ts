/**
 * The statement at the cursor, for the client (Explain, its CodeLens, the Run commands).
 * It does not split: statementSplitter.ts does, by psql's rules, for the server and the
 * client alike; this only trims each span to what a user means by "the statement".
 */
import { splitStatements } from './statementSplitter';

export interface StatementRange {
  /** Offset of the statement's first character (its leading comments included). */
  start: number;
  /** Offset just past its last character (trailing whitespace, meta-command and semicolon excluded). */
  end: number;
  /** The document's text from start to end, as written (psql variables not substituted). */
  text: string;
}

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

/** Whether text[from, to) is only whitespace and comments (no psql meta-command line). */
function onlyComments(text: string, from: number, to: number): boolean {
  let i = from;
  while (i < to) {
    if (isSpace(text[i])) {
      i++;
    } else if (text.startsWith('--', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 || nl > to ? to : nl;
    } else if (text.startsWith('/*', i)) {
      let depth = 1;
      i += 2;
      while (i < to && depth > 0) {
        if (text.startsWith('/*', i)) {
          depth++;
          i += 2;
        } else if (text.startsWith('*/', i)) {
          depth--;
          i += 2;
        } else {
          i++;
        }
      }
    } else {
      return false;
    }
  }
  return true;
}

/** Every statement of `text`, in order. */
export function statementRanges(text: string): StatementRange[] {
  const out: StatementRange[] = [];
  let previousEnd = 0;
  for (const span of splitStatements(text)) {
    // span.text has meta-commands blanked: trim them, the semicolon and the blanks after the code
    let length = span.text.length;
    while (length > 0 && isSpace(span.text[length - 1])) {
      length--;
    }
    if (span.terminated && span.text[length - 1] === ';') {
      length--;
      while (length > 0 && isSpace(span.text[length - 1])) {
        length--;
      }
    }
    let start = span.start;
    let lead = previousEnd;
    while (lead < start && isSpace(text[lead])) {
      lead++;
    }
    if (lead < start && onlyComments(text, lead, start)) {
      start = lead;
    }
    const end = span.start + length;
    out.push({ start, end, text: text.slice(start, end) });
    previousEnd = span.end;
  }
  return out;
}

/**
 * The statement at `offset`: the one containing it, or, when the cursor sits in blank space
 * or comments, the statement ending just before it (the last one typed), else the next one.
 */
export function statementAt(text: string, offset: number): StatementRange | undefined {
  const all = statementRanges(text);
  const containing = all.find((s) => offset >= s.start && offset <= s.end);
  if (containing) {
    return containing;
  }
  const before = all.filter((s) => s.end <= offset).pop();
  if (before && !text.slice(before.end, offset).includes('\n\n')) {
    return before;
  }
  return all.find((s) => s.start >= offset) ?? before;
}
