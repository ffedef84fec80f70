/**
 * A document split into statements, each parsed on its own and cached by its text, so a
 * keystroke re-parses only the statement it touched and a broken statement never hides
 * the others.
 */
import type { RawStmt } from 'libpg-query';
import { isParserReady, parseSql, scanSql, type ParseOutcome, type Token } from './pgQuery';
import { splitStatements, type StatementSpan } from '../../../shared/src/statementSplitter';
import { TextOffsets } from './textOffsets';
import { runAllSteps, runStepsInSlices } from '../timeSlices';

interface StatementParse {
  offsets: TextOffsets;
  outcome: ParseOutcome;
  tokens?: Token[];
}

export class ParsedStatement {
  constructor(
    /** Where the statement sits in the document (UTF-16 offsets) and its text. */
    readonly span: StatementSpan,
    private readonly parse: StatementParse,
    /** The last parse of this statement (by position) that succeeded, when this one failed. */
    readonly lastGood: ParsedStatement | null,
  ) {}

  get text(): string {
    return this.span.text;
  }

  /** Offset conversions within the statement's text (bytes / code points → UTF-16). */
  get offsets(): TextOffsets {
    return this.parse.offsets;
  }

  get outcome(): ParseOutcome {
    return this.parse.outcome;
  }

  /** The parse tree's statements (usually one), or null when the text does not parse. */
  get stmts(): RawStmt[] | null {
    return this.parse.outcome.ok ? this.parse.outcome.stmts : null;
  }

  /** Scanner tokens with statement-relative UTF-16 offsets (computed once, on demand). */
  tokens(): Token[] {
    this.parse.tokens ??= scanSql(this.span.text, this.parse.offsets);
    return this.parse.tokens;
  }

  /** Document offset of a UTF-8 byte `location` from this statement's parse tree. */
  docOffsetOfLocation(location: number): number {
    return this.span.start + this.parse.offsets.fromByte(location);
  }
}

export class ParsedDocument {
  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    readonly statements: readonly ParsedStatement[],
  ) {}

  /** The statement containing `offset` (a statement's end counts, for typing at the end). */
  statementAt(offset: number): ParsedStatement | undefined {
    let lo = 0;
    let hi = this.statements.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.statements[mid]!;
      if (offset < s.span.start) {
        hi = mid - 1;
      } else if (offset > s.span.end) {
        lo = mid + 1;
      } else {
        return s;
      }
    }
    return undefined;
  }
}

export interface DocumentLike {
  uri: string;
  version: number;
  getText(): string;
}

/** Per-document cache: same version → same ParsedDocument; same statement text → no re-parse. */
export class ParsedDocumentCache {
  private readonly docs = new Map<string, { parsed: ParsedDocument; byText: Map<string, StatementParse> }>();

  get(doc: DocumentLike): ParsedDocument {
    return runAllSteps(this.steps(doc));
  }

  /**
   * The same, yielding to the event loop every ~`sliceMs` so a huge document never blocks
   * the server; resolves null if `stale()` turns true meanwhile (a newer version arrived).
   */
  async getAsync(doc: DocumentLike, stale: () => boolean = () => false, sliceMs = 20): Promise<ParsedDocument | null> {
    return runStepsInSlices(this.steps(doc), stale, sliceMs);
  }

  private *steps(doc: DocumentLike): Generator<void, ParsedDocument> {
    const previous = this.docs.get(doc.uri);
    if (previous && previous.parsed.version === doc.version && previous.parsed.text === doc.getText()) {
      return previous.parsed;
    }
    return yield* this.parse(doc.uri, doc.version, doc.getText(), previous);
  }

  /** Parses a text outside any open document (scripts, benches); not cached. */
  static parseText(text: string, uri = 'untitled:sql'): ParsedDocument {
    return new ParsedDocumentCache().get({ uri, version: 0, getText: () => text });
  }

  /** The same as steps that yield between statements (a replay of many schema files runs in slices). */
  static *parseTextSteps(text: string, uri: string): Generator<void, ParsedDocument> {
    return yield* new ParsedDocumentCache().steps({ uri, version: 0, getText: () => text });
  }

  delete(uri: string): void {
    this.docs.delete(uri);
  }

  private *parse(
    uri: string,
    version: number,
    text: string,
    previous: { parsed: ParsedDocument; byText: Map<string, StatementParse> } | undefined,
  ): Generator<void, ParsedDocument> {
    if (!isParserReady()) {
      throw new Error('libpg-query is not loaded: await loadParser() before parsing');
    }
    const byText = new Map<string, StatementParse>();
    const spans = splitStatements(text);
    const statements: ParsedStatement[] = [];
    for (const [index, span] of spans.entries()) {
      let parse = byText.get(span.text) ?? previous?.byText.get(span.text);
      if (!parse) {
        const offsets = new TextOffsets(span.text);
        parse = { offsets, outcome: parseSql(span.text, offsets) };
        yield;
      }
      byText.set(span.text, parse);
      let lastGood: ParsedStatement | null = null;
      if (!parse.outcome.ok) {
        const before = previous?.parsed.statements[index];
        lastGood = before ? (before.outcome.ok ? before : before.lastGood) : null;
      }
      statements.push(new ParsedStatement(span, parse, lastGood));
    }
    const parsed = new ParsedDocument(uri, version, text, statements);
    this.docs.set(uri, { parsed, byText });
    return parsed;
  }
}
