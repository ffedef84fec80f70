/**
 * What the name under the cursor refers to, for hover: a column (of which FROM item and
 * which table), a table or view, a function, a CTE or subquery, a schema — resolved from
 * scanner tokens and the catalog like completion, so it also works while the statement is
 * broken. Plain data; features/hover.ts renders it.
 */
import type { Catalog, CatalogColumn, CatalogFunction, CatalogRelation } from '../../catalog/model';
import { NestedTokens, type ParsedDocument } from '../../parser';
import { CatalogIndex } from '../tokens/catalogIndex';
import { refName, ScopeReader, type FromItem, type ScopeColumn } from '../tokens/scopeReader';
import { isFromListComma, isNameToken, nameOf, relationPositionWords } from '../tokens/statementTokens';
import { documentObjectsBefore } from '../tokens/documentRelations';

export type HoverSubject =
  | {
      kind: 'column';
      name: string;
      type: string | null;
      /** the catalog's column when the FROM item is a table or view */
      column: CatalogColumn | null;
      /** the table or view it belongs to */
      relation: CatalogRelation | null;
      /** the FROM item it was found through (alias, CTE, subquery…) */
      via: { kind: FromItem['kind']; name: string | null; alias: string | null };
    }
  | { kind: 'relation'; relation: CatalogRelation; alias: string | null }
  | { kind: 'derived'; itemKind: FromItem['kind']; name: string; columns: readonly ScopeColumn[] | null }
  | { kind: 'function'; schema: string; name: string; overloads: CatalogFunction[] }
  | { kind: 'schema'; name: string };

export interface HoverAnswer {
  subject: HoverSubject;
  /** document UTF-16 range of the hovered name */
  start: number;
  end: number;
}
/** The dotted name chain `a.b.c` around the token under the cursor, in statement tokens. */
interface NameChain {
  list: NestedTokens;
  /** the hovered token's index, the chain's first and last name tokens */
  i: number;
  first: number;
  last: number;
  /** the chain's names as PostgreSQL looks them up, and which of them is hovered */
  parts: string[];
  at: number;
}

export function hoverAt(doc: ParsedDocument, offset: number, catalog: Catalog | null): HoverAnswer | null {
  const statement = doc.statementAt(offset);
  if (!statement || !catalog) {
    return null;
  }
  const chain = nameChainAt(new NestedTokens(statement.tokens()), offset - statement.span.start);
  if (!chain) {
    return null;
  }
  const token = chain.list.at(chain.i)!;
  // reserved keywords are never names here (unless quoted)
  if (!token.text.startsWith('"') && token.keywordKind === 4) {
    return null;
  }
  const index = CatalogIndex.for(catalog);
  const subject =
    functionSubject(chain, index) ?? scopedSubject(chain, index, new ScopeReader(chain.list, index, documentObjectsBefore(doc, statement).lookup));
  return subject ? { subject, start: statement.span.start + token.start, end: statement.span.start + token.end } : null;
}

/** The name under the cursor, or the one ending right at it (cursor after a word), with its chain. */
function nameChainAt(list: NestedTokens, local: number): NameChain | null {
  const isName = (k: number): boolean => isNameToken(list.at(k), true) || list.at(k)?.text.startsWith('"') === true;
  let i = list.indexAt(local + 1) - 1;
  if (i >= 0 && !(isName(i) && list.at(i)!.end >= local) && isName(i - 1) && list.at(i - 1)!.end === local) {
    i--;
  }
  if (i < 0 || !isName(i) || list.at(i)!.end < local) {
    return null;
  }
  // the dotted chain around the token: a.b.c
  let first = i;
  while (list.at(first - 1)?.text === '.' && isNameToken(list.at(first - 2), true)) {
    first -= 2;
  }
  let last = i;
  while (list.at(last + 1)?.text === '.' && isNameToken(list.at(last + 2), true)) {
    last += 2;
  }
  const parts: string[] = [];
  for (let k = first; k <= last; k += 2) {
    parts.push(nameOf(list.at(k)!));
  }
  return { list, i, first, last, parts, at: (i - first) / 2 };
}

/** `f(` or `s.f(`: the function's overloads; undefined when the chain calls nothing. */
function functionSubject({ list, last, parts, at }: NameChain, index: CatalogIndex): HoverSubject | null | undefined {
  const callsFunction = list.at(last + 1)?.text === '(' && at === parts.length - 1;
  if (!callsFunction) {
    return undefined;
  }
  const group = index.resolveFunction(parts.length > 1 ? parts[parts.length - 2]! : null, parts[parts.length - 1]!);
  return group ? { kind: 'function', schema: group.schema, name: group.name, overloads: group.overloads } : null;
}

