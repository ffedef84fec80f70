/**
 * What completion offers at each place of a statement: one small provider per place kind,
 * and the helpers that add columns, relations, schemas, functions and keywords.
 */
import type { CatalogRelation } from '../../catalog/model';
import { knownColumns, loadedColumns } from '../../catalog/lazyColumns';
import type { CatalogIndex, FunctionGroup } from '../tokens/catalogIndex';
import { refName, type FromItem } from '../tokens/scopeReader';
import { columnsBeforeFrom } from './columnsBeforeFrom';
import { functionRank } from './commonFunctions';
import { group, quoteName, snippetText, type CandidateKind, type Collector } from './collector';
import { keywordsByPlace, type KeywordPlace } from './completionKeywords';
import type { CursorContext, Place } from './completionPlace';
import type { CompletionRequest } from './completionRequest';
import { joinConditionCandidates, joinTargets, usingKeyColumns } from './joinCandidates';

export type { CompletionRequest } from './completionRequest';

/** `a.|`, `s.t.|`, `s.|`: the columns of the FROM item (or table) the qualifier names; a schema's relations and functions. */
function qualifiedCandidates({ out, index, scope, quote }: CompletionRequest, place: Extract<Place, { kind: 'qualified' }>): void {
  const parts = place.parts;
  const { items } = scope();
  const name = parts[parts.length - 1]!;
  const matching = items.filter(
    (item) =>
      item.columns !== null &&
      refName(item) === name &&
      (parts.length === 1 || item.schema === parts[parts.length - 2] || item.relation?.schema === parts[parts.length - 2]),
  );
  for (const item of matching) {
    addColumns(out, item, false, quote, false);
  }
  if (matching.length === 0 && parts.length === 1 && (name === 'excluded' || name === 'old' || name === 'new')) {
    // INSERT … ON CONFLICT DO UPDATE: `excluded` is the row proposed for insertion; RETURNING
    // old.* / new.* (PostgreSQL 18) the target's row before and after
    const target = items.find((item) => item.target);
    if (target) {
      addColumns(out, target, false, quote, false);
    }
  }
  if (index) {
    if (matching.length === 0) {
      // not a FROM item: a table named directly (s.t.col)
      const relation = index.resolveRelation(parts.length > 1 ? parts[parts.length - 2]! : null, name);
      if (relation) {
        addColumns(out, relationItem(relation), false, quote, false);
      }
    }
    if (parts.length === 1 && index.schemas().includes(name)) {
      addRelations(out, index, quote, name);
      addFunctions(out, index, quote, name);
    }
  }
}

/** After FROM / JOIN / UPDATE / INTO: CTEs, relations the document created, catalog relations, schemas, set-returning functions. */
function relationCandidates(request: CompletionRequest): void {
  const { out, index, scope, documentObjects, quote, callFollows } = request;
  const { cteNames } = scope();
  for (const cte of cteNames) {
    out.add(group.cte, cte, () => ({ label: cte, kind: 'cte', detail: 'WITH query', insertText: quote(cte), snippet: false }));
  }
  for (const r of documentObjects().relations) {
    const n = r.columns.length;
    out.add(group.cte, r.name, () => ({
      label: r.name,
      kind: 'table',
      detail: `created earlier in this document · ${n} column${n === 1 ? '' : 's'}`,
      insertText: r.schema ? `${quoteName(r.schema)}.${quote(r.name)}` : quote(r.name),
      snippet: false,
    }));
  }
  if (index) {
    // after JOIN, the tables a foreign key links to the FROM items first
    addRelations(out, index, quote, null, joinTargets(request));
    addSchemas(out, index, quote);
    // followed by `(`: any plain function can be a FROM item (json_populate_record(…)), else the set-returning ones
    addFunctions(out, index, quote, null, (g) => g.overloads.some((f) => f.kind === 'function' && (callFollows || f.returnsSet)), true);
  }
}

/** INSERT's column list, UPDATE's SET: the target's columns. */
function targetColumnCandidates({ out, scope, quote }: CompletionRequest): void {
  const target = scope().items.find((item) => item.target);
  if (target) {
    addColumns(out, target, false, quote, false);
  }
}

/**
 * JOIN t USING (…): the columns the joined item shares with the items before it (all of its
 * own when unknown); those of a foreign key between them first, a composite key also as one list.
 */
