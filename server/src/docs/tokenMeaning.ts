/**
 * What one token means in its statement, as a place in the manual. `DATABASE` in CREATE
 * DATABASE is that command; `ANALYZE` after EXPLAIN is EXPLAIN's option; `SET` in UPDATE is
 * UPDATE's, `ON` after a join is the join condition, `ORDER BY` inside OVER (…) is the
 * window's. Returns null rather than a page that merely shares a word with the token.
 */
import { findEntry, type DocsTarget } from './docsIndex';
import { commandAt, type CommandMatch } from './statementCommand';
import { queryScope, wordBetween, type QueryScope } from './queryScope';
import { nameMeaning, typeAt } from './nameMeaning';
import { operatorMeaning, isOperatorToken } from './operatorChoice';
import type { NestedTokens } from '../parser';

const construct = (key: string): DocsTarget | null => findEntry('construct', key);
const command = (title: string): DocsTarget | null => findEntry('command', title);

/** Words that start the statement EXPLAIN explains (or CREATE … AS runs). */
const explainable = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'VALUES', 'WITH', 'CREATE', 'EXECUTE', 'DECLARE', 'TABLE']);

/** The statement's command as seen from token i: EXPLAIN's own words, or the explained statement. */
export function commandFor(view: NestedTokens, i: number): CommandMatch | null {
  const cmd = commandAt(view, 0);
  if (cmd?.title === 'EXPLAIN') {
    const inner = view.findForward(cmd.tokens[0]! + 1, (k) => explainable.has(view.plainWord(k) ?? '') && view.depth[k] === 0);
    if (inner >= 0 && i >= inner) {
      return commandAt(view, inner);
    }
  }
  return cmd;
}

/** The longest multi-word construct (LEFT OUTER JOIN, IS NOT DISTINCT FROM…) that contains token i. */
export function phraseAt(view: NestedTokens, i: number): { target: DocsTarget; key: string } | null {
  for (let len = 4; len >= 2; len--) {
    for (let s = i - len + 1; s <= i; s++) {
      if (s < 0) {
        continue;
      }
      const words: string[] = [];
      for (let k = s; k < s + len; k++) {
        const w = view.plainWord(k);
        if (!w) {
          break;
        }
        words.push(w);
      }
      if (words.length === len) {
        const key = words.join(' ');
        const target = construct(key);
        if (target) {
          return { target, key };
        }
      }
    }
  }
  return null;
}

/** Constraints and table options whose own sections explain them better than CREATE TABLE's synopsis. */
const tableDefinitionPhrases = new Set([
  'PRIMARY KEY', 'FOREIGN KEY', 'REFERENCES', 'ON DELETE', 'ON UPDATE', 'GENERATED ALWAYS AS', 'GENERATED ALWAYS AS IDENTITY',
  'PARTITION BY RANGE', 'PARTITION BY LIST', 'PARTITION BY HASH', 'PARTITION OF', 'INHERITS', 'CHECK', 'UNIQUE', 'DEFAULT',
  'NOT NULL', 'EXCLUDE',
]);
const tableCommands = new Set(['CREATE TABLE', 'ALTER TABLE', 'CREATE FOREIGN TABLE', 'CREATE DOMAIN', 'ALTER DOMAIN']);

/** The words of SELECT's FETCH { FIRST | NEXT } n { ROW | ROWS } { ONLY | WITH TIES }. */
const fetchWords = new Set(['FIRST', 'NEXT', 'ROW', 'ROWS', 'ONLY', 'WITH', 'TIES']);

/** Window-frame words: inside OVER (…) they are the window's. */
const windowWords = new Set(['ORDER', 'PARTITION', 'BY', 'ROWS', 'RANGE', 'GROUPS', 'BETWEEN', 'PRECEDING', 'FOLLOWING', 'UNBOUNDED', 'CURRENT', 'ROW', 'EXCLUDE', 'TIES', 'OTHERS']);

