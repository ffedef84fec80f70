/**
 * Splits a document into statements the way psql does (src/bin/psql/psqlscan.l): a `;`
 * ends a statement only outside quotes, dollar quotes, comments and parentheses, and outside
 * a `BEGIN ATOMIC … END` body. psql meta-command lines (`\set`, `\i`, …) are not SQL and are
 * skipped; so are the data lines after `COPY … FROM stdin;` up to the `\.` line.
 *
 * Offsets are JavaScript string (UTF-16) offsets into the document, so ranges map straight
 * to LSP positions.
 */

export interface StatementSpan {
  /** Offset of the statement's first character (after leading whitespace and comments). */
  start: number;
  /** Offset just past the statement's last character, including its `;` when it has one. */
  end: number;
  /** The statement's text: document.slice(start, end), with psql meta-commands blanked. */
  text: string;
  /** Whether the statement ends with a `;` (false for the last, unterminated one). */
  terminated: boolean;
}

const isIdentStart = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c >= 0x80;
const isIdentChar = (c: number): boolean => isIdentStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x24;
const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c || c === 0x0b;

/** Returns the offset just past a `$tag$` opening at `i`, or -1 when `$` does not open a dollar quote. */
function dollarTagEnd(text: string, i: number): number {
  let j = i + 1;
  if (j < text.length && text.charCodeAt(j) === 0x24) {
    return j + 1;
  }
  if (j >= text.length || !isIdentStart(text.charCodeAt(j))) {
    return -1;
  }
  while (j < text.length && isIdentChar(text.charCodeAt(j)) && text.charCodeAt(j) !== 0x24) {
    j++;
  }
  return j < text.length && text.charCodeAt(j) === 0x24 ? j + 1 : -1;
}

function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}

/** Meta-commands that send the query buffer, like a `;`. */
const sendingMetaCommand = /^\\(g|gx|gset|gexec|gdesc|crosstabview|watch|bind|bind_named|sendpipeline)\b/;

interface ScanState {
  parenDepth: number;
  beginDepth: number;
  firstWords: string[];
}

/** Splits `text` into statements. Never throws; unterminated quotes run to the end. */
export function splitStatements(text: string): StatementSpan[] {
  const out: StatementSpan[] = [];
  const n = text.length;
  let i = 0;
  let stmtStart = -1;
  let blanks: [number, number][] = [];
  let state: ScanState = { parenDepth: 0, beginDepth: 0, firstWords: [] };

  const finish = (end: number, terminated: boolean): void => {
    if (stmtStart >= 0) {
      let body = text.slice(stmtStart, end);
      for (const [a, b] of blanks) {
        body = body.slice(0, a - stmtStart) + ' '.repeat(b - a) + body.slice(b - stmtStart);
      }
      out.push({ start: stmtStart, end, text: body, terminated });
      // After `COPY … FROM stdin;` psql reads data lines up to `\.`: they are not SQL.
      if (terminated && isCopyFromStdin(state.firstWords, body)) {
        let k = lineEnd(text, end);
        while (k < n) {
          const ls = k + 1;
          const le = lineEnd(text, ls);
          k = le;
          if (text.slice(ls, le).replace(/\r$/, '') === '\\.') {
            break;
          }
        }
        i = k;
      }
    }
    stmtStart = -1;
    blanks = [];
    state = { parenDepth: 0, beginDepth: 0, firstWords: [] };
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    // comments belong to no statement until the statement has started
    if (c === 0x2d && text.charCodeAt(i + 1) === 0x2d) {
      i = lineEnd(text, i);
      continue;
    }
    if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (text.charCodeAt(j) === 0x2f && text.charCodeAt(j + 1) === 0x2a) {
          depth++;
          j += 2;
        } else if (text.charCodeAt(j) === 0x2a && text.charCodeAt(j + 1) === 0x2f) {
          depth--;
          j += 2;
        } else {
          j++;
        }
      }
      if (stmtStart < 0 && depth > 0) {
        // an unterminated comment before any statement: let the parser report it
        stmtStart = i;
      }
      i = j;
      continue;
    }
    if (c === 0x5c) {
      // psql meta-command: runs to the end of the line (a `\\` separator aside)
      const le = lineEnd(text, i);
      const cmd = text.slice(i, le);
      if (cmd.startsWith('\\;')) {
        // `\;` is a literal semicolon that does not end the statement
        if (stmtStart < 0) {
          stmtStart = i;
        }
        blanks.push([i, i + 1]);
        i += 2;
        continue;
      }
      if (stmtStart >= 0) {
        blanks.push([i, le]);
        if (sendingMetaCommand.test(cmd)) {
          finish(le, true);
        }
      }
      i = le;
      continue;
    }
    if (stmtStart < 0) {
      stmtStart = i;
    }
    if (c === 0x27) {
      // '…' with '' escapes; E'…' additionally honours backslash escapes
      const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
      const escapes = (prev === 0x45 || prev === 0x65) && (i < 2 || !isIdentChar(text.charCodeAt(i - 2)));
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (escapes && d === 0x5c) {
          j += 2;
          continue;
        }
        if (d === 0x27) {
          if (text.charCodeAt(j + 1) === 0x27) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      i = j + 1;
      continue;
    }
    if (c === 0x22) {
      let j = i + 1;
      while (j < n) {
        if (text.charCodeAt(j) === 0x22) {
          if (text.charCodeAt(j + 1) === 0x22) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      i = j + 1;
      continue;
    }
    if (c === 0x24) {
      const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
      const tagEnd = isIdentChar(prev) ? -1 : dollarTagEnd(text, i);
      if (tagEnd > 0) {
        const tag = text.slice(i, tagEnd);
        const close = text.indexOf(tag, tagEnd);
        i = close < 0 ? n : close + tag.length;
        continue;
      }
      i++;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentChar(text.charCodeAt(j))) {
        j++;
      }
      const word = text.slice(i, j).toLowerCase();
      if (state.firstWords.length < 4) {
        state.firstWords.push(word);
      }
      // psql's heuristic: only in CREATE [OR REPLACE] FUNCTION|PROCEDURE, outside
      // parentheses, does BEGIN open a block (BEGIN ATOMIC) whose `;`s do not end the
      // statement; CASE nests inside it and END closes either.
      if (state.parenDepth === 0 && isCreateRoutine(state.firstWords)) {
        if (word === 'begin') {
          state.beginDepth++;
        } else if (word === 'case' && state.beginDepth >= 1) {
          state.beginDepth++;
        } else if (word === 'end' && state.beginDepth > 0) {
          state.beginDepth--;
        }
      }
      i = j;
      continue;
    }
    if (c === 0x28) {
      state.parenDepth++;
    } else if (c === 0x29) {
      if (state.parenDepth > 0) {
        state.parenDepth--;
      }
    } else if (c === 0x3b && state.parenDepth === 0 && state.beginDepth === 0) {
      finish(i + 1, true);
      i++;
      continue;
    }
    i++;
  }
  finish(lastNonSpace(text, stmtStart, n), false);
  return out;
}

function lastNonSpace(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && isSpace(text.charCodeAt(e - 1))) {
    e--;
  }
  return e;
}

function isCreateRoutine(w: string[]): boolean {
  const routine = (x: string | undefined): boolean => x === 'function' || x === 'procedure';
  return w[0] === 'create' && (routine(w[1]) || (w[1] === 'or' && w[2] === 'replace' && routine(w[3])));
}

function isCopyFromStdin(firstWords: string[], body: string): boolean {
  return firstWords[0] === 'copy' && /\bfrom\s+stdin\b/i.test(body);
}
