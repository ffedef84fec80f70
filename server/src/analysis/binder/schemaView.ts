/**
 * What the binder may assume about relations and functions: the catalog snapshot, overlaid
 * with objects the document itself creates, alters or drops in earlier statements (so a
 * migration file raises no false errors). Answers "unknown" whenever it cannot be sure.
 */
import type { Catalog, CatalogFunction, CatalogRelation } from '../../catalog/model';
import { schemasToSearch } from '../../catalog/searchPath';

export interface RelationInfo {
  schema: string;
  name: string;
  columns: string[];
  hasSystemColumns: boolean;
  /** true when some columns may be missing (created from something we could not resolve) */
  opaque: boolean;
  /** created with INHERITS / PARTITION OF in the document */
  inherits?: boolean;
  /** columns the document dropped: PostgreSQL may have refused (dependencies, inheritance) */
  uncertain?: string[];
  /** defined by a query (view, materialized view, CREATE TABLE AS) */
  fromQuery?: boolean;
  /** what the relation is, when not a table (statements that take only tables check it) */
  kind?: 'sequence' | 'index' | 'composite type' | 'view';
}

export type RelationLookup =
  | { kind: 'found'; relation: RelationInfo }
  /** PostgreSQL would raise `relation "x" does not exist` */
  | { kind: 'missing' }
  /** cannot tell (no catalog, another schema has it, the document touched it oddly) */
  | { kind: 'unknown' };

const key = (schema: string, name: string): string => `${schema}\u0000${name}`;

function fromCatalog(r: CatalogRelation): RelationInfo {
  return {
    schema: r.schema,
    name: r.name,
    columns: r.columns.map((c) => c.name),
    hasSystemColumns: r.hasSystemColumns,
    opaque: r.opaque ?? false,
    ...(r.kind === 'sequence' || r.kind === 'view' ? { kind: r.kind } : {}),
  };
}

/** Lookup maps over one catalog snapshot, built once per snapshot (not per keystroke). */
interface CatalogIndex {
  relations: Map<string, CatalogRelation>;
  relationNames: Set<string>;
  functions: Map<string, CatalogFunction[]>;
}

const indexes = new WeakMap<Catalog, CatalogIndex>();

function indexOf(catalog: Catalog | null): CatalogIndex {
  if (!catalog) {
    return { relations: new Map(), relationNames: new Set(), functions: new Map() };
  }
  let index = indexes.get(catalog);
  if (!index) {
    index = { relations: new Map(), relationNames: new Set(), functions: new Map() };
    for (const r of catalog.relations) {
      index.relations.set(key(r.schema, r.name), r);
      index.relationNames.add(r.name);
    }
    for (const f of catalog.functions) {
      const k = key(f.schema, f.name);
      const list = index.functions.get(k);
      if (list) {
        list.push(f);
      } else {
        index.functions.set(k, [f]);
      }
    }
    indexes.set(catalog, index);
  }
  return index;
}

export class SchemaView {
  private readonly relations: Map<string, CatalogRelation>;
  private readonly relationNames: Set<string>;
  private readonly functions: Map<string, CatalogFunction[]>;
  /** document overlay: a created/altered relation, or null for "dropped or unknowable" */
  private overlay = new Map<string, RelationInfo | null>();
  private overlayNames = new Set<string>();
  /** functions the document creates (names only: enough to allow `t.f` functional notation) */
  private documentFunctions = new Set<string>();
  /** overlay states saved at BEGIN / SAVEPOINT, restored by ROLLBACK [TO] */
  private readonly saved: {
    name: string | null;
    overlay: Map<string, RelationInfo | null>;
    names: Set<string>;
    functions: Set<string>;
    searchPath: string[];
    dynamic: boolean;
    maybeColumns: Set<string>;
  }[] = [];
  searchPath: string[];
  /** after DO / CALL the document may have created anything: a missing relation proves nothing */
  private dynamic = false;
  /**
   * Column names ALTER TABLE added or renamed to: inheritance children (which the catalog does
   * not describe) gain them too, so on any relation they are possible, never reported.
   */
  private maybeColumns = new Set<string>();
  /** maybeColumns as an array, made once per change (a migration history adds thousands) */
  private maybeList: string[] | null = null;

