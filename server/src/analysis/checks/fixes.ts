/**
 * The one quick-fix builder: each name becomes a "Change to …" fix over the same range,
 * quoted when PostgreSQL would need quotes; the first is the preferred one. A fix of several
 * places (every reference in the statement, or the alias they should match) is one fix with
 * several edits; it is never preferred here: only `checkedFixes.ts`, which re-binds the
 * statement with each fix applied, decides which fix is best.
 */
import { quoteIdentifier } from '../../parser';
import type { BindContext } from '../binder/bindContext';
import { nameParts, type Fix } from '../problems';

/** A replacement: a bare name (quoted as needed), or a display name with its own text. */
export type Replacement = string | { name: string; newText: string };

export function renameFixes(replacements: readonly Replacement[], range: { start: number; end: number }, preferFirst = true): Fix[] {
  return replacements.map((r, i) => {
    const { name, newText } = typeof r === 'string' ? { name: r, newText: quoteIdentifier(r) } : r;
    return { newText, name, start: range.start, end: range.end, preferred: preferFirst && i === 0 };
  });
}

/** Renames every range to `name` in one fix (null when there is at most one place). */
export function renameAllFix(name: string, ranges: readonly { start: number; end: number }[], title: string): Fix | null {
  if (ranges.length < 2) {
    return null;
  }
  const newText = quoteIdentifier(name);
  const edits = [...ranges].sort((a, b) => a.start - b.start).map((r) => ({ start: r.start, end: r.end, newText }));
  const first = edits[0]!;
  return { newText, name, start: first.start, end: first.end, preferred: false, edits, title };
}

/** Renames the one place `range` (an alias where it is defined) to `name`, with its own title. */
export function renameAtFix(name: string, range: { start: number; end: number }, title: string): Fix {
  return { newText: quoteIdentifier(name), name, start: range.start, end: range.end, preferred: false, title };
}

/** The edits a fix makes, in document order. */
export function fixEdits(fix: Fix): { start: number; end: number; newText: string }[] {
  return fix.edits ?? [{ start: fix.start, end: fix.end, newText: fix.newText }];
}

// Where a name is written elsewhere in the same statement (for the fixes of every place):
// the column references of the parse tree, found once per statement.

interface Ref {
  /** the name fields (`*` as null) */
  fields: (string | null)[];
  location: number;
}

const byTree = new WeakMap<object, Ref[]>();

/** Every ColumnRef below `root`, in tree order (an explicit stack: no recursion on deep trees). */
function columnRefs(root: object): Ref[] {
  const known = byTree.get(root);
  if (known) {
    return known;
  }
  const out: Ref[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') {
      continue;
    }
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        stack.push(node[i]);
      }
      continue;
    }
    const cr = (node as { ColumnRef?: { fields?: unknown[]; location?: number } }).ColumnRef;
    if (cr && typeof cr.location === 'number') {
      const fields = (cr.fields ?? []).map((f) => (f as { String?: { sval?: string } }).String?.sval ?? null);
      out.push({ fields, location: cr.location });
      continue;
    }
    const values = Object.values(node);
    for (let i = values.length - 1; i >= 0; i--) {
      stack.push(values[i]);
    }
  }
  out.sort((a, b) => a.location - b.location);
  byTree.set(root, out);
  return out;
}

function partRanges(ctx: BindContext, pick: (r: Ref) => number | null): { start: number; end: number }[] {
  const stmts = ctx.statement.stmts;
  if (!stmts) {
    return [];
  }
  const base = ctx.statement.span.start;
  const out: { start: number; end: number }[] = [];
  for (const ref of columnRefs(stmts)) {
    const index = pick(ref);
    if (index === null) {
      continue;
    }
    const part = nameParts(ctx.statement.text, ctx.localOffset(ref.location))[index];
    if (part && !out.some((o) => o.start === base + part.start)) {
      out.push({ start: base + part.start, end: base + part.end });
    }
  }
  return out;
}

/** The qualifier of every `refname.column` and `refname.*` in the statement. */
export function qualifierRanges(ctx: BindContext, refname: string): { start: number; end: number }[] {
  return partRanges(ctx, (r) => (r.fields.length === 2 && r.fields[0] === refname ? 0 : null));
}

/** The column name of every reference to a column `colname` (bare or qualified) in the statement. */
export function columnNameRanges(ctx: BindContext, colname: string): { start: number; end: number }[] {
  return partRanges(ctx, (r) => (r.fields.length <= 3 && r.fields[r.fields.length - 1] === colname ? r.fields.length - 1 : null));
}
