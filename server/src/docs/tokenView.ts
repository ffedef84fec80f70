/**
 * The scanner tokens of one statement, with what the docs lookup asks of them again and
 * again: the word a token spells, its parenthesis depth, and the parenthesis enclosing it.
 */
import { NestedTokens } from '../parser';

export class TokenView extends NestedTokens {
  /** Index of the `(` that a `)` at `close` closes, or -1. */
  openerOf(close: number): number {
    for (const [open, c] of this.closer) {
      if (c === close) {
        return open;
      }
    }
    return -1;
  }

  /** The same tokens with token i read as `word` (a misspelled keyword, corrected). */
  withWord(i: number, word: string, keywordKind: number): TokenView {
    const tokens = this.tokens.slice();
    tokens[i] = { ...tokens[i]!, text: word, kind: keywordKind > 0 ? 'UNKNOWN' : 'IDENT', keywordKind };
    return new TokenView(tokens);
  }

  /**
   * The upper-case word a token spells when it is a keyword or a plain (unquoted)
   * identifier, else null. Quoted identifiers are names, never keywords.
   */
  word(i: number): string | null {
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

  text(i: number): string {
    return this.tokens[i]?.text ?? '';
  }

  /** Index of the token at `offset` (statement-relative): containing it, else ending at it. */
  indexAt(offset: number): number {
    let ending = -1;
    for (let i = 0; i < this.tokens.length; i++) {
      const t = this.tokens[i]!;
      if (t.start <= offset && offset < t.end) {
        // the cursor right after a word and before `(` or `,` means the word
        const before = i > 0 && this.tokens[i - 1]!.end === offset && t.start === offset;
        return before && this.word(i) === null && this.word(i - 1) !== null ? i - 1 : i;
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
}