  constructor(readonly catalog: Catalog | null) {
    this.searchPath = catalog ? catalog.searchPath : ['pg_catalog', 'public'];
    ({ relations: this.relations, relationNames: this.relationNames, functions: this.functions } = indexOf(catalog));
  }

  /** A copy whose overlay later statements change independently (a workspace replay resumes from it). */
  clone(): SchemaView {
    const c = new SchemaView(this.catalog);
    c.overlay = new Map(this.overlay);
    c.overlayNames = new Set(this.overlayNames);
    c.documentFunctions = new Set(this.documentFunctions);
    c.saved.push(...this.saved);
    c.searchPath = this.searchPath;
    c.dynamic = this.dynamic;
    c.maybeColumns = new Set(this.maybeColumns);
    return c;
  }

  /** The schema an unqualified CREATE puts its object in. */
  get creationSchema(): string {
    return this.searchPath.find((s) => s !== 'pg_catalog' && s !== 'pg_temp' && !s.startsWith('pg_temp_')) ?? 'public';
  }

  private schemasFor(schema: string | undefined): readonly string[] {
    return schemasToSearch(this.searchPath, schema);
  }

  /**
   * `withMaybe` false: the relation as defined, without the names in maybeColumns (for DDL that
   * changes it and defines it again: stored, they would pile up with each ALTER).
   */
  lookupRelation(schema: string | undefined, name: string, withMaybe = true): RelationLookup {
    const maybe = (r: RelationInfo): RelationInfo => (withMaybe ? this.withMaybe(r) : r);
    for (const s of this.schemasFor(schema)) {
      const k = key(s, name);
      if (this.overlay.has(k)) {
        const o = this.overlay.get(k);
        return o ? { kind: 'found', relation: maybe(o) } : { kind: 'unknown' };
      }
      const r = this.relations.get(k);
      if (r) {
        return { kind: 'found', relation: maybe(fromCatalog(r)) };
      }
    }
    if (!this.catalog || this.overlayNames.has(name) || this.dynamic || this.catalogUnsure(name)) {
      return { kind: 'unknown' };
    }
    if (schema !== undefined && !this.catalog.schemas.includes(schema) && schema !== 'pg_temp') {
      // `schema "x" does not exist` is a different error; stay quiet rather than guess
      return { kind: 'unknown' };
    }
    // present in a schema off the search path: the catalog may be stale or the path differ
    return this.relationNames.has(name) ? { kind: 'unknown' } : { kind: 'missing' };
  }

  private withMaybe(r: RelationInfo): RelationInfo {
    if (this.maybeColumns.size === 0) {
      return r;
    }
    // a name listed twice or also among the columns is harmless (uncertain is only asked about names not found)
    this.maybeList ??= [...this.maybeColumns];
    return { ...r, uncertain: r.uncertain === undefined || r.uncertain.length === 0 ? this.maybeList : [...r.uncertain, ...this.maybeList] };
  }

  /** A column name some relation gained through ALTER TABLE (see maybeColumns). */
  addMaybeColumn(name: string): void {
    if (!this.maybeColumns.has(name)) {
      this.maybeColumns.add(name);
      this.maybeList = null;
    }
  }

  /** Every relation a misspelled name could have meant (for table quick fixes). */
  relationCandidates(schema: string | undefined): string[] {
    const schemas = new Set(this.schemasFor(schema));
    const out: string[] = [];
    for (const r of this.relations.values()) {
      if (schemas.has(r.schema)) {
        out.push(r.name);
      }
    }
    for (const [k, v] of this.overlay) {
      if (v && schemas.has(k.split('\u0000')[0]!)) {
        out.push(v.name);
      }
    }
    return out;
  }

