/**
 * 42P01 undefined_table: a relation that does not exist (parserOpenTable), a qualifier that
 * names no FROM entry in reach (errorMissingRTE, with its alias / LATERAL hints), a locked
 * relation missing from FROM (transformLockingClause); ranked quick fixes beyond PostgreSQL.
 */
import type { RangeVar } from 'libpg-query';
import { SqlState } from '../../../../shared/src/diagnosticCodes';
import type { BindContext } from '../binder/bindContext';
import { nearestNames } from './fuzzyMatch';
import { nameParts, type Fix } from '../problems';
import { findNsItemForRte, findRefname, type Level, type NsItem, type Rte } from '../binder/scope';
import { renameAtFix, renameFixes } from './fixes';

import { foldIdentifier } from '../../parser';

const code = SqlState.undefinedTable;

/** `relation "x" does not exist`, with the nearest relation names as fixes. */
export function undefinedRelation(rv: RangeVar, ctx: BindContext): void {
  const start = ctx.offset(rv.location);
  const text = ctx.statement.text;
  const local = ctx.localOffset(rv.location);
  const display = rv.schemaname ? `${rv.schemaname}.${rv.relname ?? ''}` : (rv.relname ?? '');
  // the range ends after the last name part (the relation itself)
  const re = /("(?:[^"]|"")*"|[^\s.,;()"]+)(\s*\.\s*("(?:[^"]|"")*"|[^\s.,;()"]+))*/y;
  re.lastIndex = local;
  const m = re.exec(text);
  const end = m ? local + m[0].length : local + display.length;
  const nameStart = m ? local + m[0].length - (m[3] ?? m[1] ?? '').length : local;
  const base = ctx.statement.span.start;
  ctx.report({
    code,
    message: `relation "${display}" does not exist`,
    start,
    end: base + end,
    fixes: renameFixes(nearestNames(ctx.schema.relationCandidates(rv.schemaname), rv.relname ?? ''), { start: base + nameStart, end: base + end }),
  });
}

/** errorMissingRTE: a qualifier that names no FROM entry in reach. */
export function missingFromEntry(ctx: BindContext, level: Level, refname: string, location: number | undefined, schema?: string): void {
  const start = ctx.offset(location);
  const local = ctx.localOffset(location);
  const parts = nameParts(ctx.statement.text, local);
  const end = start + (parts.length > 0 ? (parts[schema === undefined ? 0 : 1]?.end ?? parts[0]!.end) : local + refname.length) - local;
  // searchRangeTableForRel: an entry for the same relation, or one with that name
  const target = ctx.schema.lookupRelation(schema, refname);
  let match: Rte | undefined;
  for (const rt of level.rtables()) {
    match = rt.find(
      (r) =>
        ((r.kind === 'relation' || r.kind === 'target') &&
          target.kind === 'found' &&
          r.relationName === target.relation.name &&
          r.relationSchema === target.relation.schema) ||
        r.aliasname === refname,
    );
    if (match) {
      break;
    }
  }
  const message = `invalid reference to FROM-clause entry for table "${refname}"`;
  if (match && match.hasAlias && match.aliasname !== refname) {
    const ns = findRefname(level, undefined, match.aliasname);
    if (ns && ns.rte === match) {
      ctx.report({
        code,
        message,
        hint: `Perhaps you meant to reference the table alias "${match.aliasname}".`,
        start,
        end,
        fixes: renameFixes([match.aliasname], { start, end }),
      });
      return;
    }
  }
  if (match) {
    const ns = findNsItemForRte(level, match);
    const lateral = ns !== undefined && ns.item.lateralOnly && !level.lateralActive;
    ctx.report({
      code,
      message,
      detail: `There is an entry for table "${match.aliasname}", but it cannot be referenced from this part of the query.`,
      hint: lateral ? 'To reference that table, you must mark this subquery with LATERAL.' : undefined,
      start,
      end,
      fixes: [],
    });
    return;
  }
  // beyond PostgreSQL: the names in reach that the qualifier may have meant
  const inReach: NsItem[] = [];
  for (let l: Level | null = level; l; l = l.parent) {
    for (const item of l.namespace) {
      if (item.relVisible && !(item.lateralOnly && !l.lateralActive)) {
        inReach.push(item);
      }
    }
  }
  const qualifierStart = schema === undefined ? start : ctx.statement.span.start + (parts[1]?.start ?? local);
  const qualifierEnd = ctx.statement.span.start + (parts[schema === undefined ? 0 : 1]?.end ?? local + refname.length);
  const nearest = nearestNames(
    inReach.map((i) => i.refname),
    refname,
    'qualifier',
  );
  // a misspelled alias: the alias renamed to the references (renaming every reference to the
  // alias is derived from "Change to" when the fixes are checked, checks/fixes.ts placeFixes)
  const everywhere: Fix[] = [];
  for (const name of nearest.slice(0, 2)) {
    const alias = aliasDefinition(
      ctx,
      inReach.find((i) => i.refname === name),
    );
    if (alias && schema === undefined) {
      everywhere.push(renameAtFix(refname, alias, `Rename alias "${name}" to "${refname}"`));
    }
  }
  ctx.report({
    code,
    message: `missing FROM-clause entry for table "${refname}"`,
    start,
    end,
    fixes: [...renameFixes(nearest, { start: qualifierStart, end: qualifierEnd }), ...everywhere],
  });
}

/** Where the alias of a FROM-clause relation is written (`rel [AS] alias`), when it is. */
function aliasDefinition(ctx: BindContext, item: NsItem | undefined): { start: number; end: number } | undefined {
  if (!item || !item.rte.hasAlias || item.location === undefined || (item.rte.kind !== 'relation' && item.rte.kind !== 'cte')) {
    return undefined;
  }
  const text = ctx.statement.text;
  const parts = nameParts(text, ctx.localOffset(item.location));
  const after = parts[parts.length - 1]?.end;
  if (after === undefined) {
    return undefined;
  }
  const re = /\s+(?:as\s+)?("(?:[^"]|"")*"|[\p{L}_][\p{L}\p{N}_$]*)/iuy;
  re.lastIndex = after;
  const m = re.exec(text);
  if (!m) {
    return undefined;
  }
  const word = m[1]!;
  const folded = word.startsWith('"') ? word.slice(1, -1).replace(/""/g, '"') : foldIdentifier(word);
  if (folded !== item.refname) {
    return undefined;
  }
  const base = ctx.statement.span.start;
  const end = after + m[0].length;
  return { start: base + end - word.length, end: base + end };
}

/** transformLockingClause: FOR UPDATE OF a name that is not in this query's FROM. */
export function lockedRelationNotInFrom(ctx: BindContext, rv: RangeVar, clause: string): void {
  const start = ctx.offset(rv.location);
  ctx.report({
    code,
    message: `relation "${rv.relname ?? ''}" in ${clause} clause not found in FROM clause`,
    start,
    end: start + ctx.nameLength(rv.location),
    fixes: [],
  });
}
