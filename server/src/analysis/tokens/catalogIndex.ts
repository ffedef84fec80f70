/**
 * Lookup tables over one catalog snapshot for completion and hover, built once per snapshot
 * (a 10,000-table catalog is indexed in a few milliseconds, then every keystroke only scores
 * names), plus the fuzzy scoring that ranks them.
 */
import { firstOnSearchPath } from '../../catalog/searchPath';
import type { Catalog, CatalogFunction, CatalogRelation } from '../../catalog/model';

/** A column as completion and hover see it: its name and, when known, its type. */
export interface ScopeColumn {
  name: string;
  type: string | null;
}

export type IndexedRelation = CatalogRelation;

export interface FunctionGroup {
  schema: string;
  name: string;
  /** lower-cased name, for scoring */
  key: string;
  overloads: CatalogFunction[];
  /** callable without a schema (its schema is on the search path) */
  visible: boolean;
  /** operator implementations, type I/O and handlers: callable, but noise in a completion list */
  internal: boolean;
}

const indexes = new WeakMap<Catalog, CatalogIndex>();

/**
 * A name held by more relations than this is offered without a schema only where the search
 * path finds it: a schema-per-tenant database has each table in 1,000 schemas, and a list of
 * 1,000 `orders` would bury everything else. The others come after `schema.`.
 */
export const crowdedNamesakes = 8;

export class CatalogIndex {
  readonly relations: readonly IndexedRelation[];
  /** lower-cased relation names, parallel to `relations` */
  readonly relationKeys: readonly string[];
  /** whether `relations[i]` is what its bare name resolves to */
  readonly relationVisible: readonly boolean[];
  readonly functionGroups: readonly FunctionGroup[];
  private readonly relationsByName = new Map<string, IndexedRelation[]>();
  private readonly relationsBySchema = new Map<string, number[]>();
  /** the relations offered without a schema (see crowdedNamesakes), ascending */
  private readonly bareRelations: readonly number[];
  private readonly relationsByWordStart: Map<string, number[]>;
  private readonly functionsByWordStart: Map<string, number[]>;
  private readonly functionsByName = new Map<string, FunctionGroup[]>();
  readonly searchPath: readonly string[];

  /** The index of a snapshot, built on first use and kept as long as the snapshot lives. */
  static for(catalog: Catalog): CatalogIndex {
    let index = indexes.get(catalog);
    if (!index) {
      index = new CatalogIndex(catalog);
      indexes.set(catalog, index);
    }
    return index;
  }

  private constructor(readonly catalog: Catalog) {
    this.searchPath = catalog.searchPath;
    this.relations = catalog.relations;
    this.relationKeys = catalog.relations.map((r) => r.name.toLowerCase());
    catalog.relations.forEach((r, i) => {
      pushTo(this.relationsByName, r.name, r);
      pushTo(this.relationsBySchema, r.schema, i);
    });
    // once per name, not per relation: 1,000 tenant schemas give each name 1,000 namesakes
    const visible = new Set<IndexedRelation>();
    for (const list of this.relationsByName.values()) {
      const hit = firstOnSearchPath(list, this.searchPath, null);
      if (hit) {
        visible.add(hit);
      }
    }
    this.relationVisible = catalog.relations.map((r) => visible.has(r));
    const bare: number[] = [];
    catalog.relations.forEach((r, i) => {
      if (this.relationVisible[i] || this.relationsByName.get(r.name)!.length <= crowdedNamesakes) {
        bare.push(i);
      }
    });
    this.bareRelations = bare;
    this.relationsByWordStart = byWordStart(this.relationKeys, bare);

    const groups = new Map<string, FunctionGroup>();
    for (const f of catalog.functions) {
      const k = `${f.schema}\u0000${f.name}`;
      let g = groups.get(k);
      if (!g) {
        g = { schema: f.schema, name: f.name, key: f.name.toLowerCase(), overloads: [], visible: false, internal: true };
        groups.set(k, g);
        const byName = this.functionsByName.get(f.name);
        if (byName) {
          byName.push(g);
        } else {
          this.functionsByName.set(f.name, [g]);
        }
      }
      g.overloads.push(f);
      g.internal &&= isInternalFunction(f);
    }
    this.functionGroups = [...groups.values()];
    this.functionsByWordStart = byWordStart(this.functionGroups.map((g) => g.key));
    for (const g of this.functionGroups) {
      g.visible = this.resolveFunction(null, g.name) === g;
    }
  }

  /**
   * Indexes of the relations completion offers for `query`: those of `schema` (after `s.`);
   * else those offered bare (crowdedNamesakes), and of them, for a non-empty query, only the
   * ones it can match at all: fuzzyScore wants the query's first letter at the start of a
   * word of the name (on 12,000 relations, typically a tenth).
   */
  relationCandidates(query: string, schema: string | null = null): readonly number[] {
    if (schema !== null) {
      return this.relationsBySchema.get(schema) ?? [];
    }
    return query === '' ? this.bareRelations : (this.relationsByWordStart.get(query[0]!) ?? []);
  }

  /** Indexes of the function groups a non-empty query can match (as relationCandidates); null: score them all. */
  functionCandidates(query: string): readonly number[] | null {
    return query === '' ? null : (this.functionsByWordStart.get(query[0]!) ?? []);
  }

