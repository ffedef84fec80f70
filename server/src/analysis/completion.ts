/**
 * Completion at a position of a parsed document: columns in scope (alias-aware after `a.`),
 * tables and views by schema, functions with their signatures, CTE names, keywords —
 * fuzzy-ranked, on incomplete statements, from scanner tokens. Plain data; features/
 * turns it into LSP items.
 */
import type { Catalog, CatalogRelation } from '../catalog/model';
import { isParserReady, ParsedDocumentCache, quoteIdentifier, type ParsedDocument, type ParsedStatement } from '../parser';
import { cursorContext, type CursorContext } from './completionContext';
import { CompletionIndex, fuzzyScore, prefixScore, warmIndex, type FunctionGroup } from './completionIndex';
import { keywordsByPlace, type KeywordPlace } from './completionKeywords';
import { refName, ScopeReader, type FromItem } from './completionScope';
import { TokenList } from './completionTokens';
import { documentObjectsBefore, type DocumentObjects } from './completionDocument';
import { runAllSteps } from '../timeSlices';

export type CandidateKind =
  | 'column' | 'table' | 'view' | 'materialized view' | 'foreign table' | 'partitioned table'
  | 'sequence' | 'cte' | 'alias' | 'schema' | 'function' | 'aggregate' | 'window' | 'procedure'
  | 'keyword' | 'type';

export interface CompletionCandidate {
  label: string;
  kind: CandidateKind;
  /** one line: type, signature, where it lives */
  detail: string;
  /** longer text (comments from the catalog), markdown */
  documentation?: string;
  insertText: string;
  /** insertText is a snippet (`$0` marks the cursor) */
  snippet: boolean;
  /** what the client filters on: the text the user types */
  filterText: string;
  sortText: string;
  /** a schema: the client should open completion again after inserting `schema.` */
  retrigger?: boolean;
}

export interface CompletionAnswer {
  items: CompletionCandidate[];
  /** more candidates matched than were returned: the client must ask again as the user types */
  isIncomplete: boolean;
  /** document UTF-16 range the chosen item replaces */
  replaceStart: number;
  replaceEnd: number;
}

/** More than this is noise in a list and slow over the wire; the client re-asks as the user types. */
export const maxCandidates = 200;

const tier = (score: number): number => (score >= prefixScore ? 0 : 1);

/** Rank groups: lower comes first. */
const group = { column: 0, alias: 1, relation: 2, cte: 1, schema: 3, function: 4, keyword: 5, type: 2 } as const;

/**
 * Scores every candidate by name only; builds the full item (detail, quoting — which asks
 * the scanner whether a name is a keyword) just for the few that make the list. On a
 * 10,000-table catalog an empty prefix matches everything, and building 12,000 items per
 * keystroke would cost hundreds of milliseconds.
 */
class Collector {
  private readonly scored: { name: string; make: () => Omit<CompletionCandidate, 'sortText' | 'filterText'>; score: number; group: number; tie: number }[] = [];

  constructor(private readonly ctx: CursorContext) {}

  /** The typed word in lower case when fuzzy scoring applies (unquoted), else null. */
  get unquotedQuery(): string | null {
    return this.ctx.quoted ? null : this.ctx.query.toLowerCase();
  }

  add(group: number, name: string, make: () => Omit<CompletionCandidate, 'sortText' | 'filterText'>, tie = 0, key = name.toLowerCase()): void {
    const query = this.ctx.quoted ? this.ctx.query : this.ctx.query.toLowerCase();
    const score = this.ctx.quoted ? (name.startsWith(query) ? 2 * prefixScore : 0) || (query === '' ? 1 : 0) : fuzzyScore(query, key);
    if (score === 0) {
      return;
    }
    this.scored.push({ name, make, score, group, tie });
  }

