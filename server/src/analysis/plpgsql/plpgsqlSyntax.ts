/**
 * Where PL/pgSQL's grammar stopped in a body it refuses. libpg-query gives the message (`syntax
 * error at or near "X"`) but no cursor, so the cursor is found the way a parser finds it: the
 * shortest prefix of the body, cut after a token, that fails with the same message ends at
 * the offending token (a prefix cut before it only runs out of input). For an error inside
 * an embedded SQL statement, which is read up to its `;` first, the token is the one named in
 * the message, between that prefix's end and the statement before it. Other messages (`at end
 * of input`, `"x" is not a known variable` …) get no diagnostic: their cursor cannot be told.
 */
import { parsePlpgsql, scanSql } from '../../parser';

const comment = new Set(['SQL_COMMENT', 'C_COMMENT']);
/** located cursors by statement text */
const cache = new Map<string, { start: number; end: number } | null>();

/**
 * Body-relative UTF-16 range of the token PostgreSQL's syntax error points at, or null.
 * `statementText` is the whole statement; the body is `statementText.slice(bodyStart, bodyStart + body.length)`.
 */
export function syntaxErrorRange(statementText: string, bodyStart: number, body: string, message: string): { start: number; end: number } | null {
  const near = /^syntax error at or near "(.*)"$/s.exec(message)?.[1];
  if (near === undefined) {
    return null;
  }
  if (cache.has(statementText)) {
    return cache.get(statementText) ?? null;
  }
  const tokens = scanSql(body).filter((t) => !comment.has(t.kind) && !t.unterminated);
  const fails = (k: number): boolean => {
    const cut = tokens[k]!.end;
    const text = statementText.slice(0, bodyStart) + body.slice(0, cut) + statementText.slice(bodyStart + body.length);
    const r = parsePlpgsql(text);
    return !r.ok && r.message === message;
  };
  let lo = 0;
  let hi = tokens.length - 1;
  let found = -1;
  // at most log2(tokens) parses: the smallest prefix that fails as the whole body does
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (fails(mid)) {
      found = mid;
      hi = mid - 1;
    } else {
      lo = mid + 1;
    }
  }
  let range: { start: number; end: number } | null = null;
  for (let k = found; k >= 0; k--) {
    const t = tokens[k]!;
    if (t.text === near) {
      range = { start: t.start, end: t.end };
      break;
    }
    if (t.text === ';' && k !== found) {
      break;
    }
  }
  cache.set(statementText, range);
  if (cache.size > 256) {
    cache.delete(cache.keys().next().value!);
  }
  return range;
}
