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
  /**
   * psql variable references (`:name`, `:'name'`, `:"name"`) in document offsets. psql
   * replaces them before PostgreSQL sees the text; `text` holds a placeholder of the same
   * length (an identifier, a string literal, a quoted identifier) so the statement parses
   * as it would after substitution. Analysis stays silent about these spans.
   */
  variables: { start: number; end: number }[];
  /** How many psql `\connect` / `\c` lines precede the statement (another database after each). */
  connection: number;
}

const isIdentStart = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c >= 0x80;
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

/**
 * Index of the quote that closes the one at `i` ('…' or "…", the quote doubled inside; with
 * `backslashEscapes`, as in E'…', a backslash escapes the next character), or the text's
 * length when it is still open.
 */
function closingQuote(text: string, i: number, backslashEscapes: boolean): number {
  const quote = text.charCodeAt(i);
  let j = i + 1;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (backslashEscapes && d === 0x5c) {
      j += 2;
      continue;
    }
    if (d === quote) {
      if (text.charCodeAt(j + 1) === quote) {
        j += 2;
        continue;
      }
      break;
    }
    j++;
  }
  return j;
}

function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}

/** From the end of a COPY … FROM stdin line, past the data lines and their `\.` line. */
function skipCopyData(text: string, from: number): number {
  let k = from;
  while (k < text.length) {
    const ls = k + 1;
    const le = lineEnd(text, ls);
    k = le;
    if (text.slice(ls, le).replace(/\r$/, '') === '\\.') {
      break;
    }
  }
  return k;
}

/** Meta-commands that send the query buffer, like a `;`. */
const sendingMetaCommand = /^\\(g|gx|gset|gexec|gdesc|crosstabview|watch|bind|bind_named|sendpipeline)\b/;

interface ScanState {
  parenDepth: number;
  beginDepth: number;
  firstWords: string[];
}

/** A psql meta-command line (`\\set x 1`, `\\c db`), as psql reads it. */
export interface MetaCommandSpan {
  /** Offset of its backslash. */
  start: number;
  /** Offset of the end of its line. */
  end: number;
  /** The line from the backslash on (`\\set x 1`). */
  text: string;
}

/** Splits `text` into statements. Never throws; unterminated quotes run to the end. */
export function splitStatements(text: string): StatementSpan[] {
  return splitScript(text).statements;
}

/**
 * Statements and the meta-command lines psql would run between them (Run File runs both in
 * document order: psql runs a meta-command when it reads it, before a statement that
 * surrounds it is sent). `\\;` and the data lines of COPY/\\copy … from stdin are not listed.
 * `known`: variables set before the text (a session's, when a part of a document is run).
 */
export function splitScript(text: string, known: Iterable<string> = []): { statements: StatementSpan[]; metaCommands: MetaCommandSpan[] } {
  const out: StatementSpan[] = [];
  const metaCommands: MetaCommandSpan[] = [];
  const n = text.length;
  let i = 0;
  let stmtStart = -1;
  let blanks: [number, number][] = [];
  let variables: { start: number; end: number; placeholder: string }[] = [];
  // psql substitutes only variables that exist: those `\set` earlier, or any after `\gset`
  const defined = new Set<string>(known);
  let anyDefined = false;
  let connection = 0;
  let state: ScanState = { parenDepth: 0, beginDepth: 0, firstWords: [] };

  const finish = (end: number, terminated: boolean): void => {
    if (stmtStart >= 0) {
      let body = text.slice(stmtStart, end);
      for (const [a, b] of blanks) {
        body = body.slice(0, a - stmtStart) + ' '.repeat(b - a) + body.slice(b - stmtStart);
      }
      for (const v of variables) {
        body = body.slice(0, v.start - stmtStart) + v.placeholder + body.slice(v.end - stmtStart);
      }
      out.push({ start: stmtStart, end, text: body, terminated, variables: variables.map(({ start, end: e }) => ({ start, end: e })), connection });
      // After `COPY … FROM stdin;` psql reads data lines up to `\.`: they are not SQL.
      if (terminated && isCopyFromStdin(state.firstWords, body)) {
        i = skipCopyData(text, lineEnd(text, end));
      }
    }
    stmtStart = -1;
    blanks = [];
    variables = [];
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
      if (!cmd.startsWith('\\;')) {
        metaCommands.push({ start: i, end: le, text: cmd.replace(/\r$/, '') });
      }
      if (/^\\copy\b.*\bfrom\s+(stdin|pstdin)\b/i.test(cmd) && stmtStart < 0) {
        // \copy … from stdin reads the script's next lines up to `\.` as data
        i = skipCopyData(text, le);
        continue;
      }
      const set = /^\\(?:set|getenv)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(cmd);
      if (set) {
        defined.add(set[1]!);
      } else if (/^\\gset\b/.test(cmd)) {
        anyDefined = true;
      } else if (/^\\(c|connect)(\s|$)/.test(cmd)) {
        connection++;
      }
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
      i = closingQuote(text, i, escapes) + 1;
      continue;
    }
    if (c === 0x22) {
      i = closingQuote(text, i, false) + 1;
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
    if (c === 0x3a && (anyDefined || defined.size > 0)) {
      const v = psqlVariable(text, i, (name) => anyDefined || defined.has(name));
      if (v) {
        variables.push(v);
        i = v.end;
        continue;
      }
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
  return { statements: out, metaCommands };
}

function lastNonSpace(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && isSpace(text.charCodeAt(e - 1))) {
    e--;
  }
  return e;
}

/** A psql variable reference at `i` (a `:`), with its same-length placeholder, if it is one. */
function psqlVariable(text: string, i: number, isDefined: (name: string) => boolean): { start: number; end: number; placeholder: string } | null {
  const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
  const next = text.charCodeAt(i + 1);
  // `::` casts, `a[1:n]` slices and `:=` are not variables
  if (prev === 0x3a || next === 0x3a || next === 0x3d || isIdentChar(prev) || prev === 0x5d || (prev >= 0x30 && prev <= 0x39)) {
    return null;
  }
  if (next === 0x27 || next === 0x22) {
    const close = text.indexOf(String.fromCharCode(next), i + 2);
    const name = close > 0 ? text.slice(i + 2, close) : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || !isDefined(name)) {
      return null;
    }
    const q = String.fromCharCode(next);
    return { start: i, end: close + 1, placeholder: q + 'x'.repeat(close - i - 1) + q };
  }
  if (!isIdentStart(next)) {
    return null;
  }
  let j = i + 1;
  while (j < text.length && isIdentChar(text.charCodeAt(j)) && text.charCodeAt(j) !== 0x24) {
    j++;
  }
  if (!isDefined(text.slice(i + 1, j))) {
    return null;
  }
  return { start: i, end: j, placeholder: `_${text.slice(i + 1, j)}` };
}

function isCreateRoutine(w: string[]): boolean {
  const routine = (x: string | undefined): boolean => x === 'function' || x === 'procedure';
  return w[0] === 'create' && (routine(w[1]) || (w[1] === 'or' && w[2] === 'replace' && routine(w[3])));
}

function isCopyFromStdin(firstWords: string[], body: string): boolean {
  return firstWords[0] === 'copy' && /\bfrom\s+stdin\b/i.test(body);
}
