/**
 * Columns loaded per schema on first use, for catalogs too large to load whole (a database of
 * 1,000 tenant schemas holds 1.5 M columns: reading them all takes PostgreSQL tens of seconds).
 * The relations of every schema are known at once; a relation of a schema whose columns are
 * not here yet is a LazyRelation: it says it is `opaque` (so no check reports a column
 * missing from it) and lists no columns, and asking for its columns asks for its schema's.
 * The catalog service (catalogService.ts) fetches them and re-runs the analyses.
 *
 * The snapshot stays plain data to its readers: `columns` and `opaque` are read like any
 * relation's; only code that must not trigger a load (counts, completion details) peeks with
 * `loadedColumns`.
 */
import type { RelationKind } from '../../../shared/src/relationKinds';
import type { ColumnInterner } from './columnInterner';
import type { Catalog, CatalogColumn, CatalogRelation } from './model';

const none: readonly CatalogColumn[] = Object.freeze([]);

export class LazyRelation implements CatalogRelation {
  /** undefined until its schema's columns arrive */
  private loaded: readonly CatalogColumn[] | undefined;

  constructor(
    readonly oid: number,
    readonly schema: string,
    readonly name: string,
    readonly kind: RelationKind,
    readonly comment: string | null,
    readonly hasSystemColumns: boolean,
    private readonly store: LazyColumns,
  ) {}

  get columns(): readonly CatalogColumn[] {
    if (this.loaded) {
      return this.loaded;
    }
    this.store.want(this.schema);
    return none;
  }

  /** Some (all) columns may be missing while they are not loaded: checks stay quiet. */
  get opaque(): boolean {
    return this.loaded === undefined;
  }

  peek(): readonly CatalogColumn[] | null {
    return this.loaded ?? null;
  }

  fill(columns: readonly CatalogColumn[]): void {
    this.loaded = columns;
  }
}

/** The columns of `relation` if known now, without asking for them; null while not loaded. */
export function loadedColumns(relation: CatalogRelation): readonly CatalogColumn[] | null {
  return relation instanceof LazyRelation ? relation.peek() : relation.columns;
}

/** The columns of `relation` (asking for them if its schema's are not loaded), or null while they are not loaded. */
export function knownColumns(relation: CatalogRelation): readonly CatalogColumn[] | null {
  const columns = relation.columns;
  return relation instanceof LazyRelation && relation.peek() === null ? null : columns;
}

/** Fetches the columns of these relations: by oid, in attnum order (catalogLoader's loadColumns). */
export type ColumnFetcher = (oids: number[]) => Promise<Map<number, readonly CatalogColumn[]>>;

type SchemaState = 'pending' | 'loading' | 'loaded';

/** The schemas whose columns are not loaded yet, and their loading. */
export class LazyColumns {
  private readonly bySchema = new Map<string, LazyRelation[]>();
  private readonly state = new Map<string, SchemaState>();
  private readonly wanted: string[] = [];
  private fetcher: ColumnFetcher | undefined;
  private onLoaded: ((schema: string) => void) | undefined;
  private running: Promise<void> | null = null;

  /** `interner`: the snapshot's (columnInterner.ts), so later schemas share lists with the first. */
  constructor(readonly interner: ColumnInterner) {}

  add(relation: LazyRelation): void {
    const list = this.bySchema.get(relation.schema);
    if (list) {
      list.push(relation);
    } else {
      this.bySchema.set(relation.schema, [relation]);
      this.state.set(relation.schema, 'pending');
    }
  }

  /** Schemas whose columns are not loaded (yet). */
  pendingSchemas(): string[] {
    return [...this.state].filter(([, s]) => s !== 'loaded').map(([schema]) => schema);
  }

  /** Starts serving requests: `fetch` reads columns, `loaded` is told after each schema. */
  connect(fetch: ColumnFetcher, loaded: (schema: string) => void): void {
    this.fetcher = fetch;
    this.onLoaded = loaded;
    void this.loadWanted();
  }

  /** A schema's columns were asked for (by an analysis reading a relation's columns). */
  want(schema: string): void {
    if (this.state.get(schema) !== 'pending') {
      return;
    }
    this.state.set(schema, 'loading');
    this.wanted.push(schema);
    // analyses read columns synchronously: fetch after the current one is done
    setImmediate(() => void this.loadWanted());
  }

  /** Loads every schema asked for, one at a time (one run at a time); resolves when none is left. */
  async loadWanted(): Promise<void> {
    while (this.running || (this.fetcher && this.wanted.length > 0)) {
      // `.finally` clears `running` before the await below returns
      this.running ??= this.drain().finally(() => {
        this.running = null;
      });
      await this.running;
    }
  }

  private async drain(): Promise<void> {
    while (this.wanted.length > 0) {
      await this.loadOne();
    }
  }

  private async loadOne(): Promise<void> {
    const schema = this.wanted.shift()!;
    const relations = this.bySchema.get(schema) ?? [];
    try {
      const columns = await this.fetcher!(relations.map((r) => r.oid));
      for (const r of relations) {
        // a relation dropped since the snapshot has no rows: no columns, as in an eager load
        r.fill(columns.get(r.oid) ?? none);
      }
      this.state.set(schema, 'loaded');
      this.onLoaded?.(schema);
    } catch {
      // the server went away: the relations stay opaque; a later read asks again
      this.state.set(schema, 'pending');
    }
  }
}

const lazyByCatalog = new WeakMap<Catalog, LazyColumns>();

/** Marks `catalog` as having schemas whose columns load on first use (catalogLoader does). */
export function registerLazyColumns(catalog: Catalog, lazy: LazyColumns): void {
  lazyByCatalog.set(catalog, lazy);
}

/** The lazily loaded columns of a snapshot, or undefined when it was loaded whole. */
export function lazyColumnsOf(catalog: Catalog): LazyColumns | undefined {
  return lazyByCatalog.get(catalog);
}
