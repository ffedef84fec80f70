/**
 * Completion at a position of a parsed document: columns in scope (alias-aware after `a.`),
 * tables and views by schema, functions with their signatures, CTE names, keywords —
 * fuzzy-ranked, on incomplete statements, from scanner tokens. Plain data; features/
 * turns it into LSP items.
 */
import type { Catalog } from '../../catalog/model';
import { isParserReady, NestedTokens, ParsedDocumentCache, type ParsedDocument, type ParsedStatement } from '../../parser';
import { runAllSteps } from '../../timeSlices';
import { CatalogIndex, warmIndex } from '../tokens/catalogIndex';
import { documentObjectsBefore, type DocumentObjects } from '../tokens/documentRelations';
import { ScopeReader } from '../tokens/scopeReader';
import { Collector, quoteName, type CompletionAnswer } from './collector';
import { cursorContext } from './completionPlace';
import { documentNames, listSiblings } from './documentNames';
import { outputNamesAt } from './outputNames';
import { offerCandidates, type CompletionRequest } from './providers';

export type { CandidateKind, CompletionAnswer, CompletionCandidate } from './collector';

/** Completion candidates at `offset` (document UTF-16) of `doc`. Null inside strings and comments. */
export function completeAt(doc: ParsedDocument, offset: number, catalog: Catalog | null): CompletionAnswer | null {
  const statement = statementBefore(doc, offset);
  const start = statement?.span.start ?? offset;
  // up to the cursor at least: the span ends at the statement's last token, the cursor may
  // sit after whitespace that follows it
  const text = statement ? doc.text.slice(start, Math.max(statement.span.end, offset)) : '';
  const full = new NestedTokens(statement ? statement.tokens() : []);
  const ctx = cursorContext(text, offset - start, full);
  if (!ctx) {
    return null;
  }
  const index = catalog ? CatalogIndex.for(catalog) : null;
  const used = documentNames(doc, statement, start + ctx.replaceStart, start + ctx.replaceEnd);
  const wordToken = full.indexAt(ctx.replaceStart);
  const typed = ctx.replaceEnd > ctx.replaceStart && full.at(wordToken)?.start === ctx.replaceStart ? wordToken : -1;
  for (const name of listSiblings(full, ctx.tokenBefore, typed)) {
    used.set(name, -1);
  }
  // `insert into t (`, `references t (`, `create index on t (`: a column list, not a call
  const relationWithColumns = ctx.place.kind === 'relation' && !full.is(ctx.tokenBefore, 'FROM', 'JOIN', 'LATERAL') && full.at(ctx.tokenBefore)?.text !== ',';
  const callFollows = ctx.following === '(' && !relationWithColumns;
  const out = new Collector(ctx, used, callFollows);
  // replaying the document's earlier DDL costs milliseconds in a long migration: only for
  // the places that name relations or columns, not for keywords
  let created: DocumentObjects | undefined;
  const documentObjects = (): DocumentObjects => (created ??= documentObjectsBefore(doc, statement));
  const scope = () => new ScopeReader(full, index, documentObjects().lookup).visibleAt(ctx.tokenBefore);
  const quote = (name: string) => (ctx.quoted ? `"${name.replace(/"/g, '""')}"` : quoteName(name));

  const request: CompletionRequest = {
    out,
    ctx,
    index,
    scope,
    documentObjects,
    quote,
    outputNames: () => outputNamesAt(full, index, ctx.tokenBefore),
    callFollows,
    tokens: full,
  };
  offerCandidates(request, ctx.place);
  const answer = out.result(start + ctx.replaceStart, start + ctx.replaceEnd);
  // providers place other edits within the statement: in the document, past its start
  for (const item of answer.items) {
    if (item.additionalEdits) {
      item.additionalEdits = item.additionalEdits.map((e) => ({ start: start + e.start, end: start + e.end, newText: e.newText }));
    }
  }
  return answer;
}

/**
 * The statement the cursor belongs to: the one containing it, or the unterminated one it
 * follows (typing after `select * from `, whose span stops before the trailing space).
 */
export function statementBefore(doc: ParsedDocument, offset: number): ParsedStatement | undefined {
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

/** Statements prepareCompletion completes in: every place kind, with and without a prefix. */
const warmUpStatements = [
  'select * from inv|',
  'select | from a x join b y on true',
  'select x.| from a x',
  'select co|',
  'update a set |',
  'select * from a x join |',
  '|',
];

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
