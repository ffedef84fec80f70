/**
 * Inside a PL/pgSQL body (DO blocks, LANGUAGE plpgsql functions) DECLARE, BEGIN and END
 * open and close blocks rather than cursors and transactions, RETURN, IF, LOOP and RAISE are
 * statements, `SELECT … INTO x` fills a variable. These are read here first; the SQL inside
 * the body (queries, expressions, function calls) is left to the SQL reading.
 */
import { findEntry, type DocsTarget } from './docsIndex';
import { phraseAt } from './tokenMeaning';
import type { NestedTokens } from '../parser';

/** Words that begin a PL/pgSQL statement, and the section that explains each. */
const statementWords: Record<string, string> = {
  DECLARE: 'PLPGSQL DECLARE', BEGIN: 'PLPGSQL BEGIN', END: 'PLPGSQL END', RETURN: 'PLPGSQL RETURN',
  IF: 'PLPGSQL IF', ELSIF: 'PLPGSQL IF', ELSEIF: 'PLPGSQL IF', ELSE: 'PLPGSQL IF', CASE: 'PLPGSQL CASE',
  LOOP: 'PLPGSQL LOOP', WHILE: 'PLPGSQL LOOP', EXIT: 'PLPGSQL LOOP', CONTINUE: 'PLPGSQL LOOP', FOR: 'PLPGSQL FOR',
  FOREACH: 'PLPGSQL FOREACH', EXCEPTION: 'PLPGSQL EXCEPTION', GET: 'PLPGSQL GET', RAISE: 'PLPGSQL RAISE',
  ASSERT: 'PLPGSQL ASSERT', PERFORM: 'PLPGSQL PERFORM', EXECUTE: 'PLPGSQL EXECUTE', NULL: 'PLPGSQL NULL',
  OPEN: 'PLPGSQL OPEN', FETCH: 'PLPGSQL FETCH', MOVE: 'PLPGSQL FETCH', CLOSE: 'PLPGSQL FETCH',
  COMMIT: 'PLPGSQL COMMIT', ROLLBACK: 'PLPGSQL COMMIT',
};
/** Words after which a new PL/pgSQL statement starts (the splitter only cuts at `;`). */
const blockWords = new Set(['BEGIN', 'THEN', 'ELSE', 'LOOP', 'DECLARE']);
/** Statements whose every keyword is theirs (RAISE NOTICE … USING ERRCODE). */
const wholeStatements = new Set(['PLPGSQL RAISE', 'PLPGSQL ASSERT', 'PLPGSQL GET', 'PLPGSQL OPEN', 'PLPGSQL FETCH', 'PLPGSQL EXIT']);

/** PL/pgSQL's own words, which PostgreSQL's SQL scanner does not know as keywords. */
const ownWords = new Set([
  'ELSIF', 'ELSEIF', 'WHILE', 'EXIT', 'CONTINUE', 'NOTICE', 'WARNING', 'INFO', 'LOG', 'DEBUG', 'MESSAGE', 'DETAIL', 'HINT',
  'ERRCODE', 'DIAGNOSTICS', 'STACKED', 'ROW_COUNT', 'PG_CONTEXT', 'RETURNED_SQLSTATE', 'MESSAGE_TEXT', 'QUERY', 'PERFORM',
  'RAISE', 'ASSERT', 'FOREACH', 'SLICE', 'REVERSE', 'ALIAS', 'CONSTANT', 'GET', 'OPEN', 'MOVE', 'CLOSE',
]);
/** Statements followed by an expression (IF a IS NULL THEN): its keywords are SQL's. */
const expressionStatements = new Set(['PLPGSQL IF', 'PLPGSQL LOOP', 'PLPGSQL RETURN', 'PLPGSQL ASSERT', 'PLPGSQL CASE']);

const plpgsql = (key: string): DocsTarget | null => findEntry('construct', key);

function startsStatement(view: NestedTokens, i: number): boolean {
  if (i === 0) {
    return true;
  }
  const prev = view.plainWord(i - 1);
  // `EXCEPTION WHEN x THEN RAISE …`, `IF a THEN RETURN …`, `BEGIN PERFORM …`
  return prev !== null && blockWords.has(prev) && view.depth[i] === 0;
}

export function plpgsqlMeaning(view: NestedTokens, i: number): DocsTarget | null {
  const t = view.tokens[i];
  if (!t) {
    return null;
  }
  if (t.text === ':=') {
    return plpgsql('PLPGSQL :=');
  }
  if (t.text === '%' && /^(TYPE|ROWTYPE)$/.test(view.plainWord(i + 1) ?? '')) {
    return plpgsql(`PLPGSQL %${view.plainWord(i + 1)}`);
  }
  if (view.text(i - 1) === '%' && /^(TYPE|ROWTYPE)$/.test(view.plainWord(i) ?? '')) {
    return plpgsql(`PLPGSQL %${view.plainWord(i)}`);
  }
  const w = view.plainWord(i);
  if (!w || !(view.isKeyword(i) || ownWords.has(w))) {
    return null;
  }
  // END IF, END LOOP, END CASE close their statement
  if (view.plainWord(i - 1) === 'END' && ['IF', 'LOOP', 'CASE'].includes(w)) {
    return plpgsql(statementWords[w]!);
  }
  if (w === 'END' && ['IF', 'LOOP', 'CASE'].includes(view.plainWord(i + 1) ?? '')) {
    return plpgsql(statementWords[view.plainWord(i + 1)!]!);
  }
  if (w === 'LOOP') {
    return plpgsql('PLPGSQL LOOP');
  }
  if (statementWords[w] && startsStatement(view, i)) {
    if (w === 'RETURN' && (view.plainWord(i + 1) === 'NEXT' || view.plainWord(i + 1) === 'QUERY')) {
      return plpgsql(`RETURN ${view.plainWord(i + 1)}`);
    }
    return plpgsql(statementWords[w]);
  }
  const head = statementHead(view, i);
  if (head && wholeStatements.has(head)) {
    return plpgsql(head);
  }
  if (head === 'PLPGSQL RETURN' && (w === 'NEXT' || w === 'QUERY')) {
    return plpgsql(`RETURN ${w}`);
  }
  if (w === 'THEN' && head) {
    return plpgsql(head === 'PLPGSQL EXCEPTION' ? head : 'PLPGSQL IF');
  }
  if (w === 'WHEN' && head === 'PLPGSQL EXCEPTION') {
    return plpgsql(head);
  }
  if (w === 'INTO' && head !== 'PLPGSQL EXECUTE') {
    return plpgsql('PLPGSQL INTO');
  }
  if (w === 'CURSOR' && head === 'PLPGSQL DECLARE') {
    return plpgsql('PLPGSQL CURSOR');
  }
  if (head && expressionStatements.has(head)) {
    return phraseAt(view, i)?.target ?? findEntry('construct', w);
  }
  return null;
}

/** The PL/pgSQL statement token i is part of (the last statement word before it), or null. */
function statementHead(view: NestedTokens, i: number): string | null {
  for (let k = i - 1; k >= 0; k--) {
    const w = view.plainWord(k);
    if (w && statementWords[w] && startsStatement(view, k)) {
      return statementWords[w];
    }
  }
  return null;
}
