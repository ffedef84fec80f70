/**
 * Names the document already uses around the cursor, for ranking: a column, table or
 * function written elsewhere in the statement is likely the one meant (2), one written in a
 * nearby statement a little less (1). The word being typed does not count. Reads scanner
 * tokens, which the parsed document caches per statement text, so a keystroke rescans only
 * the statement it changed.
 */
import type { NestedTokens, ParsedDocument, ParsedStatement, Token } from '../../parser';
import { isNameToken, nameOf } from '../tokens/statementTokens';

/** Statements on each side of the cursor's that count as nearby. */
const nearbyStatements = 10;

export function documentNames(doc: ParsedDocument, statement: ParsedStatement | undefined, replaceStart: number, replaceEnd: number): Map<string, number> {
  const used = new Map<string, number>();
  const at = statement ? doc.statements.indexOf(statement) : -1;
  const around = at >= 0 ? at : nearestIndex(doc, replaceStart);
  const from = Math.max(0, around - nearbyStatements);
  const to = Math.min(doc.statements.length, around + nearbyStatements + 1);
  for (let i = from; i < to; i++) {
    const s = doc.statements[i]!;
    if (s !== statement) {
      addNames(used, s.tokens(), 1);
    }
  }
  if (statement) {
    const start = statement.span.start;
    // the word under the cursor is what is being typed, not a use
    addNames(
      used,
      statement.tokens().filter((t) => t.start + start < replaceStart || t.start + start >= replaceEnd),
      2,
    );
  }
  return used;
}

function addNames(used: Map<string, number>, tokens: readonly Token[], weight: number): void {
  for (const t of tokens) {
    if (isNameToken(t)) {
      const name = nameOf(t);
      if ((used.get(name) ?? 0) < weight) {
        used.set(name, weight);
      }
    }
  }
}

function nearestIndex(doc: ParsedDocument, offset: number): number {
  let index = 0;
  doc.statements.forEach((s, i) => {
    if (s.span.start <= offset) {
      index = i;
    }
  });
  return index;
}

// prettier-ignore
const listStarts = new Set(['SELECT', 'DISTINCT', 'BY', 'RETURNING', 'SET']);
// prettier-ignore
const listEnds = new Set(['FROM', 'INTO', 'WHERE', 'GROUP', 'HAVING', 'WINDOW', 'ORDER', 'LIMIT', 'OFFSET', 'UNION', 'INTERSECT', 'EXCEPT', 'FETCH', 'FOR', 'RETURNING', 'ON', 'USING', 'VALUES']);

/**
 * Names written as whole items of the list the cursor starts an item of (`select a, b, |`,
 * `insert into t (a, |, c)`, `group by a, |`): the user rarely writes one twice, so they rank
 * last instead of first. `i` is the token before the cursor's word in `list`.
 */
export function listSiblings(list: NestedTokens, i: number, replaceToken: number): Set<string> {
  const siblings = new Set<string>();
  if (i < 0 || (list.at(i)!.text !== ',' && list.at(i)!.text !== '(' && !listStarts.has(list.word(i)))) {
    return siblings;
  }
  const depth = list.at(i)!.text === '(' ? list.depth[i]! + 1 : list.depth[i]!;
  let start = i;
  while (
    start > 0 &&
    !(list.at(start)!.text === '(' && list.depth[start] === depth - 1) &&
    !(list.depth[start] === depth && listStarts.has(list.word(start)))
  ) {
    start--;
  }
  const items: number[][] = [[]];
  for (let j = start + 1; j < list.length; j++) {
    const d = list.depth[j]!;
    if (d < depth || (d === depth && (list.at(j)!.text === ')' || listEnds.has(list.word(j))))) {
      break;
    }
    if (d === depth && list.at(j)!.text === ',') {
      items.push([]);
    } else if (j !== replaceToken) {
      items[items.length - 1]!.push(j);
    }
  }
  for (const item of items) {
    // `name` or `alias.name`
    const last = item[item.length - 1];
    if (last !== undefined && (item.length === 1 || (item.length === 3 && list.at(item[1]!)!.text === '.')) && isNameToken(list.at(last))) {
      siblings.add(nameOf(list.at(last)!));
    }
  }
  return siblings;
}
