/**
 * Name-resolution scopes modelled on PostgreSQL's ParseState: each query level has a range
 * table (every FROM item, visible or not, which the "Perhaps you meant" search scans) and a
 * namespace (what names can see from here). Plain data, no LSP.
 */
import { systemColumnNames } from '../../catalog/model';
import type { FuzzyRte } from '../checks/fuzzyMatch';

export type RteKind = 'relation' | 'subquery' | 'cte' | 'function' | 'values' | 'join' | 'target' | 'excluded' | 'returning';

export interface Rte extends FuzzyRte {
  kind: RteKind;
  columns: string[];
  /** true when the columns cannot all be known (unknown function result, missing relation…): say nothing */
  opaque: boolean;
  /** relation name for messages like `column "x" of relation "t" does not exist` */
  relationName?: string;
  relationSchema?: string;
  /** whether the user wrote an alias (errorMissingRTE's "Perhaps you meant the alias" case) */
  hasAlias: boolean;
  /** names that may or may not be columns (dropped earlier in the document): never reported */
  uncertain?: readonly string[];
}

export interface NsItem {
  rte: Rte;
  /** names the entry answers to (its alias, or the relation name) */
  refname: string;
  /** schema the refname may be qualified with (relations without alias only) */
  schema?: string;
  relVisible: boolean;
  colsVisible: boolean;
  /** visible only to LATERAL items of the same FROM list (set while the FROM list is processed) */
  lateralOnly: boolean;
  /** false where a LATERAL reference to it is an error (RIGHT/FULL join input, UPDATE/DELETE target) */
  lateralOk?: boolean;
  /** for join entries with USING: the merged columns it exposes */
  columnsOverride?: string[];
  /** parse-tree location of the FROM item (for duplicate-name errors) */
  location?: number;
}

export interface CteDef {
  name: string;
  columns: string[];
  opaque: boolean;
}

export class Level {
  readonly rtable: Rte[] = [];
  readonly namespace: NsItem[] = [];
  readonly ctes = new Map<string, CteDef>();
  /** true inside a LATERAL item: lateral-only entries of the parent's FROM list are visible */
  lateralActive = false;

  constructor(readonly parent: Level | null) {}

  child(): Level {
    return new Level(this);
  }

  findCte(name: string): CteDef | undefined {
    return this.ctes.get(name) ?? this.parent?.findCte(name);
  }

  /** Range tables from this level outwards, for the fuzzy search. */
  rtables(): Rte[][] {
    return [this.rtable, ...(this.parent?.rtables() ?? [])];
  }
}

export function columnsOf(item: NsItem): readonly string[] {
  return item.columnsOverride ?? item.rte.columns;
}

/** How many times `name` is a column of the entry (0, 1, or more = ambiguous); -1 when unknowable. */
export function countColumn(item: NsItem, name: string): number {
  if (item.rte.opaque && !item.columnsOverride) {
    return -1;
  }
  let n = 0;
  for (const c of columnsOf(item)) {
    if (c === name) {
      n++;
    }
  }
  if (n === 0 && item.rte.hasSystemColumns && !item.columnsOverride && systemColumnNames.has(name)) {
    n = 1;
  }
  if (n === 0 && item.rte.uncertain?.includes(name)) {
    return -1;
  }
  return n;
}

/** refnameNamespaceItem: the visible entry a qualifier names, innermost level first. */
export function findRefname(level: Level, schema: string | undefined, name: string): NsItem | undefined {
  for (let l: Level | null = level; l; l = l.parent) {
    for (const item of l.namespace) {
      if (!item.relVisible || (item.lateralOnly && !l.lateralActive)) {
        continue;
      }
      if (item.refname === name && (schema === undefined || item.schema === schema)) {
        return item;
      }
    }
  }
  return undefined;
}

/** The namespace entry of a range-table entry, and its level, innermost first. */
export function findNsItemForRte(level: Level, rte: Rte): { item: NsItem; level: Level } | undefined {
  for (let l: Level | null = level; l; l = l.parent) {
    const item = l.namespace.find((i) => i.rte === rte);
    if (item) {
      return { item, level: l };
    }
  }
  return undefined;
}

/** Whether any entry in reach has unknowable columns (then nothing may be concluded). */
export function anyOpaque(level: Level): boolean {
  return level.rtables().some((rt) => rt.some((r) => r.opaque));
}

/** A range-table entry that is in reach of the fuzzy search but never visible by name. */
export function pseudoRte(aliasname: string, columns: string[] | null): Rte {
  return { kind: 'subquery', aliasname, columns: columns ?? [], opaque: columns === null, hasSystemColumns: false, isJoin: false, hasAlias: true };
}
