/**
 * What the cursor is in the middle of, read from the tokens before it: the word being typed
 * (the text it will replace), and what may come here — a column of a FROM item after
 * `alias.`, a relation after FROM/JOIN, a column of the INSERT target, an expression, the
 * start of a statement. Plain data; completion.ts turns it into candidates.
 */
import { isFromListComma, isInExpressionFrom, isNameToken, nameOf, relationPositionWords, scanPrefix } from '../tokens/statementTokens';
import { NestedTokens } from '../../parser';

export type Place =
  /** after `a.` or `a.b.`: members of that name (columns of an alias/table, objects of a schema) */
  | { kind: 'qualified'; parts: string[] }
  /** where a table, view or table function goes */
  | { kind: 'relation' }
  /** after a complete FROM item: WHERE, JOIN … */
  | { kind: 'afterRelation' }
  /** INSERT INTO t (…) and UPDATE t SET …: columns of the target only, unqualified */
  | { kind: 'targetColumn' }
  /** JOIN t USING (…): the columns both sides have */
  | { kind: 'joinUsing' }
  /** after `::`, in a column definition, CAST(… AS */
  | { kind: 'type' }
  /** the start of an element of CREATE TABLE ( … ): a new column's name or a constraint */
  | { kind: 'tableElement' }
  /** after CALL */
  | { kind: 'procedure' }
  | { kind: 'expression' }
  | { kind: 'statement' };

export interface CursorContext {
  place: Place;
  /** what the user typed of the current word, unquoted (for scoring); '' when none */
  query: string;
  /** the word starts with `"`: candidates are inserted quoted and compared case-sensitively */
  quoted: boolean;
  /** statement-relative UTF-16 range the completion replaces */
  replaceStart: number;
  replaceEnd: number;
  /** index, in the full statement's NestedTokens, of the last token before the word (-1 for none) */
  tokenBefore: number;
  /** the first character after the word, spaces skipped ('' at the end): `(` asks for a function, `.` for a qualifier */
  following: string;
}

// prettier-ignore
const expressionWords = new Set([
  'SELECT', 'WHERE', 'ON', 'HAVING', 'BY', 'RETURNING', 'WHEN', 'THEN', 'ELSE', 'AND', 'OR', 'NOT',
  'CASE', 'DISTINCT', 'VALUES', 'IN', 'IS', 'LIKE', 'ILIKE', 'BETWEEN', 'LIMIT', 'OFFSET', 'ALL', 'ANY',
  'EXISTS', 'SET', 'USING', 'FILTER', 'OVER', 'DO', 'ARRAY', 'ROW', 'DEFAULT',
]);

/**
 * Reads the context at `cursor` (statement-relative) in `text` (the statement). Returns null
 * inside a string literal or a comment, where completion has nothing to offer.
 */
export function cursorContext(text: string, cursor: number, full: NestedTokens): CursorContext | null {
  const prefixText = text.slice(0, cursor);
  const { tokens, open } = scanPrefix(prefixText);
  if (open && open.kind !== 'identifier') {
    return null;
  }
  let replaceStart = cursor;
  let query = '';
  let quoted = false;
  let before = tokens;
  if (open) {
    replaceStart = open.start;
    query = prefixText.slice(open.start + 1).replace(/""/g, '"');
    quoted = true;
  } else {
    const last = tokens[tokens.length - 1];
    if (last && last.end === cursor && (last.kind === 'SQL_COMMENT' || last.kind === 'C_COMMENT')) {
      return null;
    }
    if (last && last.end === cursor && (isNameToken(last, true) || last.text.startsWith('"'))) {
      replaceStart = last.start;
      quoted = last.text.startsWith('"');
      query = quoted ? nameOf(last) : last.text;
      before = tokens.slice(0, -1);
    }
    // a number or an operator right before the cursor: nothing sensible to complete
    if (last && last.end === cursor && (last.kind === 'ICONST' || last.kind === 'FCONST' || last.kind === 'SCONST')) {
      return null;
    }
  }
  // the rest of the identifier after the cursor is replaced too
  let replaceEnd = cursor;
  if (!quoted) {
    const rest = /^[A-Za-z0-9_$\u0080-\uffff]*/.exec(text.slice(cursor));
    replaceEnd += rest ? rest[0].length : 0;
  }
  const b = new NestedTokens(before);
  // the full statement's token starting where the prefix's last one does (or the nearest
  // before it: the two scans differ when the statement has an open quote after the cursor)
  const tokenBefore = b.length === 0 ? -1 : full.indexAt(b.at(b.length - 1)!.start + 1) - 1;
  const following = /^\s*(\S?)/.exec(text.slice(replaceEnd))![1]!;
  return { place: placeOf(b), query, quoted, replaceStart, replaceEnd, tokenBefore, following };
}