function joinUsingCandidates(request: CompletionRequest): void {
  const { out, ctx, scope, quote } = request;
  const own = scope().items.filter((item) => (item.level ?? 0) === 0 && item.span !== undefined && item.span[1] <= ctx.tokenBefore);
  const joined = own[own.length - 1];
  if (!joined) {
    return;
  }
  const left = new Set(own.slice(0, -1).flatMap((item) => (item.columns ?? []).map((c) => c.name)));
  const shared = (joined.columns ?? []).filter((c) => left.has(c.name));
  const keyColumns = usingKeyColumns(request, joined, own.slice(0, -1));
  const columns = shared.length > 0 ? shared : (joined.columns ?? []);
  const ordered = [...keyColumns.flatMap((name) => columns.filter((c) => c.name === name)), ...columns.filter((c) => !keyColumns.includes(c.name))];
  addColumns(out, { ...joined, columns: ordered }, false, quote, false);
}

/**
 * Anywhere an expression goes: the SELECT list's output names in ORDER BY / GROUP BY, columns
 * in scope (qualified when ambiguous; the innermost level's first, the most recently joined
 * item first), aliases, functions, keywords.
 */
function expressionCandidates(request: CompletionRequest): void {
  const { out, ctx, index, scope, quote, outputNames } = request;
  joinConditionCandidates(request);
  const { items } = scope();
  const counts = new Map<string, number>();
  for (const item of items) {
    for (const c of item.columns ?? []) {
      counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
    }
  }
  for (const [position, c] of outputNames().entries()) {
    if (!counts.has(c.name)) {
      out.add(
        group.column,
        c.name,
        () => ({ label: c.name, kind: 'column', detail: 'output column of the SELECT list', insertText: quote(c.name), snippet: false }),
        position - 1_000,
      );
    }
  }
  items.forEach((item, i) => addColumns(out, item, true, quote, true, counts, nearness(items, i)));
  if (items.length === 0 && index) {
    columnsBeforeFrom(out, index, quote, request.tokens, ctx);
  }
  for (const item of items) {
    const ref = refName(item);
    if (ref !== null) {
      out.add(group.alias, ref, () => ({ label: ref, kind: 'alias', detail: aliasDetail(item), insertText: quote(ref), snippet: false }));
    }
  }
  if (index) {
    addFunctions(out, index, quote, null, (g) => g.overloads.some((f) => f.kind !== 'procedure'));
    if (ctx.following === '.') {
      // `schema.table.column` or `schema.function(…)` being written
      addSchemas(out, index, quote);
    }
  }
  addKeywords(out, 'expression', ctx);
}

/** After `::`, in column definitions: SQL's type spellings first, then the catalog's types. */
function typeCandidates({ out, ctx, index, quote }: CompletionRequest): void {
  // SQL's spellings first (integer, timestamp with time zone …), then the user's types
  addKeywords(out, 'type', ctx, group.type, 'type');
  if (index) {
    for (const t of index.catalog.types) {
      // pseudo-types (any, record, trigger …) are no column or cast types; names that are
      // keywords (timestamp, interval, bit …) come as the keywords above
      if (t.kind === 'p' || !(t.schema === 'pg_catalog' || index.searchPath.includes(t.schema)) || quoteName(t.name) !== t.name) {
        continue;
      }
      out.add(
        group.type,
        t.name,
        () => ({ label: t.name, kind: 'type', detail: `${typeKinds[t.kind] ?? 'type'} in ${t.schema}`, insertText: quote(t.name), snippet: false }),
        t.schema === 'pg_catalog' ? 2_000 : 1_000,
      );
    }
  }
}

/** Inside CREATE TABLE (…): the keywords that start a column or constraint. */
function tableElementCandidates({ out, ctx }: CompletionRequest): void {
  addKeywords(out, 'tableElement', ctx);
}

/** After CALL: procedures. */
function procedureCandidates({ out, index, quote }: CompletionRequest): void {
  if (index) {
    addFunctions(out, index, quote, null, (g) => g.overloads.some((f) => f.kind === 'procedure'));
  }
}

/** After a FROM item: the keywords that may follow it (JOIN, WHERE, AS …). */
function afterRelationCandidates({ out, ctx }: CompletionRequest): void {
  addKeywords(out, 'afterRelation', ctx);
}

