/**
 * DISTINCT ON against ORDER BY, as transformDistinctOnClause (parse_clause.c) decides it:
 * `SELECT DISTINCT ON expressions must match initial ORDER BY expressions` (42P10).
 *
 * PostgreSQL maps every ORDER BY and DISTINCT ON item to a target-list entry
 * (findTargetlistEntrySQL92: an output name or position; else SQL99: the first entry whose
 * analysed expression is equal, else a new resjunk entry), then walks the ORDER BY (each
 * entry once): an item whose entry is not in DISTINCT ON is skipped, and once one was
 * skipped, an ORDER BY item that is in DISTINCT ON is an error at the first DISTINCT ON item
 * naming that entry; after the walk, if one was skipped, a DISTINCT ON item no earlier ORDER
 * BY item matched is an error at that item.
 *
 * Without types "same entry" is certain only for output names and positions, columns and
 * constants, and textually identical expressions; anything else makes the check say nothing.
 */
import type { SelectStmt, SortBy } from 'libpg-query';
import { nodeAs, strings, type BindContext } from './bindContext';
import type { Level } from './scope';
import { certainlyDifferent, identityOf, leftmostLocation, lookupName, targetListOf, type Identity, type TargetList } from './targetListLookup';
import { distinctOnOrderMismatch } from '../checks/invalidColumnReference';

/** The target-list entry an item maps to: an existing one, or a resjunk one PostgreSQL adds. */
type Key = { tle: number } | { junk: Identity; raw: string };
type Same = 'yes' | 'no' | 'unknown';

/** The parse tree without locations: equal text trees analyse to equal expressions at one level. */
function rawKey(node: unknown): string {
  return JSON.stringify(node, (k, v: unknown) => (k === 'location' ? undefined : v));
}

function certainlyEqual(a: Identity, b: Identity): boolean {
  if (a.kind === 'column' && b.kind === 'column') {
    return a.rte === b.rte && a.column === b.column;
  }
  return a.kind === 'const' && b.kind === 'const' && a.text === b.text;
}

/** findTargetlistEntrySQL92, then SQL99; null when it cannot be told. */
function keyOf(node: unknown, list: TargetList, level: Level): Key | null {
  const cr = nodeAs<{ fields?: unknown[] }>(node, 'ColumnRef');
  const names = strings(cr?.fields ?? []);
  if (cr && names.length === 1 && (cr.fields ?? []).length === 1) {
    const r = lookupName(list, names[0] ?? '');
    if (r === 'ambiguous') {
      return null;
    }
    if (r !== 'none') {
      return r.found ? { tle: list.entries.indexOf(r.found) } : null;
    }
  }
  const aconst = nodeAs<{ ival?: { ival?: number } }>(node, 'A_Const');
  if (aconst) {
    const position = aconst.ival?.ival ?? 0;
    return aconst.ival !== undefined && position >= 1 && position <= list.entries.length ? { tle: position - 1 } : null;
  }
  if (!list.complete) {
    return null;
  }
  const id = identityOf(node, level);
  const raw = rawKey(node);
  for (const [i, e] of list.entries.entries()) {
    if (certainlyEqual(id, e.identity) || (e.expr !== null && rawKey(e.expr) === raw)) {
      return { tle: i };
    }
    if (!certainlyDifferent(id, e.identity)) {
      return null;
    }
  }
  return { junk: id, raw };
}

function same(a: Key, b: Key): Same {
  if ('tle' in a && 'tle' in b) {
    return a.tle === b.tle ? 'yes' : 'no';
  }
  if ('tle' in a || 'tle' in b) {
    return 'no'; // a resjunk entry is certainly none of the existing ones
  }
  if (a.raw === b.raw || certainlyEqual(a.junk, b.junk)) {
    return 'yes';
  }
  return certainlyDifferent(a.junk, b.junk) ? 'no' : 'unknown';
}

/** Whether `key` is among `keys`: yes, no, or unknown; with the index of the first certain match. */
function member(key: Key, keys: readonly Key[]): { same: Same; index: number } {
  for (const [i, k] of keys.entries()) {
    const s = same(key, k);
    if (s !== 'no') {
      return { same: s, index: i };
    }
  }
  return { same: 'no', index: -1 };
}

export function checkDistinctOnOrder(stmt: SelectStmt, level: Level, ctx: BindContext): void {
  const distinct = stmt.distinctClause ?? [];
  const plainDistinct = distinct.length === 1 && Object.keys(distinct[0] ?? {}).length === 0;
  const sortNodes = (stmt.sortClause ?? []).map((s) => nodeAs<SortBy>(s, 'SortBy')?.node);
  // PostgreSQL stops at the first error: an earlier one (a name, a position) comes first
  if (distinct.length === 0 || plainDistinct || sortNodes.length === 0 || ctx.problems.length > 0) {
    return;
  }
  const list = targetListOf(stmt.targetList ?? [], level);
  const distinctKeys: Key[] = [];
  for (const d of distinct) {
    const k = keyOf(d, list, level);
    if (!k) {
      return;
    }
    distinctKeys.push(k);
  }
  // the sort list: each entry once (addTargetToSortList skips one already in it)
  const sortKeys: Key[] = [];
  for (const node of sortNodes) {
    const k = keyOf(node, list, level);
    if (!k) {
      return;
    }
    const seen = member(k, sortKeys).same;
    if (seen === 'unknown') {
      return;
    }
    if (seen === 'no') {
      sortKeys.push(k);
    }
  }
  const matched: Key[] = [];
  let skipped = false;
  for (const k of sortKeys) {
    const m = member(k, distinctKeys);
    if (m.same === 'unknown') {
      return;
    }
    if (m.same === 'no') {
      skipped = true;
      continue;
    }
    if (skipped) {
      // get_matching_location: the first DISTINCT ON item naming that entry
      distinctOnOrderMismatch(ctx, leftmostLocation(distinct[m.index]));
      return;
    }
    matched.push(k);
  }
  if (!skipped) {
    return;
  }
  for (const [i, k] of distinctKeys.entries()) {
    const m = member(k, matched);
    if (m.same === 'unknown') {
      return;
    }
    if (m.same === 'no') {
      distinctOnOrderMismatch(ctx, leftmostLocation(distinct[i]));
      return;
    }
  }
}