function placeOf(b: NestedTokens): Place {
  const n = b.length;
  if (n === 0) {
    return { kind: 'statement' };
  }
  const last = b.at(n - 1)!;
  if (last.text === '.') {
    const parts: string[] = [];
    let j = n - 2;
    while (j >= 0 && isNameToken(b.at(j), true)) {
      parts.unshift(nameOf(b.at(j)!));
      if (b.at(j - 1)?.text !== '.') {
        break;
      }
      j -= 2;
    }
    return parts.length > 0 ? { kind: 'qualified', parts } : { kind: 'expression' };
  }
  if (last.text === '::' || isTypePosition(b, n)) {
    return { kind: 'type' };
  }
  if (last.text === ';') {
    return { kind: 'statement' };
  }
  const depth = last.text === '(' ? b.depth[n - 1]! + 1 : b.depth[n - 1]!;
  // walk back over this parenthesis level to the word that decides
  let sinceComma = 0;
  let sawName = false;
  for (let j = n - 1; j >= 0; j--) {
    const t = b.at(j)!;
    const d = t.text === '(' ? b.depth[j]! + 1 : b.depth[j]!;
    if (d > depth) {
      sawName = true;
      continue;
    }
    if (t.text === '(' && d === depth && b.depth[j]! < depth) {
      return placeInParenthesis(b, j, sawName || sinceComma > 0);
    }
    const w = b.word(j);
    if (t.text === ',') {
      const listPlace = b.opener[j]! >= 0 ? placeInParenthesis(b, b.opener[j]!, true).kind : null;
      if (listPlace === 'targetColumn' || listPlace === 'tableElement' || listPlace === 'joinUsing') {
        return { kind: listPlace };
      }
      if (isFromListComma(b, j)) {
        return sinceComma === 0 ? { kind: 'relation' } : { kind: 'afterRelation' };
      }
      if (setListAt(b, j, depth)) {
        return sinceComma === 0 ? { kind: 'targetColumn' } : { kind: 'expression' };
      }
      return { kind: 'expression' };
    }
    if (relationPositionWords.has(w) && !(w === 'FROM' && isInExpressionFrom(b, j))) {
      if (w === 'TABLE' && b.is(j - 1, 'CREATE', 'TEMP', 'TEMPORARY', 'UNLOGGED')) {
        // a new table's name: nothing in the catalog to offer
        return { kind: 'afterRelation' };
      }
      return sinceComma === 0 ? { kind: 'relation' } : { kind: 'afterRelation' };
    }
    if (w === 'SET' && b.is(j - 1, 'DO') === false && sinceComma === 0) {
      return isUpdateSet(b, j) ? { kind: 'targetColumn' } : { kind: 'expression' };
    }
    if (w === 'CALL' && j === 0) {
      return sinceComma === 0 ? { kind: 'procedure' } : { kind: 'expression' };
    }
    if (sinceComma === 0 && isDdlRelationWord(b, j)) {
      return { kind: 'relation' };
    }
    if (w === 'USING' && isDmlUsing(b, j)) {
      // DELETE … USING and MERGE … USING name relations
      return sinceComma === 0 ? { kind: 'relation' } : { kind: 'afterRelation' };
    }
    if (expressionWords.has(w)) {
      return { kind: 'expression' };
    }
    if (t.kind !== 'UNKNOWN' || isNameToken(t)) {
      sinceComma++;
    } else if (/^[-+*/<>=!~%^&|]+$/.test(t.text)) {
      return { kind: 'expression' };
    }
  }
  return n === 0 ? { kind: 'statement' } : { kind: 'expression' };
}

/** The cursor is directly inside `(`: decide from what precedes the parenthesis. */
function placeInParenthesis(b: NestedTokens, open: number, hasContent: boolean): Place {
  // INSERT INTO name [AS alias] ( …
  let k = open - 1;
  if (isNameToken(b.at(k), true) && b.is(k - 1, 'AS')) {
    k -= 2;
  }
  while (isNameToken(b.at(k), true) && b.at(k - 1)?.text === '.') {
    k -= 2;
  }
  if (isNameToken(b.at(k), true) && b.is(k - 1, 'INTO')) {
    return { kind: 'targetColumn' };
  }
  if (b.is(open - 1, 'USING') && !isDmlUsing(b, open - 1) && !b.is(open + 1, 'SELECT', 'VALUES', 'WITH')) {
    return { kind: 'joinUsing' };
  }
  if (isCreateTableParenthesis(b, open)) {
    // a new column's name, or a table constraint
    return { kind: 'tableElement' };
  }
  if (!hasContent && b.at(open - 1) && (b.is(open - 1, 'FROM', 'JOIN', 'LATERAL', 'EXISTS', 'IN') || b.at(open - 1)!.text === ',')) {
    // a subquery is starting
    return b.is(open - 1, 'IN') ? { kind: 'expression' } : { kind: 'statement' };
  }
  return { kind: 'expression' };
}

/**
 * Where a type name goes: `CAST(x AS |`, `ALTER COLUMN c TYPE |`, `ADD [COLUMN] c |`, and a
 * column definition of CREATE TABLE (`create table t (id |` or `…, name |`).
 */