/** At a statement's start: the commands. */
function statementCandidates({ out, ctx }: CompletionRequest): void {
  addKeywords(out, 'statement', ctx);
}

/** One provider per place (completionPlace.ts decides the place): add a place, add a line. */
export const providers: { [K in Place['kind']]: (request: CompletionRequest, place: Extract<Place, { kind: K }>) => void } = {
  qualified: qualifiedCandidates,
  relation: relationCandidates,
  targetColumn: targetColumnCandidates,
  joinUsing: joinUsingCandidates,
  expression: expressionCandidates,
  type: typeCandidates,
  tableElement: tableElementCandidates,
  procedure: procedureCandidates,
  afterRelation: afterRelationCandidates,
  statement: statementCandidates,
};

/** Runs the provider of `place` (TypeScript cannot tie a key of the table to its member type). */
export function offerCandidates(request: CompletionRequest, place: Place): void {
  (providers[place.kind] as (request: CompletionRequest, place: Place) => void)(request, place);
}

/** Rank of items[i] for its columns: its query level (innermost first), then the most recently joined first. */
function nearness(items: FromItem[], i: number): number {
  const level = items[i]!.level ?? 0;
  let later = 0;
  for (let k = i + 1; k < items.length && (items[k]!.level ?? 0) === level; k++) {
    later++;
  }
  return level * 100 + later;
}

function relationItem(relation: CatalogRelation): FromItem {
  return { kind: 'relation', name: relation.name, schema: relation.schema, alias: null, relation, columns: knownColumns(relation), target: false };
}

function aliasDetail(item: FromItem): string {
  const what = item.relation ? `${item.relation.schema}.${item.relation.name}` : item.kind === 'subquery' ? 'subquery' : (item.name ?? item.kind);
  return item.alias ? `alias for ${what}` : what;
}

function addColumns(
  out: Collector,
  item: FromItem,
  withOwner: boolean,
  quote: (name: string) => string,
  qualifyWhenAmbiguous: boolean,
  counts?: Map<string, number>,
  itemIndex = 0,
): void {
  const owner = refName(item) ?? item.kind;
  (item.columns ?? []).forEach((column, position) => {
    const full = item.relation?.columns.find((c) => c.name === column.name);
    const ambiguous = qualifyWhenAmbiguous && (counts?.get(column.name) ?? 0) > 1 && refName(item) !== null;
    out.add(
      group.column,
      column.name,
      () => ({
        label: column.name,
        kind: 'column',
        detail: [withOwner ? `${owner}.${column.name}` : null, column.type, full?.notNull ? 'not null' : null].filter(Boolean).join(' · '),
        ...(full?.comment ? { documentation: full.comment } : {}),
        insertText: ambiguous ? `${quote(refName(item)!)}.${quote(column.name)}` : quote(column.name),
        snippet: false,
      }),
      // nearer FROM items first, then the item's own column order
      itemIndex * 1_000 + position,
    );
  });
}

const relationKindLabel: Record<CatalogRelation['kind'], CandidateKind> = {
  table: 'table',
  'partitioned table': 'partitioned table',
  view: 'view',
  'materialized view': 'materialized view',
  'foreign table': 'foreign table',
  sequence: 'sequence',
};