  result(replaceStart: number, replaceEnd: number): CompletionAnswer {
    const sorted = this.scored.sort(
      // prefix matches of any kind before fuzzy ones, then by kind for the place, then by score
      (a, b) =>
        tier(a.score) - tier(b.score) || a.group - b.group || b.score - a.score || a.tie - b.tie || a.name.length - b.name.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
    const items = sorted.slice(0, maxCandidates).map((s, i) => {
      const c = s.make() as CompletionCandidate;
      c.filterText = this.ctx.quoted ? `"${s.name}` : s.name;
      c.sortText = i.toString(36).padStart(4, '0');
      return c;
    });
    return { items, isIncomplete: sorted.length > maxCandidates, replaceStart, replaceEnd };
  }
}

/** quoteIdentifier asks libpg-query's scanner about keywords: remember its answers. */
const quotedNames = new Map<string, string>();
function quoteName(name: string): string {
  let quoted = quotedNames.get(name);
  if (quoted === undefined) {
    if (quotedNames.size > 100_000) {
      quotedNames.clear();
    }
    quoted = quoteIdentifier(name);
    quotedNames.set(name, quoted);
  }
  return quoted;
}

/** Completion candidates at `offset` (document UTF-16) of `doc`. Null inside strings and comments. */
export function completeAt(doc: ParsedDocument, offset: number, catalog: Catalog | null): CompletionAnswer | null {
  const statement = statementBefore(doc, offset);
  const start = statement?.span.start ?? offset;
  // up to the cursor at least: the span ends at the statement's last token, the cursor may
  // sit after whitespace that follows it
  const text = statement ? doc.text.slice(start, Math.max(statement.span.end, offset)) : '';
  const full = new TokenList(statement ? statement.tokens() : []);
  const ctx = cursorContext(text, offset - start, full);
  if (!ctx) {
    return null;
  }
  const index = catalog ? CompletionIndex.for(catalog) : null;
  const out = new Collector(ctx);
  // replaying the document's earlier DDL costs milliseconds in a long migration: only for
  // the places that name relations or columns, not for keywords
  let created: DocumentObjects | undefined;
  const documentObjects = (): DocumentObjects => (created ??= documentObjectsBefore(doc, statement));
  const scope = () => new ScopeReader(full, index, documentObjects().lookup).visibleAt(ctx.tokenBefore);
  const quote = (name: string) => (ctx.quoted ? `"${name.replace(/"/g, '""')}"` : quoteName(name));

  switch (ctx.place.kind) {
    case 'qualified': {
      const parts = ctx.place.parts;
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
      if (matching.length === 0 && parts.length === 1 && name === 'excluded') {
        // INSERT … ON CONFLICT DO UPDATE: `excluded` is the row proposed for insertion
        const target = items.find((item) => item.target);
        if (target) {
          addColumns(out, target, false, quote, false);
        }
      }
      if (index) {
        if (matching.length === 0 && ctx.place.kind === 'qualified') {
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
      break;
    }
    case 'relation': {
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
        addRelations(out, index, quote, null);
        addSchemas(out, index, quote);
        addFunctions(out, index, quote, null, (g) => g.overloads.some((f) => f.returnsSet));
      }
      break;
    }
    case 'targetColumn': {
      const target = scope().items.find((item) => item.target);
      if (target) {
        addColumns(out, target, false, quote, false);
      }
      break;
    }
    case 'expression': {
      const { items } = scope();
      const counts = new Map<string, number>();
      for (const item of items) {
        for (const c of item.columns ?? []) {
          counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
        }
      }
      items.forEach((item, i) => addColumns(out, item, true, quote, true, counts, i));
      for (const item of items) {
        const ref = refName(item);
        if (ref !== null) {
          out.add(group.alias, ref, () => ({ label: ref, kind: 'alias', detail: aliasDetail(item), insertText: quote(ref), snippet: false }));
        }
      }
      if (index) {
        addFunctions(out, index, quote, null, (g) => g.overloads.some((f) => f.kind !== 'procedure'));
      }
      addKeywords(out, 'expression', ctx);
      break;
    }
    case 'type':
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
      break;
    case 'tableElement':
      addKeywords(out, 'tableElement', ctx);
      break;
    case 'procedure':
      if (index) {
        addFunctions(out, index, quote, null, (g) => g.overloads.some((f) => f.kind === 'procedure'));
      }
      break;
    case 'afterRelation':
      addKeywords(out, 'afterRelation', ctx);
      break;
    case 'statement':
      addKeywords(out, 'statement', ctx);
      break;
  }
  return out.result(start + ctx.replaceStart, start + ctx.replaceEnd);
}

/**
 * The statement the cursor belongs to: the one containing it, or the unterminated one it
 * follows (typing after `select * from `, whose span stops before the trailing space).
 */
function statementBefore(doc: ParsedDocument, offset: number): ParsedStatement | undefined {
  const inside = doc.statementAt(offset);
  if (inside) {
    return inside;
  }
  let previous: ParsedStatement | undefined;
  for (const s of doc.statements) {
    if (s.span.start > offset) {
      break;
    }
    previous = s;
  }
  return previous && !previous.span.terminated ? previous : undefined;
}

function relationItem(relation: CatalogRelation): FromItem {
  return { kind: 'relation', name: relation.name, schema: relation.schema, alias: null, relation, columns: relation.columns, target: false };
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
      itemIndex * 10_000 + position,
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
  'composite type': 'table',
};

function addRelations(out: Collector, index: CompletionIndex, quote: (name: string) => string, schema: string | null): void {
  const relations = index.relations;
  const candidates = out.unquotedQuery === null ? null : index.relationCandidates(out.unquotedQuery);
  const count = candidates ? candidates.length : relations.length;
  for (let k = 0; k < count; k++) {
    const i = candidates ? candidates[k]! : k;
    const r = relations[i]!;
    if (schema !== null ? r.schema !== schema : r.schema === 'pg_catalog' || r.schema === 'information_schema') {
      // system catalogs only when asked for by schema: they would crowd out the user's tables
      continue;
    }
    const visible = index.relationVisible[i]!;
    out.add(
      group.relation,
      r.name,
      () => ({
        label: r.name,
        kind: relationKindLabel[r.kind],
        detail: `${r.kind} in ${r.schema} · ${r.columns.length} column${r.columns.length === 1 ? '' : 's'}`,
        ...(r.comment ? { documentation: r.comment } : {}),
        insertText: schema !== null || visible ? quote(r.name) : `${quoteName(r.schema)}.${quote(r.name)}`,
        snippet: false,
      }),
      schema !== null || visible ? 0 : 1,
      index.relationKeys[i],
    );
  }
}

function addSchemas(out: Collector, index: CompletionIndex, quote: (name: string) => string): void {
  for (const s of index.schemas()) {
    out.add(group.schema, s, () => ({ label: s, kind: 'schema', detail: 'schema', insertText: `${quote(s)}.`, snippet: false, retrigger: true }));
  }
}

function addFunctions(
  out: Collector,
  index: CompletionIndex,
  quote: (name: string) => string,
  schema: string | null,
  accept: (g: FunctionGroup) => boolean = () => true,
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
      g.schema === 'pg_catalog' ? 1 : 0,
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

/** Text as a literal inside a snippet: `$`, `}` and `\\` are snippet syntax (names may hold `$`). */
function snippetText(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

/** Statements prepareCompletion completes in: every place kind, with and without a prefix. */
const warmUpStatements = ['select * from inv|', 'select | from a x join b y on true', 'select x.| from a x', 'select co|', 'update a set |', '|'];

/**
 * Readies completion for a new snapshot while the server is idle: builds the index and runs
 * the whole completion path a few times, so V8 has optimized it before the user's first
 * keystroke (cold, the first dozen completions on a 10,000-table catalog take 30–100 ms
 * instead of 1–2). Written as steps (timeSlices.ts) that yield before each piece of work, so
 * the server can run one per turn of its event loop and keep answering requests meanwhile.
 */
export function* completionWarmUp(catalog: Catalog): Generator<void, void> {
  yield;
  warmIndex(catalog);
  for (let round = 0; round < 3; round++) {
    for (const sql of warmUpStatements) {
      yield;
      if (isParserReady()) {
        const offset = sql.indexOf('|');
        completeAt(ParsedDocumentCache.parseText(sql.replace('|', '')), offset, catalog);
      }
    }
  }
}

/** All warm-up steps at once (benches, tests). */
export function prepareCompletion(catalog: Catalog): void {
  runAllSteps(completionWarmUp(catalog));
}
