/**
 * 42P01 undefined_table: a relation that does not exist (parserOpenTable), a qualifier that
 * names no FROM entry in reach (errorMissingRTE, with its alias / LATERAL hints), a locked
 * relation missing from FROM (transformLockingClause); ranked quick fixes beyond PostgreSQL.
 */
import type { RangeVar } from 'libpg-query';
import { SqlState } from '../../../../shared/src/diagnosticCodes';
import type { BindContext } from '../binder/bindContext';
import { nearestNames } from './fuzzyMatch';
import { nameParts } from '../problems';
import { findNsItemForRte, findRefname, type Level, type Rte } from '../binder/scope';
import { renameFixes } from './fixes';

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
  const inReach: string[] = [];
  for (let l: Level | null = level; l; l = l.parent) {
    for (const item of l.namespace) {
      if (item.relVisible && !(item.lateralOnly && !l.lateralActive)) {
        inReach.push(item.refname);
      }
    }
  }
  const qualifierStart = schema === undefined ? start : ctx.statement.span.start + (parts[1]?.start ?? local);
  const qualifierEnd = ctx.statement.span.start + (parts[schema === undefined ? 0 : 1]?.end ?? local + refname.length);
  ctx.report({
    code,
    message: `missing FROM-clause entry for table "${refname}"`,
    start,
    end,
    fixes: renameFixes(nearestNames(inReach, refname, 'qualifier'), { start: qualifierStart, end: qualifierEnd }),
  });
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