  /** Functions named `name` visible from the search path (or in `schema`). */
  lookupFunctions(schema: string | undefined, name: string): CatalogFunction[] | null {
    if (!this.catalog) {
      return this.documentFunctions.has(name) ? [] : null;
    }
    const out: CatalogFunction[] = [];
    for (const s of this.schemasFor(schema)) {
      out.push(...(this.functions.get(key(s, name)) ?? []));
    }
    return out;
  }

  /** Records a function the document creates. */
  defineFunction(name: string): void {
    this.documentFunctions.add(name);
  }

  /** Whether the document created a function of that name (the catalog may not know it). */
  hasDocumentFunction(name: string): boolean {
    return this.documentFunctions.has(name);
  }

  /** `SET search_path`: the schemas listed (null → the catalog's); pg_catalog stays first unless listed. */
  setSearchPath(schemas: string[] | null): void {
    const base = this.catalog ? this.catalog.searchPath : ['pg_catalog', 'public'];
    // "$user" names a schema after the role, which the catalog does not tell: leave it out
    const listed = schemas?.filter((s) => s !== '$user');
    this.searchPath = listed === undefined ? base : listed.includes('pg_catalog') ? listed : ['pg_catalog', ...listed];
  }

  markDynamic(): void {
    this.dynamic = true;
  }

  /** BEGIN / SAVEPOINT: remember the overlay (name null for a transaction). */
  savepoint(name: string | null): void {
    this.saved.push({
      name,
      overlay: new Map(this.overlay),
      names: new Set(this.overlayNames),
      functions: new Set(this.documentFunctions),
      searchPath: this.searchPath,
      dynamic: this.dynamic,
      maybeColumns: new Set(this.maybeColumns),
    });
  }

  /** ROLLBACK [TO name]: back to the overlay as it was; COMMIT / RELEASE just forget the save. */
  endTransaction(rollback: boolean, name: string | null, keepSavepoint = false): void {
    let i = this.saved.length - 1;
    if (name !== null) {
      while (i >= 0 && this.saved[i]!.name !== name) {
        i--;
      }
    } else {
      while (i >= 0 && this.saved[i]!.name !== null) {
        i--;
      }
    }
    if (i < 0) {
      return;
    }
    const s = this.saved[i]!;
    if (rollback) {
      this.overlay = new Map(s.overlay);
      this.overlayNames = new Set(s.names);
      this.documentFunctions = new Set(s.functions);
      this.searchPath = s.searchPath;
      this.dynamic = s.dynamic;
      this.maybeColumns = new Set(s.maybeColumns);
      this.maybeList = null;
    }
    this.saved.length = keepSavepoint ? i + 1 : i;
  }

  /** Records a relation the document creates (or replaces). */
  define(relation: RelationInfo): void {
    this.overlay.set(key(relation.schema, relation.name), relation);
    this.overlayNames.add(relation.name);
  }

  /** DROP … CASCADE: views the document defined may be gone; stop concluding about them. */
  forgetDocumentViews(): void {
    for (const [k, v] of this.overlay) {
      if (v?.fromQuery) {
        this.overlay.set(k, null);
      }
    }
  }

  /** Forgets what is known about a relation the document dropped or changed beyond our model. */
  forget(schema: string | undefined, name: string): void {
    const found = this.lookupRelation(schema, name);
    const s = found.kind === 'found' ? found.relation.schema : (schema ?? this.creationSchema);
    this.overlay.set(key(s, name), null);
    this.overlayNames.add(name);
  }

  /** A workspace catalog (server/src/workspace/) cannot tell whether this name exists. */
  private catalogUnsure(name: string): boolean {
    const unsure = this.catalog?.unsure;
    return unsure !== undefined && (unsure.anyRelation || unsure.relations.includes(name));
  }

  /** What the statements applied so far changed (for server/src/workspace/, which turns it into a catalog). */
  overlayState(): { relations: Map<string, RelationInfo | null>; functions: ReadonlySet<string>; dynamic: boolean } {
    return { relations: new Map(this.overlay), functions: this.documentFunctions, dynamic: this.dynamic };
  }
}
