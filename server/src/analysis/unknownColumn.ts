/**
 * Column references: resolved the way PostgreSQL's transformColumnRef does, and when one
 * fails, reported with errorMissingColumn's / errorMissingRTE's exact texts (PostgreSQL 18),
 * plus ranked quick fixes. Stays silent whenever an entry in reach has unknowable columns.
 */
import type { ColumnRef } from 'libpg-query';
import { quoteIdentifier } from '../parser';
import { BindContext, nodeAs } from './bindContext';
import { levenshtein, rankCandidates, searchRangeTableForCol } from './fuzzyMatch';
import { nameParts, type Fix } from './problems';
import { columnsOf, countColumn, Level, type NsItem, type Rte } from './scope';

export interface ColumnRefOptions {
  /** ORDER BY / GROUP BY / DISTINCT ON: a bare name may be an output column */
  outputNamesOk?: boolean;
}

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
      const start = ctx.offset(location);
      const end = start + extent(ctx, location);
      // beyond PostgreSQL: offer each table that has the column as a qualifier (none preferred)
      const owners = l.namespace.filter((i) => i.relVisible && !(i.lateralOnly && !l.lateralActive) && countColumn(i, name) > 0);
      const fixes = owners.map((i) => {
        const text = `${quoteIdentifier(i.refname)}.${quoteIdentifier(name)}`;
        return { newText: text, name: `${i.refname}.${name}`, start, end, preferred: false };
      });
      ctx.report({ code: '42702', message: `column reference "${name}" is ambiguous`, start, end, fixes });
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
  if (!item.lateralOnly || item.lateralOk !== false) {
    return;
  }
  const start = ctx.offset(location);
  const message = `invalid reference to FROM-clause entry for table "${item.refname}"`;
  const cannot = `There is an entry for table "${item.refname}", but it cannot be referenced from this part of the query.`;
  ctx.report({
    code: '42P10',
    message,
    ...(item.rte.kind === 'target' ? { hint: cannot } : { detail: 'The combining JOIN type must be INNER or LEFT for a LATERAL reference.' }),
    start,
    end: start + extent(ctx, location),
    fixes: [],
  });
}

/** refnameNamespaceItem: the visible entry a qualifier names, innermost level first. */
function findRefname(level: Level, schema: string | undefined, name: string): NsItem | undefined {
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

function extent(ctx: BindContext, location: number | undefined): number {
  const local = ctx.localOffset(location);
  const parts = nameParts(ctx.statement.text, local);
  return parts.length > 0 ? parts[parts.length - 1]!.end - local : 1;
}

function anyOpaque(level: Level): boolean {
  return level.rtables().some((rt) => rt.some((r) => r.opaque));
}

export function resolveColumnRef(cr: ColumnRef, level: Level, ctx: BindContext, options: ColumnRefOptions = {}): void {
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
      if (findUnqualified(level, names[0]!, ctx, cr.location) === 'none') {
        missingRte(ctx, level, names[0]!, cr.location);
      }
    }
    return;
  }
  if (names.length === 1) {
    const name = names[0]!;
    if (findUnqualified(level, name, ctx, cr.location) !== 'none') {
      return;
    }
    if (options.outputNamesOk && level.outputNames.includes(name)) {
      return;
    }
    // a bare relation name is a whole-row reference (`select t from t`)
    if (findRefname(level, undefined, name)) {
      return;
    }
    missingColumn(ctx, level, null, name, cr.location);
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
      missingColumn(ctx, level, qualifier, column, cr.location, item);
    } else if (n > 1) {
      const start = ctx.offset(cr.location);
      ctx.report({ code: '42702', message: `column reference "${column}" is ambiguous`, start, end: start + extent(ctx, cr.location), fixes: [] });
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
    missingRte(ctx, level, names[1]!, cr.location, names[0]);
    return;
  }
  // `a.b` where a is not a FROM entry: a composite column's field, or a missing entry
  if (findUnqualified(level, qualifier, ctx, cr.location) !== 'none' || anyOpaque(level)) {
    return;
  }
  missingRte(ctx, level, qualifier, cr.location);
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
  const start = ctx.offset(cr.location);
  ctx.report({ code: '42703', message: `column ${item.rte.aliasname}.${field} does not exist`, start, end: start + ctx.nameLength(cr.location), fixes: [] });
}