/** The meaning of token i of `view`, or null. */
export function tokenMeaning(view: NestedTokens, i: number): DocsTarget | null {
  const t = view.tokens[i];
  if (!t) {
    return null;
  }
  if (t.kind === 'TYPECAST') {
    return construct('::');
  }
  if (t.kind === 'PARAM') {
    return construct('$1');
  }
  if (t.text === '*' && !operandBefore(view, i)) {
    // SELECT *, t.*, count(*): all columns (or all rows), not multiplication
    const callee = view.text(i - 1) === '(' ? findEntry('function', view.text(i - 2).toLowerCase()) : null;
    return callee ?? construct('SELECT LIST');
  }
  if (isOperatorToken(t)) {
    return (t.text === '=' ? optionAssignment(view, i) : null) ?? operatorMeaning(view, i);
  }
  const w = view.plainWord(i);
  const options = optionListCommand(view, i);
  if (w && options) {
    return command(options);
  }
  if (!w || !view.isKeyword(i) || view.text(i - 1) === '.') {
    // names, constants, quoted identifiers, qualified names (information_schema.columns):
    // functions, types, settings, catalogs…
    return nameMeaning(view, i);
  }
  const type = typeAt(view, i);
  if (type) {
    return type;
  }
  if (niladic.has(w) && !commandAt(view, 0)?.tokens.includes(i)) {
    return findEntry('function', w);
  }
  const list = valueListMeaning(view, i, w);
  if (list) {
    return list;
  }
  if (view.text(i + 1) === '(' && t.keywordKind !== 4) {
    // COALESCE(…), GREATEST(…), left(…), position(…): keywords that are also function names;
    // char(…), numeric(…): a cast written as a call, documented with its type
    const call = construct(w) ?? findEntry('function', w) ?? findEntry('type', w);
    if (call) {
      return call;
    }
  }
  return keywordMeaning(view, i, w);
}

function keywordMeaning(view: NestedTokens, i: number, w: string): DocsTarget | null {
  const cmd = commandFor(view, i);
  if (cmd?.tokens.includes(i)) {
    return command(cmd.title);
  }
  if (cmd?.title === 'EXPLAIN') {
    // before the explained statement: EXPLAIN's options (ANALYZE, VERBOSE, (BUFFERS …))
    return command('EXPLAIN');
  }
  const scope = queryScope(view, i);
  const phrase = phraseAt(view, i);
  if (scope.head < 0 || (cmd && !isQueryCommand(cmd.title) && scope.head < firstToken(cmd))) {
    return utilityMeaning(view, i, w, cmd, phrase, scope);
  }
  // a reserved word belongs to the statement's syntax; an unreserved one may be a column's name
  const grammatical = (view.tokens[i]?.keywordKind ?? 0) >= 3;
  return queryMeaning(view, i, w, scope, phrase) ?? (cmd && grammatical ? command(cmd.title) : null);
}

/**
 * `=` in SET work_mem = …, CREATE AGGREGATE (stype = …), WITH (fillfactor = 70) assigns an
 * option of the command; in a predicate (WHERE, CHECK (…)) it compares.
 */
function optionAssignment(view: NestedTokens, i: number): DocsTarget | null {
  const cmd = commandAt(view, 0);
  const scope = queryScope(view, i);
  if (scope.head >= 0) {
    // UPDATE … SET a = 1 (also ON CONFLICT DO UPDATE SET, MERGE … UPDATE SET) assigns
    for (let k = i - 1; k > scope.head && view.depth[k]! >= view.depth[i]!; k--) {
      const w = view.depth[k] === view.depth[i] ? view.plainWord(k) : null;
      if (w === 'SET') {
        return queryMeaning(view, k, w, scope, null);
      }
      if (w && ['WHERE', 'FROM', 'RETURNING', 'WHEN', 'AND', 'OR', 'ON'].includes(w)) {
        break;
      }
    }
    return null;
  }
  // CREATE AGGREGATE a (stype = …) is a definition list, lower(a = b) a call
  const callee = scope.paren === 'call' ? view.text(scope.parenIndex - 1).toLowerCase() : null;
  if (!cmd || (callee !== null && findEntry('function', callee))) {
    return null;
  }
  const predicate = ['CHECK', 'WHERE', 'USING', 'WHEN'];
  if (scope.paren === 'expression' && predicate.includes(view.plainWord(scope.parenIndex - 1) ?? '')) {
    return null;
  }
  for (let k = i - 1; k >= 0; k--) {
    if (view.depth[k] === view.depth[i] && predicate.includes(view.plainWord(k) ?? '')) {
      return null;
    }
  }
  return command(cmd.title);
}

