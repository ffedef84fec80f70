/**
 * Offset conversion for one piece of text. libpg-query reports node `location`s as UTF-8
 * byte offsets and its error cursor as a character (code point) offset; LSP and JavaScript
 * strings count UTF-16 code units. Pure-ASCII text (the common case) maps one to one, so
 * the tables are only built for text that needs them.
 */
export class TextOffsets {
  private bytesToUtf16: Int32Array | null = null;
  private codePointsToUtf16: Int32Array | null = null;
  readonly ascii: boolean;

  constructor(readonly text: string) {
    // eslint-disable-next-line no-control-regex
    this.ascii = !/[^\x00-\x7f]/.test(text);
  }

  /** UTF-16 offset of a UTF-8 byte offset (clamped to the text). */
  fromByte(byte: number): number {
    if (this.ascii) {
      return Math.max(0, Math.min(byte, this.text.length));
    }
    this.bytesToUtf16 ??= this.buildByteTable();
    return this.bytesToUtf16[Math.max(0, Math.min(byte, this.bytesToUtf16.length - 1))]!;
  }

  /** UTF-16 offset of a code point offset (clamped to the text). */
  fromCodePoint(cp: number): number {
    if (this.ascii) {
      return Math.max(0, Math.min(cp, this.text.length));
    }
    this.codePointsToUtf16 ??= this.buildCodePointTable();
    return this.codePointsToUtf16[Math.max(0, Math.min(cp, this.codePointsToUtf16.length - 1))]!;
  }

  /** UTF-8 byte offset of a UTF-16 offset. */
  toByte(utf16: number): number {
    return this.ascii ? utf16 : Buffer.byteLength(this.text.slice(0, utf16), 'utf8');
  }

  private buildByteTable(): Int32Array {
    const table = new Int32Array(Buffer.byteLength(this.text, 'utf8') + 1);
    let byte = 0;
    for (let i = 0; i < this.text.length; i++) {
      const c = this.text.codePointAt(i)!;
      const len = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      // a byte inside a multibyte character maps to the character's start
      for (let k = 0; k < len; k++) {
        table[byte + k] = i;
      }
      byte += len;
      if (c >= 0x10000) {
        i++;
      }
    }
    table[byte] = this.text.length;
    return table;
  }

  private buildCodePointTable(): Int32Array {
    const table: number[] = [];
    for (let i = 0; i < this.text.length; i++) {
      table.push(i);
      if (this.text.codePointAt(i)! >= 0x10000) {
        i++;
      }
    }
    table.push(this.text.length);
    return Int32Array.from(table);
  }
}

