/**
 * Where each SQL statement of a document starts and ends, by psql's rules: a semicolon ends
 * a statement unless it is inside quotes ('…', E'…', "…", $tag$…$tag$), a comment (--, nested
 * /* *\/), parentheses, or a BEGIN ATOMIC … END function body; a psql backslash command ends
 * the statement before it and runs to the end of its line. The client uses it to find the
 * statement at the cursor (it may not import the server's splitter).
 */

export interface StatementRange {
  /** Offset of the statement's first character (leading whitespace skipped). */
  start: number;
  /** Offset just past its last character (trailing whitespace and the semicolon excluded). */
  end: number;
  text: string;
}

const identChar = /[A-Za-z0-9_$\u0080-\uffff]/;

function isWordAt(text: string, i: number, word: string): boolean {
  return (
    text.slice(i, i + word.length).toLowerCase() === word &&
    (i === 0 || !identChar.test(text[i - 1]!)) &&
    (i + word.length >= text.length || !identChar.test(text[i + word.length]!))
  );
}

/** Index just past the block comment opening at `i` (they nest); `to` or beyond when it is still open. */
function endOfBlockComment(text: string, i: number, to: number): number {
  let depth = 1;
  let j = i + 2;
  while (j < to && depth > 0) {
    if (text[j] === '/' && text[j + 1] === '*') {
      depth++;
      j += 2;
    } else if (text[j] === '*' && text[j + 1] === '/') {
      depth--;
      j += 2;
    } else {
      j++;
    }
  }
  return j;
}

/** Whether a segment holds anything but whitespace and comments. */
function hasCode(text: string, from: number, to: number): boolean {
  let i = from;
  while (i < to) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && text[i + 1] === '-') {
      while (i < to && text[i] !== '\n') {
        i++;
      }
    } else if (c === '/' && text[i + 1] === '*') {
      i = endOfBlockComment(text, i, to);
    } else {
      return true;
    }
  }
  return false;
}

/** Every statement of `text`, in order. */
export function statementRanges(text: string): StatementRange[] {
  const out: StatementRange[] = [];
  let segStart = 0;
  let parens = 0;
  let atomic = 0;
  const finish = (end: number) => {
    let s = segStart;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) {
      s++;
    }
    while (e > s && /\s/.test(text[e - 1]!)) {
      e--;
    }
    if (hasCode(text, s, e)) {
      out.push({ start: s, end: e, text: text.slice(s, e) });
    }
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '-' && next === '-') {
      while (i < text.length && text[i] !== '\n') {
        i++;
      }
    } else if (c === '/' && next === '*') {
      i = endOfBlockComment(text, i, text.length);
    } else if (c === "'") {
      // E'…' strings take backslash escapes; standard strings only double the quote
      const escapes = i > 0 && /[eE]/.test(text[i - 1]!) && (i < 2 || !identChar.test(text[i - 2]!));
      i++;
      while (i < text.length) {
        if (escapes && text[i] === '\\') {
          i += 2;
        } else if (text[i] === "'" && text[i + 1] === "'") {
          i += 2;
        } else if (text[i] === "'") {
          break;
        } else {
          i++;
        }
      }
      i++;
    } else if (c === '"') {
      i = text.indexOf('"', i + 1);
      while (i >= 0 && text[i + 1] === '"') {
        i = text.indexOf('"', i + 2);
      }
      i = i < 0 ? text.length : i + 1;
    } else if (c === '$' && (i === 0 || !identChar.test(text[i - 1]!))) {
      const tag = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 64));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? text.length : close + tag[0].length;
      } else {
        i++;
      }
    } else if (c === '(') {
      parens++;
      i++;
    } else if (c === ')') {
      parens = Math.max(0, parens - 1);
      i++;
    } else if (c === '\\' && parens === 0 && atomic === 0) {
      // a psql meta-command: ends the statement, and its arguments run to the end of the line
      finish(i);
      while (i < text.length && text[i] !== '\n') {
        i++;
      }
      segStart = i;
    } else if (c === ';' && parens === 0 && atomic === 0) {
      finish(i);
      i++;
      segStart = i;
    } else if (/[A-Za-z]/.test(c) && (i === 0 || !identChar.test(text[i - 1]!))) {
      if (isWordAt(text, i, 'begin') && /^\s+atomic\b/i.test(text.slice(i + 5, i + 20))) {
        atomic++;
      } else if (atomic > 0 && isWordAt(text, i, 'case')) {
        atomic++;
      } else if (atomic > 0 && isWordAt(text, i, 'end')) {
        atomic--;
      }
      while (i < text.length && identChar.test(text[i]!)) {
        i++;
      }
    } else {
      i++;
    }
  }
  finish(text.length);
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