/**
 * `a IN (1, 2)` compares with a list and `a = ANY (arr)` with an array (Row and Array
 * Comparisons); with a subquery inside the parentheses they are subquery expressions.
 */
function valueListMeaning(view: NestedTokens, i: number, w: string): DocsTarget | null {
  const isNot = w === 'NOT' && view.plainWord(i + 1) === 'IN';
  const kw = isNot ? 'IN' : w;
  const open = isNot ? i + 2 : i + 1;
  if (!['IN', 'ANY', 'SOME', 'ALL'].includes(kw) || view.text(open) !== '(') {
    return null;
  }
  if (['SELECT', 'VALUES', 'WITH', 'TABLE'].includes(view.plainWord(open + 1) ?? '')) {
    return null;
  }
  if (kw === 'IN') {
    return construct(view.plainWord(i - 1) === 'NOT' || isNot ? 'NOT IN LIST' : 'IN LIST');
  }
  return construct(kw === 'ALL' ? 'ALL ARRAY' : 'ANY ARRAY');
}

/** Whether token i has a left operand (so `*` multiplies): a name, a constant or `)`. */
function operandBefore(view: NestedTokens, i: number): boolean {
  const prev = view.tokens[i - 1];
  if (!prev || prev.text === '.' || prev.text === '(' || prev.text === ',') {
    return false;
  }
  return prev.text === ')' || prev.kind === 'IDENT' || /CONST$/.test(prev.kind) || prev.kind === 'PARAM' || (prev.keywordKind > 0 && prev.keywordKind < 4 && view.text(i + 1) !== 'FROM');
}

/** SQL functions called without parentheses. */
const niladic = new Set(['CURRENT_USER', 'SESSION_USER', 'CURRENT_ROLE', 'CURRENT_SCHEMA', 'CURRENT_CATALOG', 'USER', 'SYSTEM_USER']);

/** Commands whose parenthesised option lists (EXPLAIN (ANALYZE, BUFFERS)) are theirs alone. */
const optionCommands = new Set(['EXPLAIN', 'VACUUM', 'ANALYZE', 'CLUSTER', 'REINDEX', 'COPY']);

/** The command whose option list holds token i, or null. */
function optionListCommand(view: NestedTokens, i: number): string | null {
  const open = view.opener[i] ?? -1;
  if (open < 1 || view.opener[open] !== -1) {
    return null;
  }
  const cmd = commandAt(view, 0);
  if (!cmd || !optionCommands.has(cmd.title)) {
    return null;
  }
  if (['SELECT', 'WITH', 'VALUES', 'INSERT', 'UPDATE', 'DELETE', 'TABLE'].includes(view.plainWord(open + 1) ?? '')) {
    return null; // COPY (SELECT …) TO: a query, not options
  }
  const before = open - 1;
  return cmd.tokens.includes(before) || (cmd.title === 'COPY' && view.plainWord(before) === 'WITH') ? cmd.title : null;
}

const firstToken = (cmd: CommandMatch): number => cmd.tokens[0] ?? 0;

function isQueryCommand(title: string): boolean {
  return ['SELECT', 'SELECT INTO', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'VALUES'].includes(title);
}

/** Keywords of DDL and utility commands: the command's page, except for expressions and table constraints. */
function utilityMeaning(
  view: NestedTokens,
  i: number,
  w: string,
  cmd: CommandMatch | null,
  phrase: { target: DocsTarget; key: string } | null,
  scope: QueryScope,
): DocsTarget | null {
  const inExpression = scope.paren === 'call' || (scope.paren === 'expression' && ['CHECK', 'WHERE', 'USING', 'DEFAULT'].includes(view.plainWord(scope.parenIndex - 1) ?? ''));
  if (inExpression || !cmd) {
    return phrase?.target ?? expressionWord(view, i, w) ?? (cmd ? command(cmd.title) : null);
  }
  if ((w === 'CONCURRENTLY' && cmd.title === 'CREATE INDEX') || (w === 'ENUM' && cmd.title === 'CREATE TYPE')) {
    return construct(w);
  }
  if (tableCommands.has(cmd.title)) {
    const hit = phrase && tableDefinitionPhrases.has(phrase.key) ? phrase.target : tableDefinitionPhrases.has(w) ? construct(w) : null;
    if (hit) {
      return hit;
    }
  }
  return command(cmd.title);
}

