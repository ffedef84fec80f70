/**
 * PostgreSQL's "Perhaps you meant…" scoring, reproduced from the behaviour of
 * src/backend/parser/parse_relation.c (searchRangeTableForCol, updateFuzzyAttrMatchState):
 * unit-cost Levenshtein over characters, plus the distance between the typed qualifier and
 * the range-table entry's name when the reference is qualified; a candidate is dropped when
 * its column distance exceeds half the typed name's length in bytes; only totals up to 3
 * count; a third candidate at the best distance clears the list for that distance.
 */
import { systemColumnNames } from '../../catalog/model';

/** Levenshtein distance over code points with unit costs (PostgreSQL's varstr_levenshtein). */
export function levenshtein(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  if (s.length === 0) {
    return t.length;
  }
  if (t.length === 0) {
    return s.length;
  }
  let prev = new Array<number>(t.length + 1);
  let cur = new Array<number>(t.length + 1);
  for (let j = 0; j <= t.length; j++) {
    prev[j] = j;
  }
  for (let i = 1; i <= s.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[t.length]!;
}

export const MAX_FUZZY_DISTANCE = 3;

/**
 * pgsight's one "close enough" rule for its quick fixes beyond PostgreSQL's hint (columns,
 * relations, qualifiers): at most MAX_FUZZY_DISTANCE edits, or half the typed name's
 * characters for longer names. A qualifier (an alias, often one to three letters, which
 * three edits turn into any other alias) gets the tighter bar of two edits or half its
 * characters rounded down. PostgreSQL's own hint keeps its exact rule (updateFuzzy).
 */
export function closeEnough(distance: number, typed: string, kind: 'name' | 'qualifier' = 'name'): boolean {
  const length = Array.from(typed).length;
  return kind === 'name' ? distance <= Math.max(MAX_FUZZY_DISTANCE, Math.ceil(length / 2)) : distance <= Math.max(2, Math.floor(length / 2));
}

/** The candidates close enough to `typed`, nearest first (ties keep their order), each once. */
export function nearestNames(candidates: Iterable<string>, typed: string, kind: 'name' | 'qualifier' = 'name', limit = 5): string[] {
  const scored: { name: string; distance: number }[] = [];
  for (const name of candidates) {
    const distance = levenshtein(name, typed);
    if (closeEnough(distance, typed, kind) && !scored.some((s) => s.name === name)) {
      scored.push({ name, distance });
    }
  }
  return scored
    .sort((a, b) => a.distance - b.distance)
    .slice(0, limit)
    .map((s) => s.name);
}

/** A range-table entry as the fuzzy search sees it. */
export interface FuzzyRte {
  /** eref->aliasname: the alias, or the relation / CTE / function name */
  aliasname: string;
  /** column names in order (dropped columns are already excluded) */
  columns: readonly string[];
  /** whether system columns (ctid, xmin, …) exist: exact matches only, never fuzzy */
  hasSystemColumns: boolean;
  /** join RTEs are skipped by PostgreSQL's search */
  isJoin: boolean;
}

export interface FuzzyResult<R extends FuzzyRte> {
  distance: number;
  first: { rte: R; column: string } | null;
  second: { rte: R; column: string } | null;
  exact1: { rte: R; column: string } | null;
  exact2: { rte: R; column: string } | null;
}

/**
 * searchRangeTableForCol: `levels` are the range tables from the innermost query level
 * outwards, each in range-table order. `alias` is the typed qualifier (or null).
 */
export function searchRangeTableForCol<R extends FuzzyRte>(levels: readonly (readonly R[])[], alias: string | null, colname: string): FuzzyResult<R> {
  const state: FuzzyResult<R> = { distance: MAX_FUZZY_DISTANCE + 1, first: null, second: null, exact1: null, exact2: null };
  const matchBytes = Buffer.byteLength(colname, 'utf8');
  for (const rtable of levels) {
    for (const rte of rtable) {
      if (rte.isJoin) {
        continue;
      }
      const penalty = alias === null ? 0 : levenshtein(alias, rte.aliasname);
      let exact = false;
      for (const column of rte.columns) {
        if (column === colname) {
          exact = true;
        }
        updateFuzzy(state, penalty, rte, column, colname, matchBytes);
      }
      if (!exact && rte.hasSystemColumns && systemColumnNames.has(colname)) {
        exact = true;
      }
      if (exact && penalty === 0) {
        if (state.exact1 === null) {
          state.exact1 = { rte, column: colname };
        } else {
          state.exact2 = { rte, column: colname };
        }
      }
    }
  }
  return state;
}

function updateFuzzy<R extends FuzzyRte>(state: FuzzyResult<R>, penalty: number, rte: R, actual: string, match: string, matchBytes: number): void {
  if (penalty > state.distance || actual === '') {
    return;
  }
  let distance = levenshtein(actual, match);
  // more than half the characters different: not a sensible suggestion
  if (distance > Math.floor(matchBytes / 2)) {
    return;
  }
  distance += penalty;
  if (distance < state.distance) {
    state.distance = distance;
    state.first = { rte, column: actual };
    state.second = null;
  } else if (distance === state.distance) {
    if (state.second !== null) {
      // three at the same distance: this distance is too low a bar
      state.first = null;
      state.second = null;
    } else if (state.first !== null) {
      state.second = { rte, column: actual };
    }
  }
}

/** Ranks every column for quick fixes beyond PostgreSQL's hint: distance, then order found. */
export function rankCandidates<R extends FuzzyRte>(rtes: readonly R[], colname: string, limit = 5): { rte: R; column: string; distance: number }[] {
  const out: { rte: R; column: string; distance: number; order: number }[] = [];
  const folded = colname.toLowerCase();
  let order = 0;
  for (const rte of rtes) {
    for (const column of rte.columns) {
      order++;
      if (column === colname || column === '') {
        continue;
      }
      // a case-only difference ("OrderId" vs orderid) is the closest possible miss
      const distance = column.toLowerCase() === folded ? 0.5 : levenshtein(column, colname);
      if (closeEnough(distance, colname)) {
        out.push({ rte, column, distance, order });
      }
    }
  }
  out.sort((a, b) => a.distance - b.distance || a.order - b.order);
  const seen = new Set<string>();
  return out
    .filter((c) => !seen.has(c.column) && seen.add(c.column))
    .slice(0, limit)
    .map(({ rte, column, distance }) => ({ rte, column, distance }));
}