function missingColumn(ctx: BindContext, level: Level, relname: string | null, colname: string, location: number | undefined, item?: NsItem): void {
  const start = ctx.offset(location);
  const local = ctx.localOffset(location);
  const parts = nameParts(ctx.statement.text, local);
  const end = start + (parts.length > 0 ? parts[parts.length - 1]!.end - local : colname.length);
  const message = relname !== null ? `column ${relname}.${colname} does not exist` : `column "${colname}" does not exist`;
  const state = searchRangeTableForCol(level.rtables(), relname, colname);
  let detail: string | undefined;
  let hint: string | undefined;
  const uncertain = anyOpaque(level);
  if (state.exact1) {
    if (state.exact2) {
      detail = `There are columns named "${colname}", but they are in tables that cannot be referenced from this part of the query.`;
      hint = relname === null ? 'Try using a table-qualified name.' : undefined;
    } else {
      detail = `There is a column named "${colname}" in table "${state.exact1.rte.aliasname}", but it cannot be referenced from this part of the query.`;
      const ns = findNsItemForRte(level, state.exact1.rte);
      if (!level.lateralActive && ns?.item.lateralOnly === true) {
        hint = 'To reference that column, you must mark this subquery with LATERAL.';
      } else if (relname === null && ns && ns.item.relVisible && !ns.item.colsVisible) {
        hint = 'To reference that column, you must use a table-qualified name.';
      }
    }
  } else if (!uncertain && state.first) {
    const a = `"${state.first.rte.aliasname}.${state.first.column}"`;
    hint = state.second
      ? `Perhaps you meant to reference the column ${a} or the column "${state.second.rte.aliasname}.${state.second.column}".`
      : `Perhaps you meant to reference the column ${a}.`;
  }
  ctx.report({ code: '42703', message, detail, hint, start, end, fixes: columnFixes(ctx, level, colname, parts, state, item) });
}

function findNsItemForRte(level: Level, rte: Rte): { item: NsItem; level: Level } | undefined {
  for (let l: Level | null = level; l; l = l.parent) {
    const item = l.namespace.find((i) => i.rte === rte);
    if (item) {
      return { item, level: l };
    }
  }
  return undefined;
}

/** Quick fixes: PostgreSQL's own suggestions first, then the nearest names in reach. */
function columnFixes(
  ctx: BindContext,
  level: Level,
  colname: string,
  parts: { start: number; end: number }[],
  state: ReturnType<typeof searchRangeTableForCol<Rte>>,
  item?: NsItem,
): Fix[] {
  if (parts.length === 0) {
    return [];
  }
  const last = parts[parts.length - 1]!;
  const base = ctx.statement.span.start;
  const visible: Rte[] = [];
  if (item) {
    visible.push(item.rte);
  } else {
    for (let l: Level | null = level; l; l = l.parent) {
      for (const ns of l.namespace) {
        if (ns.colsVisible && !(ns.lateralOnly && !l.lateralActive)) {
          visible.push({ ...ns.rte, columns: [...columnsOf(ns)] });
        }
      }
    }
  }
  const names: string[] = [];
  for (const m of [state.first, state.second]) {
    if (m && !state.exact1 && (item ? m.rte === item.rte : visible.some((v) => v.columns.includes(m.column)))) {
      names.push(m.column);
    }
  }
  for (const c of rankCandidates(visible, colname)) {
    names.push(c.column);
  }
  const unique = [...new Set(names)].slice(0, 5);
  return unique.map((name, i) => ({
    newText: quoteIdentifier(name),
    name,
    start: base + last.start,
    end: base + last.end,
    preferred: i === 0,
  }));
}

/** errorMissingRTE: a qualifier that names no FROM entry in reach. */
function missingRte(ctx: BindContext, level: Level, refname: string, location: number | undefined, schema?: string): void {
  const start = ctx.offset(location);
  const local = ctx.localOffset(location);
  const parts = nameParts(ctx.statement.text, local);
  const end = start + (parts.length > 0 ? parts[schema === undefined ? 0 : 1]?.end ?? parts[0]!.end : local + refname.length) - local;
  // searchRangeTableForRel: an entry for the same relation, or one with that name
  const target = ctx.schema.lookupRelation(schema, refname);
  let match: Rte | undefined;
  for (const rt of level.rtables()) {
    match = rt.find(
      (r) =>
        ((r.kind === 'relation' || r.kind === 'target') && target.kind === 'found' && r.relationName === target.relation.name && r.relationSchema === target.relation.schema) ||
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
      const fix = { newText: quoteIdentifier(match.aliasname), name: match.aliasname, start, end, preferred: true };
      ctx.report({ code: '42P01', message, hint: `Perhaps you meant to reference the table alias "${match.aliasname}".`, start, end, fixes: [fix] });
      return;
    }
  }
  if (match) {
    const ns = findNsItemForRte(level, match);
    const lateral = ns !== undefined && ns.item.lateralOnly && !level.lateralActive;
    ctx.report({
      code: '42P01',
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
  const names: { name: string; distance: number }[] = [];
  for (let l: Level | null = level; l; l = l.parent) {
    for (const item of l.namespace) {
      if (item.relVisible && !(item.lateralOnly && !l.lateralActive) && !names.some((n) => n.name === item.refname)) {
        const distance = levenshtein(item.refname, refname);
        if (distance <= Math.max(2, Math.floor(Array.from(refname).length / 2))) {
          names.push({ name: item.refname, distance });
        }
      }
    }
  }
  names.sort((a, b) => a.distance - b.distance);
  const qualifierStart = schema === undefined ? start : ctx.statement.span.start + (parts[1]?.start ?? local);
  const qualifierEnd = ctx.statement.span.start + (parts[schema === undefined ? 0 : 1]?.end ?? local + refname.length);
  const fixes = names.slice(0, 5).map((n, i) => ({ newText: quoteIdentifier(n.name), name: n.name, start: qualifierStart, end: qualifierEnd, preferred: i === 0 }));
  ctx.report({ code: '42P01', message: `missing FROM-clause entry for table "${refname}"`, start, end, fixes });
}
