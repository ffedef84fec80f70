/**
 * The rows of a paged result the view holds: a bounded number of pages, least recently used
 * dropped first, so memory stays flat however far the user scrolls. Plain code, tested without
 * a browser.
 */
import type { ResultCell } from './resultsMessages';

export class PageCache {
  private readonly pages = new Map<number, ResultCell[][]>();
  private readonly pending = new Set<number>();

  constructor(
    readonly pageSize: number,
    private readonly maxPages = 40,
  ) {}

  /** The row at `index`, or undefined when its page is not here. */
  row(index: number): ResultCell[] | undefined {
    const page = Math.floor(index / this.pageSize);
    const rows = this.pages.get(page);
    if (rows) {
      // touch: most recently used last
      this.pages.delete(page);
      this.pages.set(page, rows);
    }
    return rows?.[index - page * this.pageSize];
  }

  /** Stores rows that start at `start` (a page boundary). */
  put(start: number, rows: ResultCell[][]): void {
    const page = Math.floor(start / this.pageSize);
    this.pending.delete(page);
    this.pages.delete(page);
    this.pages.set(page, rows);
    while (this.pages.size > this.maxPages) {
      this.pages.delete(this.pages.keys().next().value!);
    }
  }

  /** Pages covering [from, to) that are neither here nor asked for; they are marked as asked for. */
  missing(from: number, to: number): number[] {
    const out: number[] = [];
    for (let p = Math.floor(from / this.pageSize); p * this.pageSize < to; p++) {
      if (!this.pages.has(p) && !this.pending.has(p)) {
        this.pending.add(p);
        out.push(p);
      }
    }
    return out;
  }

  /** Every row held, in result order, with its index in the result. */
  loaded(): { index: number; row: ResultCell[] }[] {
    const out: { index: number; row: ResultCell[] }[] = [];
    for (const page of [...this.pages.keys()].sort((a, b) => a - b)) {
      this.pages.get(page)!.forEach((row, i) => out.push({ index: page * this.pageSize + i, row }));
    }
    return out;
  }

  get size(): number {
    return this.pages.size;
  }
}