function addRelations(
  out: Collector,
  index: CatalogIndex,
  quote: (name: string) => string,
  schema: string | null,
  /** relations to rank first, in this order */
  first: ReadonlyMap<CatalogRelation, number> = new Map(),
): void {
  const relations = index.relations;
  // quoted: every candidate (the scorer compares spelling exactly); after `s.`: that schema's
  const candidates = index.relationCandidates(out.unquotedQuery ?? '', schema);
  const systemToo = out.unquotedQuery?.startsWith('pg') === true;
  for (const i of candidates) {
    const r = relations[i]!;
    const system = r.schema === 'pg_catalog' || r.schema === 'information_schema';
    if (schema === null && system && !(systemToo && r.schema === 'pg_catalog')) {
      // system catalogs only when asked for by schema or by `pg`: they would crowd out the user's tables
      continue;
    }
    const visible = index.relationVisible[i]!;
    // the search path's order: what a bare name would find first comes first
    // sequences are rarely what FROM wants: after the other relations
    const firstRank = first.size === 0 ? undefined : first.get(r);
    const pathRank =
      firstRank !== undefined
        ? -1_000 + 2 * firstRank
        : (schema !== null ? 0 : visible ? (system ? 50 : index.searchPath.indexOf(r.schema)) : 100) + (r.kind === 'sequence' ? 200 : 0);
    out.add(
      // linked by a foreign key: before the relations the statement already names
      firstRank !== undefined ? group.join : group.relation,
      r.name,
      () => ({
        label: r.name,
        kind: relationKindLabel[r.kind],
        detail: relationDetail(r),
        ...(r.comment ? { documentation: r.comment } : {}),
        insertText: schema !== null || visible ? quote(r.name) : `${quoteName(r.schema)}.${quote(r.name)}`,
        snippet: false,
      }),
      pathRank,
      index.relationKeys[i],
    );
  }
}

/** `table in s · 15 columns`; without the count while the schema's columns are not loaded (peeking asks for none). */
function relationDetail(r: CatalogRelation): string {
  const n = loadedColumns(r)?.length;
  return `${r.kind} in ${r.schema}${n === undefined ? '' : ` · ${n} column${n === 1 ? '' : 's'}`}`;
}

function addSchemas(out: Collector, index: CatalogIndex, quote: (name: string) => string): void {
  for (const s of index.schemas()) {
    out.add(group.schema, s, () => ({ label: s, kind: 'schema', detail: 'schema', insertText: `${quote(s)}.`, snippet: false, retrigger: true }));
  }
}

function addFunctions(
  out: Collector,
  index: CatalogIndex,
  quote: (name: string) => string,
  schema: string | null,
  accept: (g: FunctionGroup) => boolean = () => true,
  preferSets = false,
): void {
  const candidates = out.unquotedQuery === null ? null : index.functionCandidates(out.unquotedQuery);
  const count = candidates ? candidates.length : index.functionGroups.length;
  for (let k = 0; k < count; k++) {
    const g = index.functionGroups[candidates ? candidates[k]! : k]!;
    if (schema !== null ? g.schema !== schema : !g.visible || g.internal) {
      continue;
    }
    if (!accept(g)) {
      continue;
    }
    out.add(
      group.function,
      g.name,
      () => {
        const f = g.overloads[0]!;
        const more = g.overloads.length > 1 ? ` (+${g.overloads.length - 1} overload${g.overloads.length > 2 ? 's' : ''})` : '';
        const noArgs = g.overloads.every((o) => o.args === '');
        return {
          label: g.name,
          kind: f.kind === 'aggregate' ? 'aggregate' : f.kind === 'window' ? 'window' : f.kind === 'procedure' ? 'procedure' : 'function',
          detail: `${g.name}(${f.args}) → ${f.result}${more}`,
          ...(f.comment ? { documentation: f.comment } : {}),
          insertText: noArgs ? `${quote(g.name)}()` : `${snippetText(quote(g.name))}($0)`,
          snippet: !noArgs,
        };
      },
      // in FROM the set-returning ones first; the common built-ins, the user's, the other built-ins
      (preferSets && !g.overloads.some((f) => f.returnsSet) ? 1_000 : 0) + functionRank(g.schema, g.name),
      g.key,
    );
  }
}

const typeKinds: Record<string, string> = { b: 'type', c: 'composite type', d: 'domain', e: 'enum', r: 'range type', m: 'multirange type' };

function addKeywords(out: Collector, place: KeywordPlace, ctx: CursorContext, rank: number = group.keyword, kind: CandidateKind = 'keyword'): void {
  // answer in the case the user types in
  const lower = ctx.query !== '' && ctx.query === ctx.query.toLowerCase();
  keywordsByPlace[place].forEach((phrase, order) => {
    const call = phrase.endsWith('()');
    const words = call ? phrase.slice(0, -2) : phrase;
    const text = lower ? words.toLowerCase() : words;
    out.add(
      rank,
      words,
      () => ({ label: text, kind, detail: kind === 'type' ? 'SQL type' : 'keyword', insertText: call ? `${snippetText(text)}($0)` : text, snippet: call }),
      order,
      words.toLowerCase(),
    );
  });
}
