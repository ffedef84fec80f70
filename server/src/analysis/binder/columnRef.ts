/**
 * Column references: resolved the way PostgreSQL's transformColumnRef does, and when one
 * fails, reported with errorMissingColumn's / errorMissingRTE's exact texts (PostgreSQL 18),
 * plus ranked quick fixes. Stays silent whenever an entry in reach has unknowable columns.
 */
import type { ColumnRef } from 'libpg-query';
import { BindContext, nodeAs } from './bindContext';
import { ambiguousColumn, ambiguousQualifiedColumn } from '../checks/ambiguousColumn';
import { invalidLateralReference } from '../checks/invalidColumnReference';
import { undefinedColumn, undefinedField } from '../checks/undefinedColumn';
import { missingFromEntry } from '../checks/undefinedTable';
import { anyOpaque, countColumn, findRefname, Level, type NsItem } from './scope';

type Found = 'found' | 'unknown' | 'none';

/** Finds an unqualified column; reports 42702 when it is ambiguous. */
function findUnqualified(level: Level, name: string, ctx: BindContext, location: number | undefined, quiet = false): Found {
  for (let l: Level | null = level; l; l = l.parent) {
    let matches = 0;
    let unknowable = false;
    for (const item of l.namespace) {
      if (!item.colsVisible || (item.lateralOnly && !l.lateralActive)) {
        continue;
      }
      const n = countColumn(item, name);
      if (n < 0) {
        unknowable = true;
      } else {
        matches += n;
      }
    }
    if (matches > 1 && quiet) {
      return 'found';
    }
    if (matches > 1) {
      ambiguousColumn(ctx, l, name, location);
      return 'found';
    }
    if (matches === 1) {
      const item = l.namespace.find((i) => i.colsVisible && !(i.lateralOnly && !l.lateralActive) && countColumn(i, name) === 1);
      if (item && !quiet) {
        checkLateralRefOk(item, ctx, location);
      }
      return 'found';
    }
    if (unknowable) {
      return 'unknown';
    }
  }
  return 'none';
}

/**
 * check_lateral_ref_ok: an entry a LATERAL item may see only through an INNER or LEFT join
 * (or an UPDATE/DELETE target, which LATERAL never sees) is an error, not an invisible item.
 */
function checkLateralRefOk(item: NsItem, ctx: BindContext, location: number | undefined): void {
  if (item.lateralOnly && item.lateralOk === false) {
    invalidLateralReference(ctx, item, location);
  }
}

export function resolveColumnRef(cr: ColumnRef, level: Level, ctx: BindContext): void {
  const fields = cr.fields ?? [];
  const names: string[] = [];
  let star = false;
  for (const f of fields) {
    const s = nodeAs<{ sval?: string }>(f, 'String');
    if (s) {
      names.push(s.sval ?? '');
    } else if (nodeAs(f, 'A_Star')) {
      star = true;
    }
  }
  if (star) {
    // `*`, `t.*`, `s.t.*`: the qualifier must name a FROM entry in reach
    if (names.length === 1 && !findRefname(level, undefined, names[0]!) && !anyOpaque(level)) {
      if (findUnqualified(level, names[0]!, ctx, cr.location) === 'none' && !ctx.isParameter(undefined, names[0]!)) {
        missingFromEntry(ctx, level, names[0]!, cr.location);
      }
    }
    return;
  }
  if (names.length === 1) {
    const name = names[0]!;
    const found = findUnqualified(level, name, ctx, cr.location);
    if (found === 'found') {
      ctx.columnFound(names, cr.location);
    }
    if (found !== 'none') {
      return;
    }
    // a bare relation name is a whole-row reference (`select t from t`); in a SQL function
    // body a name no column has may be a parameter
    if (findRefname(level, undefined, name) || ctx.isParameter(undefined, name, cr.location)) {
      return;
    }
    undefinedColumn(ctx, level, null, name, cr.location);
    return;
  }
  if (names.length > 3) {
    return;
  }
  const schema = names.length === 3 ? names[0] : undefined;
  const qualifier = names[names.length - 2]!;
  const column = names[names.length - 1]!;
  const item = findRefname(level, schema, qualifier);
  if (item) {
    checkLateralRefOk(item, ctx, cr.location);
    const n = countColumn(item, column);
    // `t.f` may also call a function f(t) (functional notation): only when the catalog has one
    if (n === 0 && !ctx.schema.lookupFunctions(undefined, column)?.length && !ctx.schema.hasDocumentFunction(column)) {
      undefinedColumn(ctx, level, qualifier, column, cr.location, item);
    } else if (n > 1) {
      ambiguousQualifiedColumn(ctx, column, cr.location);
    } else if (n === 1) {
      ctx.columnFound(names, cr.location);
    }
    return;
  }
  // `s.t.c` with no such entry: unless it reads as `t.c.f` (a composite column's field),
  // PostgreSQL reports the missing entry t
  if (names.length === 3) {
    const asField = findRefname(level, undefined, names[0]!);
    if ((asField && countColumn(asField, names[1]!) !== 0) || anyOpaque(level)) {
      return;
    }
    // `fn.param.field`, `param.field.subfield`
    if (ctx.isParameter(names[0], names[1]!) || ctx.isParameter(undefined, names[0]!)) {
      return;
    }
    missingFromEntry(ctx, level, names[1]!, cr.location, names[0]);
    return;
  }
  // `a.b` where a is not a FROM entry: a composite column's field, or a missing entry
  if (findUnqualified(level, qualifier, ctx, cr.location) !== 'none' || anyOpaque(level)) {
    return;
  }
  // `fn.param`, or a field of a composite parameter
  if (ctx.isParameter(qualifier, column, cr.location) || ctx.isParameter(undefined, qualifier)) {
    return;
  }
  missingFromEntry(ctx, level, qualifier, cr.location);
}

/**
 * `(t).field` on a whole-row reference: the field must be a column of t (PostgreSQL's
 * unknown_attribute: `column t.field does not exist`, no hint, at the reference).
 */
export function resolveFieldSelection(cr: ColumnRef, field: string, level: Level, ctx: BindContext): void {
  const names = (cr.fields ?? []).map((f) => nodeAs<{ sval?: string }>(f, 'String')?.sval);
  if (names.length !== 1 || names[0] === undefined) {
    return;
  }
  // a column of that name wins over the whole row (then it is a composite: fields unknown)
  if (findUnqualified(level, names[0], ctx, cr.location, true) !== 'none') {
    return;
  }
  const item = findRefname(level, undefined, names[0]);
  if (!item || countColumn(item, field) !== 0 || ctx.schema.lookupFunctions(undefined, field)?.length || ctx.schema.hasDocumentFunction(field)) {
    return;
  }
  undefinedField(ctx, item.rte.aliasname, field, cr.location);
}
