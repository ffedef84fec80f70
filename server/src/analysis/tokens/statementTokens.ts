/**
 * Scanner tokens as completion and hover read them (as NestedTokens: comments dropped,
 * parenthesis depth known), identifiers turned into the names PostgreSQL would look up.
 * Works on incomplete statements — completion runs while the user types, when the text
 * rarely parses.
 */
import { foldIdentifier, scanSql, type NestedTokens, type Token } from '../../parser';

/** Words after which a relation is written: completion offers relations there, hover reads one. */
export const relationPositionWords: ReadonlySet<string> = new Set(['FROM', 'JOIN', 'UPDATE', 'INTO', 'TABLE', 'ONLY', 'LATERAL']);

/** Clause words that end a FROM list (join words and ON / USING conditions do not). */
// prettier-ignore
const fromListEnd = new Set([
  'WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'WINDOW', 'UNION', 'INTERSECT', 'EXCEPT', 'RETURNING',
  'SET', 'FETCH', 'FOR', 'VALUES', 'SELECT', 'WHEN', 'DEFAULT', 'OVERRIDING', 'TABLESAMPLE', 'DO', 'WITH', 'INTO',
]);

/** FROM inside EXTRACT(… FROM …), SUBSTRING(… FROM …) and friends is no FROM clause. */
export function isInExpressionFrom(b: NestedTokens, j: number): boolean {
  const open = b.opener[j]!;
  return open > 0 && b.is(open - 1, 'EXTRACT', 'SUBSTRING', 'TRIM', 'OVERLAY', 'POSITION');
}

/**
 * Whether the comma at `comma` separates FROM items (also DELETE … USING items): the nearest
 * clause word before it on its depth, not before `start`, is FROM, JOIN or USING.
 */
export function isFromListComma(b: NestedTokens, comma: number, start = 0): boolean {
  const depth = b.depth[comma];
  for (let j = comma - 1; j >= start; j--) {
    if (b.depth[j] !== depth) {
      continue;
    }
    const w = b.word(j);
    if (w === 'FROM' || w === 'JOIN') {
      return !isInExpressionFrom(b, j);
    }
    if (w === 'USING' && b.at(j + 1)?.text !== '(') {
      return true;
    }
    if (fromListEnd.has(w)) {
      return false;
    }
  }
  return false;
}

/** Whether a token can name something (a column, a table, an alias). */
export function isNameToken(t: Token | undefined, allowAnyKeyword = false): boolean {
  if (!t || t.unterminated) {
    return false;
  }
  if (t.kind === 'IDENT') {
    return true;
  }
  // keywords: unreserved and column-name keywords are valid names (ColId); after AS, any
  return /^[A-Za-z_]/.test(t.text) && t.keywordKind > 0 && (allowAnyKeyword || t.keywordKind <= 2);
}

/**
 * The name an identifier token stands for: unquoted → folded to lower case (ASCII only, as
 * PostgreSQL does for UTF-8), `"Quoted"` → exact with `""` undoubled.
 */
export function nameOf(t: Token): string {
  const text = t.text;
  if (text.startsWith('"')) {
    return text.slice(1, text.endsWith('"') && text.length > 1 ? -1 : undefined).replace(/""/g, '"');
  }
  if (/^[Uu]&"/.test(text)) {
    return text.slice(3, -1).replace(/""/g, '"');
  }
  return foldIdentifier(text);
}

export interface PrefixScan {
  tokens: Token[];
  /** Set when the text ends inside a quote or comment that is still open. */
  open: { start: number; kind: 'identifier' | 'string' | 'comment' } | null;
}

/**
 * Tokens of the text before the cursor. libpg-query's scanner rejects a text that ends in an
 * open quote without saying where it opened; the open token starts at one of the quote
 * characters, and the text before it scans cleanly, so the last such position wins.
 */
export function scanPrefix(text: string): PrefixScan {
  if (text.trim() === '') {
    return { tokens: [], open: null };
  }
  const tokens = scanSql(text);
  const last = tokens[tokens.length - 1];
  if (!last?.unterminated) {
    return { tokens, open: null };
  }
  for (let p = text.length - 1; p >= 0; p--) {
    const c = text[p]!;
    const opensComment = c === '/' && text[p + 1] === '*';
    if (c !== '"' && c !== "'" && c !== '$' && !opensComment) {
      continue;
    }
    const head = scanSql(text.slice(0, p));
    if (head[head.length - 1]?.unterminated) {
      continue;
    }
    const kind = c === '"' ? 'identifier' : opensComment ? 'comment' : 'string';
    return { tokens: head, open: { start: /[EeBbXxNn]/.test(text[p - 1] ?? '') && c === "'" ? p - 1 : p, kind } };
  }
  return { tokens: [], open: { start: 0, kind: 'string' } };
}