function isTypePosition(b: NestedTokens, n: number): boolean {
  const last = n - 1;
  if (b.is(last, 'AS') && b.opener[last]! > 0 && b.is(b.opener[last]! - 1, 'CAST')) {
    return true;
  }
  if (b.is(last, 'TYPE') && b.is(last - 2, 'COLUMN') && b.is(last - 3, 'ALTER')) {
    return true;
  }
  if (!isNameToken(b.at(last), true) || b.is(last, 'COLUMN')) {
    return false;
  }
  if (b.is(last - 1, 'ADD') || (b.is(last - 1, 'COLUMN') && b.is(last - 2, 'ADD'))) {
    return true;
  }
  // a column name right after `(` or `,` of CREATE TABLE name ( … )
  const open = b.opener[last]!;
  const before = b.at(last - 1);
  if (open < 0 || !before || (before.text !== '(' && before.text !== ',') || b.depth[last] !== b.depth[open]! + 1) {
    return false;
  }
  // …, CONSTRAINT x, PRIMARY KEY (…), LIKE t: not column definitions
  return isCreateTableParenthesis(b, open) && !b.is(last, 'CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN', 'LIKE', 'EXCLUDE');
}

/** The `(` at `open` starts the element list of CREATE TABLE name ( … ). */
function isCreateTableParenthesis(b: NestedTokens, open: number): boolean {
  let k = open - 1;
  while (isNameToken(b.at(k), true) && b.at(k - 1)?.text === '.') {
    k -= 2;
  }
  k--;
  if (b.is(k, 'EXISTS') && b.is(k - 1, 'NOT') && b.is(k - 2, 'IF')) {
    k -= 3;
  }
  return b.is(k, 'TABLE');
}

/** Whether a comma at j separates UPDATE … SET assignments. */
function setListAt(b: NestedTokens, j: number, depth: number): boolean {
  for (let i = j - 1; i >= 0; i--) {
    if (b.depth[i] !== depth) {
      continue;
    }
    const w = b.word(i);
    if (w === 'SET') {
      return isUpdateSet(b, i);
    }
    if (w !== '' && expressionWords.has(w) && w !== 'DEFAULT') {
      return false;
    }
  }
  return false;
}

function isUpdateSet(b: NestedTokens, set: number): boolean {
  for (let i = set - 1; i >= 0; i--) {
    if (b.is(i, 'UPDATE')) {
      return true;
    }
    if (b.is(i, 'SELECT', 'WHERE', 'FROM')) {
      return false;
    }
  }
  return false;
}

/** USING at j belongs to DELETE (its FROM list) or MERGE (its source), not to a join. */
function isDmlUsing(b: NestedTokens, j: number): boolean {
  if (b.at(j + 1)?.text === '(' && !b.is(j + 2, 'SELECT', 'VALUES', 'WITH')) {
    return false;
  }
  for (let i = j - 1; i >= 0; i--) {
    if (b.depth[i] !== b.depth[j]) {
      continue;
    }
    if (b.is(i, 'DELETE', 'MERGE')) {
      return true;
    }
    if (b.is(i, 'JOIN', 'SELECT', 'WHERE', 'ON')) {
      return false;
    }
  }
  return false;
}

/**
 * Where DDL and maintenance commands name an existing relation: `REFERENCES |`,
 * `CREATE INDEX [name] ON |`, `REFRESH MATERIALIZED VIEW |`, `VACUUM [(…)] |`, `ANALYZE |`,
 * `COMMENT ON TABLE | VIEW | COLUMN |`.
 */
function isDdlRelationWord(b: NestedTokens, j: number): boolean {
  const w = b.word(j);
  if (w === 'REFERENCES') {
    return true;
  }
  if (w === 'ON') {
    let k = j - 1;
    if (isNameToken(b.at(k)) && !b.is(k, 'INDEX', 'CONCURRENTLY')) {
      k--;
    }
    if (b.is(k, 'EXISTS') && b.is(k - 2, 'IF')) {
      k -= 3;
    }
    if (b.is(k, 'CONCURRENTLY')) {
      k--;
    }
    return b.is(k, 'INDEX') && b.is(k - 1, 'CREATE', 'UNIQUE');
  }
  if (w === 'VIEW' && b.is(j - 1, 'MATERIALIZED') && b.is(j - 2, 'REFRESH')) {
    return true;
  }
  if (w === 'VACUUM' || w === 'ANALYZE') {
    return j === 0 || b.is(j - 1, 'VERBOSE');
  }
  if (b.at(j)!.text === ')' && b.depth[j] === 0) {
    // VACUUM (options) |
    const open = b.openerOf(j);
    return open > 0 && b.is(open - 1, 'VACUUM', 'ANALYZE');
  }
  // COMMENT ON COLUMN names `table.column`: the table first
  return (w === 'TABLE' || w === 'VIEW' || w === 'COLUMN') && b.is(j - 1, 'ON') && b.is(j - 2, 'COMMENT');
}
