/**
 * One object per distinct column and one array per distinct column list. A schema-per-tenant
 * database repeats the same tables in every schema: 1,000 copies of a 15-column table share
 * one list here, so memory grows with the distinct shapes, not with the schemas. Snapshots
 * are read-only, which is what makes sharing safe.
 */
import type { CatalogColumn } from './model';

/** A row of catalogLoader's columns query: attrelid, attname, type, typid, notnull, default, attnum, comment, identity, generated. */
export type ColumnRow = unknown[];

export class ColumnInterner {
  private readonly strings = new Map<string, string>();
  private readonly columns = new Map<string, { column: CatalogColumn; id: number }>();
  private readonly lists = new Map<string, readonly CatalogColumn[]>();

  /** One string per distinct value (type names, schema names). */
  string(s: string): string {
    const hit = this.strings.get(s);
    if (hit !== undefined) {
      return hit;
    }
    this.strings.set(s, s);
    return s;
  }

  /**
   * Turns rows ordered by relation and attnum into one column list per relation, handed to
   * `each` as each relation's rows end.
   */
  attach(rows: ColumnRow[], each: (oid: number, columns: readonly CatalogColumn[]) => void): void {
    let oid: number | null = null;
    let ids: number[] = [];
    let list: CatalogColumn[] = [];
    const flush = (): void => {
      if (oid !== null) {
        const key = ids.join(',');
        let shared = this.lists.get(key);
        if (!shared) {
          shared = list;
          this.lists.set(key, shared);
        }
        each(oid, shared);
      }
    };
    for (const r of rows) {
      const rowOid = Number(r[0]);
      if (rowOid !== oid) {
        flush();
        oid = rowOid;
        ids = [];
        list = [];
      }
      const { column, id } = this.column(r);
      ids.push(id);
      list.push(column);
    }
    flush();
  }

  private column(r: ColumnRow): { column: CatalogColumn; id: number } {
    const key = `${String(r[1])}\u0000${String(r[2])}\u0000${String(r[3])}\u0000${String(r[4])}\u0000${r[5] === null ? '\u0001' : String(r[5])}\u0000${String(r[6])}\u0000${r[7] === null ? '\u0001' : String(r[7])}\u0000${String(r[8])}\u0000${String(r[9])}`;
    const hit = this.columns.get(key);
    if (hit) {
      return hit;
    }
    const column: CatalogColumn = {
      name: r[1] as string,
      type: this.string(r[2] as string),
      typeOid: Number(r[3]),
      notNull: r[4] as boolean,
      default: (r[5] as string | null) ?? null,
      ordinal: r[6] as number,
      comment: (r[7] as string | null) ?? null,
    };
    const identity = r[8] as string;
    if (identity === 'a' || identity === 'd') {
      column.identity = identity === 'a' ? 'always' : 'by default';
    }
    const generated = r[9] as string;
    if (generated === 's' || generated === 'v') {
      column.generated = generated === 's' ? 'stored' : 'virtual';
    }
    const entry = { column, id: this.columns.size };
    this.columns.set(key, entry);
    return entry;
  }
}
