/**
 * Scanner tokens with comments dropped (they never give a token its meaning) and the
 * parenthesis nesting of each token known, with the questions completion, hover and the docs
 * lookup ask of them again and again: the word a token spells, the token at an offset, the
 * parenthesis enclosing it. They all read statements this way, also incomplete ones.
 */
import type { Token } from './pgQuery';

export class NestedTokens {
  readonly tokens: Token[];
  /** Parenthesis depth of each token; a `(` and its `)` sit outside (at the outer depth). */
  readonly depth: number[] = [];
  /** Index of the `)` closing each `(`, or the token count when it is still open. */
  readonly closer = new Map<number, number>();
  /** Index of the `(` enclosing each token, or -1. */
  readonly opener: number[] = [];

  constructor(all: readonly Token[]) {
    this.tokens = all.filter((t) => t.kind !== 'SQL_COMMENT' && t.kind !== 'C_COMMENT');
    const stack: number[] = [];
    this.tokens.forEach((t, i) => {
      if (t.text === ')' && stack.length > 0) {
        this.closer.set(stack.pop()!, i);
      }
      this.depth.push(stack.length);
      this.opener.push(stack.length > 0 ? stack[stack.length - 1]! : -1);
      if (t.text === '(') {
        stack.push(i);
      }
    });
    for (const open of stack) {
      this.closer.set(open, this.tokens.length);
    }
  }

  get length(): number {
    return this.tokens.length;
  }

  at(i: number): Token | undefined {
    return this.tokens[i];
  }

  text(i: number): string {
    return this.tokens[i]?.text ?? '';
  }

  /** Upper-case word spelled by token i (any unquoted word: keyword or name), else ''. */
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

  /**
   * The upper-case word a token spells when it is a keyword or a plain (unquoted, ASCII)
   * identifier, else null. Quoted identifiers are names, never keywords.
   */
  plainWord(i: number): string | null {
    const t = this.tokens[i];
    if (!t) {
      return null;
    }
    if (t.keywordKind > 0 || (t.kind === 'IDENT' && /^[A-Za-z_][A-Za-z0-9_$]*$/.test(t.text))) {
      return t.text.toUpperCase();
    }
    return null;
  }

  isKeyword(i: number): boolean {
    return (this.tokens[i]?.keywordKind ?? 0) > 0;
  }

  /** Index of the first token starting at or after `offset` (the token count when none). */
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

  /** Index of the token at `offset` (statement-relative): containing it, else ending at it; -1. */
  tokenAt(offset: number): number {
    let ending = -1;
    for (let i = 0; i < this.tokens.length; i++) {
      const t = this.tokens[i]!;
      if (t.start <= offset && offset < t.end) {
        // the cursor right after a word and before `(` or `,` means the word
        const before = i > 0 && this.tokens[i - 1]!.end === offset && t.start === offset;
        return before && this.plainWord(i) === null && this.plainWord(i - 1) !== null ? i - 1 : i;
      }
      if (t.end === offset) {
        ending = i;
      }
      if (t.start > offset) {
        break;
      }
    }
    return ending;
  }

  /** Index of the `(` that a `)` at `close` closes, or -1. */
  openerOf(close: number): number {
    for (const [open, c] of this.closer) {
      if (c === close) {
        return open;
      }
    }
    return -1;
  }

  /** The first token at or after `from` on the same depth that satisfies `test`, or -1. */
  findForward(from: number, test: (i: number) => boolean, end = this.tokens.length): number {
    const d = this.depth[from] ?? 0;
    for (let i = from; i < end; i++) {
      if (this.depth[i]! < d) {
        return -1;
      }
      if (this.depth[i] === d && test(i)) {
        return i;
      }
    }
    return -1;
  }

  /** The same tokens with token i read as `word` (a misspelled keyword, corrected). */
  withWord(i: number, word: string, keywordKind: number): NestedTokens {
    const tokens = this.tokens.slice();
    tokens[i] = { ...tokens[i]!, text: word, kind: keywordKind > 0 ? 'UNKNOWN' : 'IDENT', keywordKind };
    return new NestedTokens(tokens);
  }
}
