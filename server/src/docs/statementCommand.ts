/**
 * Which SQL command a statement is, from its leading words: `CREATE UNIQUE INDEX
 * CONCURRENTLY` is CREATE INDEX, `CREATE OR REPLACE FUNCTION` is CREATE FUNCTION,
 * `WITH … SELECT` is SELECT. Titles come from the manual's "SQL Commands" reference.
 */
import { entryKeys } from './docsIndex';
import type { NestedTokens } from '../parser';

export interface CommandMatch {
  /** The command's title in the manual, e.g. `CREATE INDEX`. */
  title: string;
  /** Indices of the tokens that spell the command (modifiers like UNIQUE included). */
  tokens: number[];
}

/** Words that may sit between a command's words without changing which command it is. */
const modifiers = new Set([
  'OR', 'REPLACE', 'TEMP', 'TEMPORARY', 'UNLOGGED', 'GLOBAL', 'LOCAL', 'UNIQUE', 'RECURSIVE',
  'TRUSTED', 'PROCEDURAL', 'CONSTRAINT', 'DEFAULT', 'SESSION',
]);

let titlesByFirstWord: Map<string, string[][]> | null = null;
function titles(): Map<string, string[][]> {
  if (!titlesByFirstWord) {
    titlesByFirstWord = new Map();
    for (const title of entryKeys('command')) {
      const words = title.split(' ');
      const list = titlesByFirstWord.get(words[0]!) ?? [];
      list.push(words);
      titlesByFirstWord.set(words[0]!, list);
    }
    // longest first, so CREATE MATERIALIZED VIEW wins over CREATE … VIEW
    for (const list of titlesByFirstWord.values()) {
      list.sort((a, b) => b.length - a.length);
    }
  }
  return titlesByFirstWord;
}

/** Matches title words against the statement's words from token `from`, skipping modifiers. */
function matchTitle(view: NestedTokens, from: number, words: string[]): number[] | null {
  const used: number[] = [];
  let i = from;
  for (let w = 0; w < words.length; w++) {
    while (w > 0 && view.plainWord(i) !== words[w] && modifiers.has(view.plainWord(i) ?? '')) {
      used.push(i);
      i++;
    }
    if (view.plainWord(i) !== words[w]) {
      return null;
    }
    used.push(i);
    i++;
  }
  return used;
}

/** The command of the statement whose first token is `from` (skipping opening parentheses). */
export function commandAt(view: NestedTokens, from = 0): CommandMatch | null {
  let start = from;
  while (view.text(start) === '(') {
    start++;
  }
  const first = view.plainWord(start);
  if (!first) {
    return null;
  }
  if (first === 'WITH') {
    // the CTE bodies sit in parentheses: the main statement is the first query word at depth 0
    const d = view.depth[start]!;
    const main = view.findForward(start + 1, (i) => view.depth[i] === d && ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'VALUES'].includes(view.plainWord(i) ?? ''));
    return main >= 0 ? commandAt(view, main) : null;
  }
  for (const words of titles().get(first) ?? []) {
    const used = matchTitle(view, start, words);
    if (used) {
      return refine(view, { title: words.join(' '), tokens: used });
    }
  }
  return null;
}

/** Commands the manual documents apart although they start like another one. */
function refine(view: NestedTokens, match: CommandMatch): CommandMatch {
  const last = match.tokens[match.tokens.length - 1]!;
  const d = view.depth[last]!;
  if (match.title === 'CREATE TABLE') {
    const as = view.findForward(last + 1, (i) => view.depth[i] === d && view.plainWord(i) === 'AS');
    if (as >= 0) {
      return { title: 'CREATE TABLE AS', tokens: match.tokens };
    }
  }
  if (match.title === 'SELECT') {
    const into = view.findForward(last + 1, (i) => view.depth[i] === d && (view.plainWord(i) === 'INTO' || view.plainWord(i) === 'FROM'));
    if (into >= 0 && view.plainWord(into) === 'INTO') {
      return { title: 'SELECT INTO', tokens: match.tokens };
    }
  }
  return match;
}
