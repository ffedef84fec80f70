/**
 * Where a token sits in the query structure of its statement: the query it belongs to
 * (SELECT, UPDATE, … — also a subquery or the query inside EXPLAIN or CREATE VIEW … AS) and
 * the kind of parenthesis directly around it (a window definition after OVER, an aggregate's
 * argument list, a plain expression).
 */
import type { NestedTokens } from '../parser';

export type ParenKind = 'none' | 'window' | 'call' | 'group' | 'expression';

export interface QueryScope {
  /** Index of the word that starts the token's query (SELECT, INSERT, …), or -1. */
  head: number;
  /** That word, upper case, or null. */
  headWord: string | null;
  /** The parenthesis directly around the token. */
  paren: ParenKind;
  /** Index of that parenthesis' `(`, or -1. */
  parenIndex: number;
}

const heads = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'VALUES', 'WITH']);
/**
 * Words after which SELECT, INSERT… name a privilege, an event or a policy's command, not a
 * query: GRANT SELECT, FOR UPDATE, BEFORE INSERT OR UPDATE, ON CONFLICT DO UPDATE, WHEN
 * MATCHED THEN UPDATE (the last two belong to their INSERT or MERGE).
 */
const notAQueryAfter = new Set(['GRANT', 'REVOKE', 'FOR', 'ON', ',', 'OR', 'BEFORE', 'AFTER', 'OF', 'TO', 'EACH', 'DO', 'THEN', 'KEY', 'NO']);

function isHead(view: NestedTokens, j: number): boolean {
  const w = view.plainWord(j);
  if (!w || !heads.has(w)) {
    return false;
  }
  const prev = j > 0 ? (view.plainWord(j - 1) ?? view.text(j - 1)) : null;
  if (prev === 'FOR' && cursorBefore(view, j)) {
    return true; // DECLARE c CURSOR FOR SELECT …
  }
  if (prev !== null && notAQueryAfter.has(prev)) {
    return false;
  }
  if (w === 'WITH') {
    // WITH also opens options, WITH ORDINALITY, WITH TIME ZONE…: a query only at a start
    const afterOptions = prev === ')' && view.plainWord(view.openerOf(j - 1) - 1) === 'EXPLAIN';
    return prev === null || prev === '(' || afterOptions || ['AS', 'ANALYZE', 'VERBOSE', 'EXPLAIN'].includes(prev);
  }
  return true;
}

function cursorBefore(view: NestedTokens, j: number): boolean {
  for (let k = j - 1; k >= 0; k--) {
    if (view.depth[k] === view.depth[j] && view.plainWord(k) === 'CURSOR') {
      return true;
    }
  }
  return false;
}

function parenKind(view: NestedTokens, open: number): ParenKind {
  const before = open - 1;
  const w = view.plainWord(before);
  if (w === 'OVER') {
    return 'window';
  }
  if (w === 'GROUP' && view.plainWord(before - 1) === 'WITHIN') {
    return 'group';
  }
  if (w === 'AS' && view.findForward(0, (k) => view.plainWord(k) === 'WINDOW' && k < before) >= 0) {
    return 'window';
  }
  const t = view.tokens[before];
  if (t && w && (t.kind === 'IDENT' || t.keywordKind === 2 || t.keywordKind === 3) && !heads.has(w)) {
    return 'call';
  }
  return 'expression';
}

export function queryScope(view: NestedTokens, i: number): QueryScope {
  const parenIndex = view.opener[i] ?? -1;
  const paren: ParenKind = parenIndex >= 0 ? parenKind(view, parenIndex) : 'none';
  let j = i;
  let depth = view.depth[i] ?? 0;
  while (j >= 0) {
    if (view.depth[j]! < depth) {
      // stepped out through an opening parenthesis: keep looking in the enclosing level
      depth = view.depth[j]!;
    }
    if (view.depth[j] === depth && isHead(view, j)) {
      // INSERT … VALUES and INSERT … SELECT: the INSERT is the query the user writes
      const insert = view.plainWord(j) === 'VALUES' ? findInsertBefore(view, j) : -1;
      const head = insert >= 0 ? insert : j;
      return { head, headWord: view.plainWord(head), paren, parenIndex };
    }
    j--;
  }
  return { head: -1, headWord: null, paren, parenIndex };
}

function findInsertBefore(view: NestedTokens, j: number): number {
  for (let k = j - 1; k >= 0; k--) {
    if (view.depth[k] === view.depth[j] && view.plainWord(k) === 'INSERT') {
      return k;
    }
  }
  return -1;
}

/** Whether a word appears between `from` and `to` (exclusive) at depth `depth`. */
export function wordBetween(view: NestedTokens, from: number, to: number, words: readonly string[]): number {
  const d = view.depth[to] ?? 0;
  for (let k = to - 1; k > from; k--) {
    if (view.depth[k] === d && words.includes(view.plainWord(k) ?? '')) {
      return k;
    }
  }
  return -1;
}
