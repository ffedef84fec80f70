/**
 * Where the docs lookup gets a document's statements and their scanner tokens. The LSP
 * feature hands in the server's parse cache (already split and scanned for diagnostics);
 * callers with a bare text (the hover helper, tests, benches) get small caches keyed by text,
 * so hovering again over the same statement does not scan it again.
 */
import { parseSql, scanSql, splitStatements, type ParseOutcome, type ParsedDocument, type StatementSpan, type Token } from '../parser';

export interface StatementSource {
  spans(): readonly StatementSpan[];
  tokens(span: StatementSpan): Token[];
  /** PostgreSQL's verdict on the statement (for reading misspelled keywords). */
  parse(span: StatementSpan): ParseOutcome;
}

const splitCache = new Map<string, StatementSpan[]>();
const tokenCache = new Map<string, Token[]>();
const parseCache = new Map<string, ParseOutcome>();

function remember<V>(cache: Map<string, V>, key: string, limit: number, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= limit) {
      cache.delete(cache.keys().next().value!);
    }
    cache.set(key, value);
  }
  return value;
}

/** Statements of a bare text, split and scanned on demand and remembered. */
export function textSource(text: string): StatementSource {
  return {
    spans: () => remember(splitCache, text, 4, () => splitStatements(text)),
    tokens: (span) => remember(tokenCache, span.text, 256, () => scanSql(span.text)),
    parse: (span) => remember(parseCache, span.text, 64, () => parseSql(span.text)),
  };
}

/** Statements of an open document from the server's parse cache. */
export function parsedSource(doc: ParsedDocument): StatementSource {
  return {
    spans: () => doc.statements.map((s) => s.span),
    tokens: (span) => doc.statementAt(span.start)?.tokens() ?? scanSql(span.text),
    parse: (span) => doc.statementAt(span.start)?.outcome ?? parseSql(span.text),
  };
}
