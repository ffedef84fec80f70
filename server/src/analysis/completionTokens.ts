/**
 * Scanner tokens as completion and hover read them: comments dropped, parenthesis depth
 * known, identifiers turned into the names PostgreSQL would look up. Works on incomplete
 * statements — completion runs while the user types, when the text rarely parses.
 */
import { foldIdentifier, NestedTokens, scanSql, type Token } from '../parser';

export class TokenList extends NestedTokens {
  at(i: number): Token | undefined {
    return this.tokens[i];
  }

  /** Upper-case keyword spelled by token i (unquoted words only), else ''. */
  word(i: number): string {
    const t = this.tokens[i];
    if (!t || t.text.startsWith('"') || !/^[A-Za-z_]/.test(t.text)) {
      return '';
    }
    return t.text.toUpperCase();
  }

  is(i: number, ...words: string[]): boolean {
    const w = this.word(i);
    return w !== '' && words.includes(w);
  }

  /** Index of the first token starting at or after `offset`. */
  indexAt(offset: number): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid]!.start < offset) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
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
