/**
 * Scanner tokens with comments dropped (they never give a token its meaning) and the
 * parenthesis nesting of each token known. Completion, hover and the docs lookup all read
 * statements this way, also incomplete ones.
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
}
