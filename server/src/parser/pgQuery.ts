/**
 * The one door to libpg-query (PostgreSQL's own parser as WASM). Everything it returns is
 * converted to UTF-16 offsets of the text it was given; nothing else in the server calls
 * libpg-query directly.
 */
import { loadModule, parseSync, scanSync, type ParseResult, type RawStmt } from 'libpg-query';
import { TextOffsets } from './textOffsets';

let loading: Promise<void> | null = null;
let ready = false;

/** Loads the WASM module once; later calls return the same promise. */
export function loadParser(): Promise<void> {
  loading ??= loadModule().then(() => {
    ready = true;
  });
  return loading;
}

export function isParserReady(): boolean {
  return ready;
}

export interface SyntaxProblem {
  /** PostgreSQL's message, e.g. `syntax error at or near "where"`. */
  message: string;
  /** UTF-16 offset in the parsed text where PostgreSQL's error cursor points. */
  offset: number;
  /**
   * True when libpg-query itself failed rather than PostgreSQL's grammar rejecting the text
   * (e.g. the JavaScript stack exhausted on a 10,000-term expression): no verdict on syntax.
   */
  internal?: boolean;
}

export type ParseOutcome =
  | { ok: true; stmts: RawStmt[]; version: number }
  | { ok: false; error: SyntaxProblem };

/** Parses `text` with PostgreSQL's grammar. Never throws. */
export function parseSql(text: string, offsets = new TextOffsets(text)): ParseOutcome {
  try {
    const result: ParseResult = parseSync(text);
    return { ok: true, stmts: result.stmts ?? [], version: result.version ?? 0 };
  } catch (err) {
    const details = (err as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails;
    const message = details?.message ?? (err instanceof Error ? err.message : String(err));
    if (!details) {
      return { ok: false, error: { message, offset: 0, internal: true } };
    }
    // cursorPosition is a 0-based code point offset (PostgreSQL's 1-based position - 1)
    const cursor = typeof details?.cursorPosition === 'number' ? details.cursorPosition : 0;
    return { ok: false, error: { message, offset: offsets.fromCodePoint(cursor) } };
  }
}

export interface Token {
  /** UTF-16 offsets in the scanned text */
  start: number;
  end: number;
  text: string;
  /** libpg-query's token name: IDENT, SCONST, ICONST, ASCII_44, … ("UNKNOWN" for keywords) */
  kind: string;
  /** 0 not a keyword, 1 unreserved, 2 column name, 3 type/function name, 4 reserved */
  keywordKind: number;
  /** True for the synthetic last token covering an unterminated quote or comment. */
  unterminated?: boolean;
}

/**
 * Scanner tokens of `text`, for completion on incomplete SQL. libpg-query's scanner throws
 * on an unterminated quote or comment; then the text before it is scanned and the rest is
 * returned as one `unterminated` token, so tokens are always available.
 */
export function scanSql(text: string, offsets = new TextOffsets(text)): Token[] {
  try {
    return scanSync(text).tokens.map((t) => ({
      start: offsets.fromByte(t.start),
      end: offsets.fromByte(t.end),
      text: t.text,
      kind: t.tokenName,
      keywordKind: t.keywordKind,
    }));
  } catch {
    const parsed = parseSql(text, offsets);
    const cut = parsed.ok ? text.length : parsed.error.offset;
    const head = cut > 0 && cut < text.length ? scanSql(text.slice(0, cut)) : [];
    return [...head, { start: cut, end: text.length, text: text.slice(cut), kind: 'UNTERMINATED', keywordKind: 0, unterminated: true }];
  }
}

/** Keyword category of a bare word (0 when it is not a keyword), from PostgreSQL's own list. */
export function keywordKind(word: string): number {
  try {
    const tokens = scanSync(word).tokens;
    return tokens.length === 1 ? tokens[0]!.keywordKind : 0;
  } catch {
    return 0;
  }
}
