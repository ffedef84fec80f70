/**
 * PostgreSQL's identifier rules: how an unquoted name folds, and when a name must be
 * double-quoted to mean itself (ruleutils.c quote_identifier).
 */
import { keywordKind } from './pgQuery';

const UNRESERVED_KEYWORD = 1;

/** Whether `name` (as stored in the catalog) can be written without quotes. */
export function isSafeIdentifier(name: string): boolean {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
    return false;
  }
  const kind = keywordKind(name);
  return kind === 0 || kind === UNRESERVED_KEYWORD;
}

/** `name` as SQL: bare when safe, else double-quoted with `"` doubled. */
export function quoteIdentifier(name: string): string {
  return isSafeIdentifier(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** How PostgreSQL folds an unquoted identifier: ASCII A–Z to lower case, nothing else. */
export function foldIdentifier(word: string): string {
  return word.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}
