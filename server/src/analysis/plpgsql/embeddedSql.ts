/**
 * Where each embedded SQL statement and expression of a compiled PL/pgSQL function is written
 * in its body. libpg-query's JSON keeps an expression's text (PLpgSQL_expr.query) but not its
 * place; PostgreSQL builds that text from the body as written (read_sql_construct), with an
 * INTO clause blanked byte for byte and PERFORM read as "SELECT ", so it is found again by
 * comparing bytes from the statement's line on, starting at a token. Then it is parsed
 * with PostgreSQL's grammar as a statement of its own whose offsets map into the document.
 */
import { ParsedStatement, parseSql, scanSql, TextOffsets } from '../../parser';

/** What the SQL text is: a whole statement (RAW_PARSE_DEFAULT) or an expression (read as SELECT). */
export type SqlMode = 'statement' | 'expression';

export class BodyText {
  private readonly bytes: Buffer;
  private readonly offsets: TextOffsets;
  private readonly tokenStarts: Set<number> | null;
  private readonly lineStarts: number[] = [0];
  /** UTF-8 byte offset of each UTF-16 offset (and of the end) */
  private readonly byteAt: Int32Array;

  constructor(
    readonly body: string,
    /** document offset of the body's first character */
    readonly docStart: number,
    private readonly connection: number,
  ) {
    this.bytes = Buffer.from(body, 'utf8');
    this.offsets = new TextOffsets(body);
    this.byteAt = new Int32Array(body.length + 1);
    for (let i = 0, b = 0; i <= body.length; i++) {
      this.byteAt[i] = b;
      const c = body.charCodeAt(i);
      // a surrogate pair is 4 bytes: 2 for each half
      b += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xe000 ? 2 : 3;
    }
    const tokens = scanSql(body, this.offsets);
    this.tokenStarts = tokens.some((t) => t.unterminated) ? null : new Set(tokens.map((t) => this.byteOf(t.start)));
    for (let i = 0; i < this.bytes.length; i++) {
      if (this.bytes[i] === 0x0a) {
        this.lineStarts.push(i + 1);
      }
    }
  }

  /** Byte offset where body line `lineno` (1-based, as PL/pgSQL counts) starts. */
  lineStart(lineno: number | undefined): number {
    return this.lineStarts[Math.max(0, Math.min((lineno ?? 1) - 1, this.lineStarts.length - 1))] ?? 0;
  }

  byteOf(utf16: number): number {
    return this.byteAt[Math.max(0, Math.min(utf16, this.body.length))]!;
  }

  /**
   * Byte offset of `query` in the body at or after byte `from`, starting at a token; a
   * space in `query` also matches a character PostgreSQL blanked (INTO). -1 when not found.
   */
  find(query: string, from: number): number {
    const q = Buffer.from(query, 'utf8');
    const lead = q.indexOf(0x20) > 0 ? q.subarray(0, q.indexOf(0x20)) : q;
    if (q.length === 0 || lead.length === 0) {
      return -1;
    }
    for (let at = this.bytes.indexOf(lead, from); at >= 0; at = this.bytes.indexOf(lead, at + 1)) {
      if (this.tokenStarts && !this.tokenStarts.has(at)) {
        continue;
      }
      if (at + q.length > this.bytes.length) {
        return -1;
      }
      let ok = true;
      for (let j = lead.length; j < q.length && ok; j++) {
        ok = q[j] === this.bytes[at + j] || q[j] === 0x20;
      }
      if (ok) {
        return at;
      }
    }
    return -1;
  }

  /**
   * The SQL PostgreSQL analyses for `query` found at byte `at` (its first `skip` bytes are not
   * analysed: an assignment's target), parsed, as a statement placed in the document. Blanked
   * characters become spaces of the same UTF-16 length, so offsets stay the document's.
   */
  statement(query: string, at: number, mode: SqlMode, skip = 0): ParsedStatement | null {
    const q = Buffer.from(query, 'utf8');
    const from = this.offsets.fromByte(at + skip);
    const to = this.offsets.fromByte(at + q.length);
    let text = '';
    for (let i = from; i < to; i++) {
      const c = this.body[i]!;
      const byte = this.byteOf(i) - at;
      text += q[byte] === 0x20 && !/\s/.test(c) ? ' ' : c;
    }
    const prefix = mode === 'expression' ? 'SELECT ' : '';
    const full = prefix + text;
    const offsets = new TextOffsets(full);
    const outcome = parseSql(full, offsets);
    if (!outcome.ok) {
      return null;
    }
    const start = this.docStart + from - prefix.length;
    return new ParsedStatement(
      { start, end: start + full.length, text: full, terminated: false, variables: [], connection: this.connection },
      { offsets, outcome },
      null,
    );
  }
}