/** Everything but a function call: a relation, a qualifier, an alias's definition, a column. */
function scopedSubject(chain: NameChain, index: CatalogIndex, scope: ScopeReader): HoverSubject | null {
  const { list, i, first, parts, at } = chain;
  const { items } = scope.visibleAt(i);
  const beforeChain = list.word(first - 1);
  const inRelationPosition = relationPositionWords.has(beforeChain) || (list.at(first - 1)?.text === ',' && isFromListComma(list, first - 1));
  if (inRelationPosition || (at < parts.length - 1 && parts.length - at === 2 && !items.some((x) => refName(x) === parts[at]))) {
    return relationSubject(chain, index, items, inRelationPosition);
  }
  if (at < parts.length - 1) {
    return qualifierSubject(chain, index, items);
  }
  // an alias where it is defined: `orders o` → what o stands for
  const defined = items.find((x) => x.alias === parts[0] && parts.length === 1);
  if (defined && isAliasDefinition(list, i)) {
    return itemSubject(defined);
  }
  return columnSubject(parts, items);
}

/** A relation written in FROM, or a qualifier naming a table directly (t.col / s.t.col). */
function relationSubject({ parts, at }: NameChain, index: CatalogIndex, items: FromItem[], inRelationPosition: boolean): HoverSubject | null {
  if (at === parts.length - 1 || !inRelationPosition) {
    const name = parts[at]!;
    const schema = at > 0 ? parts[at - 1]! : null;
    const item = items.find((x) => x.name === name && x.kind !== 'relation' && schema === null);
    if (item && inRelationPosition) {
      return { kind: 'derived', itemKind: item.kind, name, columns: item.columns };
    }
    const relation = index.resolveRelation(schema, name);
    if (relation) {
      return { kind: 'relation', relation, alias: null };
    }
  }
  if (at === 0 && parts.length > 1 && index.schemas().includes(parts[0]!)) {
    return { kind: 'schema', name: parts[0]! };
  }
  return null;
}

/** A qualifier: an alias, a table name, or a schema. */
function qualifierSubject({ parts, at }: NameChain, index: CatalogIndex, items: FromItem[]): HoverSubject | null {
  const name = parts[at]!;
  const item = items.find((x) => refName(x) === name && (at === 0 || x.schema === parts[at - 1] || x.relation?.schema === parts[at - 1]));
  if (item) {
    return itemSubject(item);
  }
  if (at === 0 && index.schemas().includes(name)) {
    return { kind: 'schema', name };
  }
  return null;
}

/** A column: qualified → that FROM item; bare → the nearest FROM item that has it. */
function columnSubject(parts: string[], items: FromItem[]): HoverSubject | null {
  const column = parts[parts.length - 1]!;
  const qualifier = parts.length > 1 ? parts[parts.length - 2]! : null;
  // `excluded.col` in INSERT … ON CONFLICT DO UPDATE is the target's column
  const excluded = qualifier === 'excluded' && !items.some((x) => refName(x) === 'excluded');
  const candidates = items.filter(
    (x) => (qualifier === null || refName(x) === qualifier || (excluded && x.target)) && x.columns?.some((c) => c.name === column),
  );
  const owner = candidates[0];
  if (!owner) {
    return null;
  }
  const found = owner.columns!.find((c) => c.name === column)!;
  const catalogColumn = owner.relation?.columns.find((c) => c.name === column) ?? null;
  return {
    kind: 'column',
    name: column,
    type: found.type,
    column: catalogColumn,
    relation: owner.relation,
    via: { kind: owner.kind, name: owner.name, alias: owner.alias },
  };
}

function itemSubject(item: FromItem): HoverSubject {
  if (item.relation) {
    return { kind: 'relation', relation: item.relation, alias: item.alias };
  }
  return { kind: 'derived', itemKind: item.kind, name: refName(item) ?? item.kind, columns: item.columns };
}

/** The token at i directly follows a FROM item (`orders o`, `orders AS o`, `(…) s`). */
function isAliasDefinition(list: NestedTokens, i: number): boolean {
  let j = i - 1;
  if (list.is(j, 'AS')) {
    j--;
  }
  const t = list.at(j);
  if (!t) {
    return false;
  }
  if (t.text === ')') {
    return true;
  }
  while (isNameToken(list.at(j), true) && list.at(j - 1)?.text === '.') {
    j -= 2;
  }
  return relationPositionWords.has(list.word(j - 1)) || list.at(j - 1)?.text === ',';
}
