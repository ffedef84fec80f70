/**
 * psql variables as psql itself handles them (src/bin/psql/psqlscanslash.l, variables.c and
 * libpq's PQescapeLiteral / PQescapeIdentifier): `\set` arguments are read word by word
 * (single quotes with psql's backslash escapes, double quotes kept as typed, `:var` forms
 * substituted inside arguments) and concatenated; in SQL, `:var` inserts the value as is,
 * `:'var'` as a string literal and `:"var"` as a quoted identifier. An undefined variable is
 * left as typed. Expectations in the tests were captured from psql 15. No vscode here.
 */

export type Variables = Map<string, string>;

/** PQescapeLiteral: quotes doubled; with a backslash, backslashes doubled and ` E'…'` (leading space included, as libpq writes it). */
export function escapeLiteral(value: string): string {
  const body = value.replace(/'/g, "''");
  return value.includes('\\') ? ` E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}

/** PQescapeIdentifier: always double-quoted, quotes doubled. */
export function escapeIdentifier(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

export class MetaCommandError extends Error {}

const nameChar = /[A-Za-z0-9_]/;

/** The value a `:name`, `:'name'` or `:"name"` at `i` stands for, and where it ends; undefined when it is not one (or the variable is not set). */
export function variableAt(text: string, i: number, vars: Variables): { value: string; end: number } | undefined {
  if (text[i] !== ':') {
    return undefined;
  }
  const q = text[i + 1];
  if (q === "'" || q === '"') {
    const close = text.indexOf(q, i + 2);
    const name = close > 0 ? text.slice(i + 2, close) : '';
    const value = /^[A-Za-z0-9_]+$/.test(name) ? vars.get(name) : undefined;
    return value === undefined ? undefined : { value: q === "'" ? escapeLiteral(value) : escapeIdentifier(value), end: close + 1 };
  }
  let j = i + 1;
  while (j < text.length && nameChar.test(text[j]!)) {
    j++;
  }
  const value = j > i + 1 ? vars.get(text.slice(i + 1, j)) : undefined;
  return value === undefined ? undefined : { value, end: j };
}

const simpleEscapes: Record<string, string> = { n: '\n', t: '\t', b: '\b', r: '\r', f: '\f' };

/** One single-quoted argument part from the quote at `i`: psql's escapes, `''` a quote. */
function quoted(text: string, i: number): { value: string; end: number } {
  let out = '';
  let j = i + 1;
  while (j < text.length) {
    const c = text[j]!;
    if (c === "'") {
      if (text[j + 1] === "'") {
        out += "'";
        j += 2;
        continue;
      }
      return { value: out, end: j + 1 };
    }
    if (c === '\\' && j + 1 < text.length) {
      const e = text[j + 1]!;
      const octal = /^[0-7]{1,3}/.exec(text.slice(j + 1));
      const hex = /^x([0-9A-Fa-f]{1,2})/.exec(text.slice(j + 1));
      if (simpleEscapes[e] !== undefined) {
        out += simpleEscapes[e];
        j += 2;
      } else if (octal) {
        out += String.fromCharCode(parseInt(octal[0], 8));
        j += 1 + octal[0].length;
      } else if (hex) {
        out += String.fromCharCode(parseInt(hex[1]!, 16));
        j += 1 + hex[0].length;
      } else {
        out += e;
        j += 2;
      }
      continue;
    }
    out += c;
    j++;
  }
  throw new MetaCommandError('unterminated quoted string');
}

/** A meta-command's arguments as psql reads them for \set (OT_NORMAL). */
export function metaArguments(args: string, vars: Variables): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < args.length) {
    while (i < args.length && /\s/.test(args[i]!)) {
      i++;
    }
    if (i >= args.length) {
      break;
    }
    let word = '';
    while (i < args.length && !/\s/.test(args[i]!)) {
      const c = args[i]!;
      if (c === "'") {
        const q = quoted(args, i);
        word += q.value;
        i = q.end;
      } else if (c === '"') {
        const close = /"(?:[^"]|"")*"/y;
        close.lastIndex = i;
        const m = close.exec(args);
        if (!m) {
          throw new MetaCommandError('unterminated quoted identifier');
        }
        word += m[0];
        i += m[0].length;
      } else if (c === '`') {
        throw new MetaCommandError('backquoted shell commands are not run by pgsight');
      } else if (c === ':') {
        const v = variableAt(args, i, vars);
        word += v ? v.value : c;
        i = v ? v.end : i + 1;
      } else {
        word += c;
        i++;
      }
    }
    out.push(word);
  }
  return out;
}

/** A meta-command line split into its name (without the backslash) and the rest. */
export function parseMetaCommand(line: string): { name: string; args: string } {
  const m = /^\\([A-Za-z!?]+|[^\sA-Za-z])(.*)$/s.exec(line.trim());
  return m ? { name: m[1]!, args: m[2]! } : { name: line.slice(1), args: '' };
}

/**
 * The statement text psql sends after substituting variables: `text` is a statement span's
 * text (same length as the document slice from `start`), `spans` its variable references in
 * document offsets. `toDocument` maps an index of the result back to a document offset (an
 * index inside a substituted value maps to the reference's start).
 */
export function substituteVariables(
  text: string,
  start: number,
  spans: readonly { start: number; end: number }[],
  documentText: string,
  vars: Variables,
): { text: string; toDocument: (index: number) => number } {
  const pieces: { from: number; length: number; source: number; atomic: boolean }[] = [];
  let out = '';
  let at = 0;
  for (const s of spans) {
    const v = variableAt(documentText, s.start, vars);
    if (!v || v.end !== s.end) {
      continue;
    }
    const rel = s.start - start;
    pieces.push({ from: out.length, length: rel - at, source: start + at, atomic: false });
    out += text.slice(at, rel);
    pieces.push({ from: out.length, length: v.value.length, source: s.start, atomic: true });
    out += v.value;
    at = s.end - start;
  }
  pieces.push({ from: out.length, length: text.length - at, source: start + at, atomic: false });
  out += text.slice(at);
  const toDocument = (index: number): number => {
    for (const p of pieces) {
      if (index >= p.from && index < p.from + p.length) {
        return p.atomic ? p.source : p.source + (index - p.from);
      }
    }
    return start + text.length;
  };
  return { text: out, toDocument };
}
