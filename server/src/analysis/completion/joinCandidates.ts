/**
 * What the foreign keys suggest while a join is written: after `JOIN x ON` the conditions
 * they imply (with the aliases in scope, the joined item's side first, composite keys with
 * AND); after `JOIN x USING (` their columns first; after `JOIN ` the tables linked to the
 * FROM items first, each also as `orders o ON o.customer_id = c.customer_id` (a snippet whose
 * alias the user may retype).
 */
import type { CatalogRelation } from '../../catalog/model';
import type { FromItem } from '../tokens/scopeReader';
import { refName } from '../tokens/scopeReader';
import { group, quoteName, snippetText } from './collector';
import { aliasFor, conditionText, keyJoins, relatedRelations, type KeyJoin } from './foreignKeys';
import type { CompletionRequest } from './completionRequest';

/** The items of the cursor's own query level that end before token `before`. */
function ownItemsBefore({ scope }: CompletionRequest, before: number): FromItem[] {
  return scope().items.filter((item) => (item.level ?? 0) === 0 && item.span !== undefined && item.span[1] <= before);
}

/**
 * Right after the ON of `… JOIN x [alias] ON`: each foreign key between x and an earlier FROM
 * item as a whole condition, x's side first; the other side first too once the user types
 * (`c` offers `c.customer_id = o.customer_id`).
 */
export function joinConditionCandidates(request: CompletionRequest): void {
  const { ctx, index, tokens } = request;
  if (!index || ctx.quoted || !tokens.is(ctx.tokenBefore, 'ON')) {
    return;
  }
  const own = ownItemsBefore(request, ctx.tokenBefore);
  const joined = own[own.length - 1];
  if (!joined?.relation || !joined.span || !tokens.is(joined.span[0] - 1, 'JOIN')) {
    return;
  }
  const ref = refName(joined);
  if (ref === null) {
    return;
  }
  let rank = 0;
  // the nearest earlier item first
  for (const other of own.slice(0, -1).reverse()) {
    const otherRef = refName(other);
    if (!other.relation || otherRef === null || otherRef === ref) {
      continue;
    }
    for (const join of keyJoins(index.catalog, joined.relation, other.relation)) {
      const mine = conditionText(join, quoteName(ref), quoteName(otherRef), quoteName);
      addCondition(request, mine, join, rank++);
      if (ctx.query !== '') {
        const theirs = conditionText({ key: join.key, columns: join.otherColumns, otherColumns: join.columns }, quoteName(otherRef), quoteName(ref), quoteName);
        addCondition(request, theirs, join, rank++);
      }
    }
  }
}

function addCondition({ out }: CompletionRequest, text: string, join: KeyJoin, rank: number): void {
  out.add(
    group.join,
    text,
    () => ({ label: text, kind: 'join', detail: `foreign key ${join.key.name}`, insertText: text, snippet: false }),
    rank,
    text.toLowerCase(),
  );
}

/** JOIN x USING (: the columns of a foreign key that have the same name on both sides, first and as one list. */
export function usingKeyColumns(request: CompletionRequest, joined: FromItem, earlier: readonly FromItem[]): string[] {
  const { out, index, ctx, tokens } = request;
  const first: string[] = [];
  // the whole key as one item only as the list's first item
  const listStart = tokens.text(ctx.tokenBefore) === '(';
  if (!index || !joined.relation) {
    return first;
  }
  for (const other of earlier) {
    if (!other.relation) {
      continue;
    }
    for (const join of keyJoins(index.catalog, joined.relation, other.relation)) {
      if (join.columns.every((c, i) => c === join.otherColumns[i])) {
        first.push(...join.columns.filter((c) => !first.includes(c)));
        if (join.columns.length > 1 && listStart) {
          const list = join.columns.map(quoteName).join(', ');
          out.add(group.join, list, () => ({ label: list, kind: 'join', detail: `foreign key ${join.key.name}`, insertText: list, snippet: false }), 0, list);
        }
      }
    }
  }
  return first;
}

/** Words that may follow a complete FROM item: a JOIN snippet only goes where one ends. */
// prettier-ignore
const afterItemWords = new Set([
  'WHERE', 'GROUP', 'HAVING', 'WINDOW', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'FOR', 'UNION', 'INTERSECT', 'EXCEPT',
  'JOIN', 'LEFT', 'RIGHT', 'FULL', 'INNER', 'CROSS', 'NATURAL', 'RETURNING',
]);

/**
 * After `JOIN `: the relations a foreign key links to an earlier FROM item, as a rank for
 * addRelations (lower first); and, where the FROM item may end at the cursor, each of them
 * as a whole join with its condition.
 */
export function joinTargets(request: CompletionRequest): Map<CatalogRelation, number> {
  const ranks = new Map<CatalogRelation, number>();
  const { out, ctx, index, tokens, scope } = request;
  if (!index || !tokens.is(ctx.tokenBefore, 'JOIN')) {
    return ranks;
  }
  const own = ownItemsBefore(request, ctx.tokenBefore);
  const related = relatedRelations(index, own);
  for (const { relation } of related) {
    if (!ranks.has(relation)) {
      ranks.set(relation, ranks.size);
    }
  }
  const next = tokens.indexAt(ctx.replaceEnd);
  const endsHere = next >= tokens.length || tokens.text(next) === ';' || tokens.text(next) === ')' || afterItemWords.has(tokens.word(next));
  if (!endsHere || ctx.quoted) {
    return ranks;
  }
  const taken = new Set(scope().items.map((item) => (refName(item) ?? '').toLowerCase()));
  related.forEach(({ relation, item, join }, k) => {
    const name = quoteName(relation.name);
    const visible = index.resolveRelation(null, relation.name) === relation;
    const written = visible ? name : `${quoteName(relation.schema)}.${name}`;
    const alias = aliasFor(relation.name, taken, (a) => quoteName(a) === a);
    const condition = conditionText(join, alias, quoteName(refName(item)!), quoteName);
    const snippetCondition = conditionText(join, '\u0000', quoteName(refName(item)!), quoteName)
      .split('\u0000')
      .map(snippetText)
      .join('${1}');
    out.add(
      group.join,
      relation.name,
      () => ({
        label: `${written} ${alias} ON ${condition}`,
        kind: 'join',
        detail: `foreign key ${join.key.name}`,
        insertText: `${snippetText(written)} \${1:${alias}} ON ${snippetCondition}$0`,
        snippet: true,
      }),
      // right after the relation itself
      -1_000 + 2 * (ranks.get(relation) ?? k) + 1,
      relation.name.toLowerCase(),
    );
  });
  return ranks;
}