  /** What `schema.name` (or bare `name`, through the search path) refers to. */
  resolveRelation(schema: string | null, name: string): IndexedRelation | null {
    const candidates = this.relationsByName.get(name);
    if (!candidates) {
      return null;
    }
    return firstOnSearchPath(candidates, this.searchPath, schema);
  }

  /** Every relation called `name`, in any schema (on the search path or not). */
  relationsNamed(name: string): readonly IndexedRelation[] {
    return this.relationsByName.get(name) ?? [];
  }

  resolveFunction(schema: string | null, name: string): FunctionGroup | null {
    const candidates = this.functionsByName.get(name);
    if (!candidates) {
      return null;
    }
    return firstOnSearchPath(candidates, this.searchPath, schema);
  }

  /**
   * Columns a function yields in FROM: its result columns when composite; for a scalar one
   * column with an empty name (the FROM item names it after its alias); null when unknown.
   */
  functionColumns(schema: string | null, name: string): ScopeColumn[] | null {
    const group = this.resolveFunction(schema, name);
    if (!group) {
      return null;
    }
    // overloads may differ in shape: only answer when they agree
    const shapes = new Set(group.overloads.map((f) => (f.resultShape === 'composite' ? JSON.stringify(f.resultColumns) : f.resultShape)));
    if (shapes.size !== 1) {
      return group.overloads.every((f) => f.resultShape === 'scalar') ? [{ name: '', type: null }] : null;
    }
    const f = group.overloads[0]!;
    if (f.resultShape === 'composite' && f.resultColumns) {
      return f.resultColumns;
    }
    if (f.resultShape === 'scalar') {
      // which overload is called depends on the arguments: a type only when they all agree
      const types = new Set(group.overloads.map((o) => o.result.replace(/^SETOF /, '')));
      return [{ name: '', type: types.size === 1 ? [...types][0]! : null }];
    }
    return null;
  }

  schemas(): readonly string[] {
    return this.catalog.schemas;
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}

/** For each letter, the (ascending) indexes of the keys (of those in `subset`) that have a word starting with it. */
function byWordStart(keys: readonly string[], subset?: readonly number[]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  const each = subset ?? keys.map((_, i) => i);
  each.forEach((i) => {
    const key = keys[i]!;
    const seen = new Set<string>();
    for (let c = 0; c < key.length; c++) {
      const wordStart = c === 0 || key[c - 1] === '_' || key[c - 1] === '.';
      if (wordStart && !seen.has(key[c]!)) {
        seen.add(key[c]!);
        const list = map.get(key[c]!);
        if (list) {
          list.push(i);
        } else {
          map.set(key[c]!, [i]);
        }
      }
    }
  });
  return map;
}

function isInternalFunction(f: CatalogFunction): boolean {
  if (f.kind === 'procedure') {
    return false;
  }
  if (/\b(internal|cstring|language_handler|fdw_handler|index_am_handler|table_am_handler|tsm_handler|event_trigger)\b/.test(`${f.args} ${f.result}`)) {
    return true;
  }
  if (f.result === 'trigger') {
    return true;
  }
  // pg_catalog's operator implementations (int4pl, textlike …) document themselves so
  return f.schema === 'pg_catalog' && (f.comment?.startsWith('implementation of ') === true || f.name.startsWith('_'));
}

/**
 * How well `query` (what the user typed, lower case) matches `candidate` (lower case): 0 for
 * no match, higher is better. A prefix match beats everything; otherwise the query must be a
 * subsequence whose first letter starts a word (`oi` → `order_items`), with points for
 * letters at word starts and runs of consecutive letters — the way editors rank fuzzy hits.
 */
export const prefixScore = 1000;

export function fuzzyScore(query: string, candidate: string): number {
  if (query.length === 0) {
    return 1;
  }
  if (candidate.startsWith(query)) {
    // always above any subsequence score (at most 10 per letter of a ≤ 63-byte name)
    return 2000 + (candidate.length === query.length ? 500 : 0) - Math.min(candidate.length - query.length, 99);
  }
  let score = 0;
  let qi = 0;
  let previousMatched = false;
  for (let ci = 0; ci < candidate.length && qi < query.length; ci++) {
    const c = candidate.charCodeAt(ci);
    const wordStart = ci === 0 || candidate.charCodeAt(ci - 1) === 0x5f /* _ */ || candidate.charCodeAt(ci - 1) === 0x2e; /* . */
    if (c === query.charCodeAt(qi)) {
      if (qi === 0 && !wordStart) {
        previousMatched = false;
        continue;
      }
      score += wordStart ? 10 : previousMatched ? 5 : 1;
      qi++;
      previousMatched = true;
    } else {
      previousMatched = false;
    }
  }
  return qi === query.length ? score : 0;
}

/** Queries the warm-up scores: short and long, prefix and fuzzy. */
const warmUpQueries = ['o', 'ord', 'cust_i', 'x', 'invoice_li', 'pa'];

/** Builds the index and runs the scorer over every relation name a few times (see prepareCompletion). */
export function warmIndex(catalog: Catalog): number {
  const index = CatalogIndex.for(catalog);
  let matches = 0;
  for (let round = 0; round < 3; round++) {
    for (const query of warmUpQueries) {
      for (const key of index.relationKeys) {
        if (fuzzyScore(query, key) > 0) {
          matches++;
        }
      }
    }
  }
  return matches;
}