/** Single words of expressions: CASE … END, LIKE, BETWEEN, AND, EXISTS, ARRAY… */
function expressionWord(view: NestedTokens, i: number, w: string): DocsTarget | null {
  if (['WHEN', 'THEN', 'ELSE', 'END'].includes(w)) {
    return caseBefore(view, i) ? construct('CASE') : null;
  }
  return construct(w);
}

function caseBefore(view: NestedTokens, i: number): boolean {
  const d = view.depth[i];
  let open = 0;
  for (let k = i - 1; k >= 0 && view.depth[k]! >= d!; k--) {
    if (view.depth[k] !== d) {
      continue;
    }
    const w = view.plainWord(k);
    if (w === 'END') {
      open--;
    } else if (w === 'CASE') {
      open++;
      if (open > 0) {
        return true;
      }
    }
  }
  return false;
}

/** Keywords inside a query: clauses, joins, window definitions, ON CONFLICT… */
function queryMeaning(
  view: NestedTokens,
  i: number,
  w: string,
  scope: QueryScope,
  phrase: { target: DocsTarget; key: string } | null,
): DocsTarget | null {
  const head = scope.headWord;
  if (i === scope.head) {
    if (head === 'WITH') {
      return phrase?.target ?? construct('WITH');
    }
    return command(head === 'SELECT' && commandFor(view, i)?.title === 'SELECT INTO' ? 'SELECT INTO' : head ?? '');
  }
  if (scope.paren === 'window' && windowWords.has(w)) {
    return construct('OVER');
  }
  if (w === 'WHERE' && view.plainWord(scope.parenIndex - 1) === 'FILTER') {
    return construct('FILTER');
  }
  if ((scope.paren === 'call' || scope.paren === 'group') && (w === 'ORDER' || w === 'BY' || w === 'DISTINCT')) {
    return construct('AGGREGATE ORDER BY');
  }
  const onConflict = head === 'INSERT' && wordBetween(view, scope.head, i, ['CONFLICT']) >= 0;
  if (onConflict && phrase?.key !== 'ON CONFLICT' && !['RETURNING'].includes(w)) {
    return construct('ON CONFLICT');
  }
  if (phrase) {
    return phrase.target;
  }
  if (fetchWords.has(w) && wordBetween(view, scope.head, i, ['FETCH']) >= 0) {
    // FETCH FIRST 5 ROWS ONLY: SELECT's LIMIT clause, not the FETCH command
    return construct('FETCH FIRST');
  }
  switch (w) {
    case 'SET':
    case 'VALUES':
    case 'INTO':
    case 'DEFAULT':
    case 'ONLY':
      return head === 'SELECT' ? (w === 'INTO' ? command('SELECT INTO') : null) : command(head ?? '');
    case 'ON':
    case 'USING': {
      const join = wordBetween(view, scope.head, i, ['JOIN']);
      if (join >= 0 && wordBetween(view, join, i, ['WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'RETURNING']) < 0) {
        return construct(w === 'ON' ? 'JOIN ON' : 'JOIN USING');
      }
      return command(head ?? '');
    }
    case 'FROM':
    case 'WHERE':
    case 'HAVING':
    case 'WINDOW':
    case 'LIMIT':
    case 'OFFSET':
      return head === 'SELECT' ? construct(w) : command(head ?? '');
    case 'WHEN':
    case 'THEN':
    case 'ELSE':
    case 'END':
      if (caseBefore(view, i)) {
        return construct('CASE');
      }
      return head === 'MERGE' ? command('MERGE') : null;
    case 'AS':
      return command(head ?? '');
    default:
      // INSERT INTO t OVERRIDING SYSTEM VALUE …: INSERT's own words, before its rows
      if (head === 'INSERT' && view.depth[i] === view.depth[scope.head] && wordBetween(view, scope.head, i, ['VALUES', 'SELECT', 'WITH', 'DEFAULT']) < 0) {
        return construct(w) ?? command('INSERT');
      }
      return construct(w);
  }
}
