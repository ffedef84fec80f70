/**
 * The one quick-fix builder: each name becomes a "Change to …" fix over the same range,
 * quoted when PostgreSQL would need quotes; the first is the preferred one. A fix of several
 * places (every reference in the statement, or the alias they should match) is one fix with
 * several edits; it is never preferred here: only `checkedFixes.ts`, which re-binds the
 * statement with each fix applied, decides which fix is best.
 */
import { foldIdentifier, quoteIdentifier, type Token } from '../../parser';
import type { BindContext } from '../binder/bindContext';
import type { Fix } from '../problems';

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

// Where a name is written elsewhere in the same statement (for the fixes of every place), from
// the statement's scanner tokens: identifiers and non-reserved keywords, by their folded value.

/** The name a token spells, when it is an identifier (quoted or folded), else null. */
function identifierOf(t: Token): string | null {
  if (t.text.startsWith('"')) {
    return t.text.length >= 2 && t.text.endsWith('"') ? t.text.slice(1, -1).replace(/""/g, '"') : null;
  }
  return t.kind === 'IDENT' || (t.keywordKind > 0 && t.keywordKind < 4) ? foldIdentifier(t.text) : null;
}

/** Per statement: each token's identifier value, and whether a dot stands before / after it. */
const identifiersOf = new WeakMap<object, { name: string; start: number; end: number; dotBefore: boolean; dotAfter: boolean }[]>();

function identifiers(ctx: BindContext): { name: string; start: number; end: number; dotBefore: boolean; dotAfter: boolean }[] {
  let known = identifiersOf.get(ctx.statement);
  if (!known) {
    const tokens = ctx.statement.tokens();
    known = [];
    for (const [i, t] of tokens.entries()) {
      const name = identifierOf(t);
      if (name !== null) {
        known.push({ name, start: t.start, end: t.end, dotBefore: tokens[i - 1]?.text === '.', dotAfter: tokens[i + 1]?.text === '.' });
      }
    }
    identifiersOf.set(ctx.statement, known);
  }
  return known;
}

/** >0 while a statement is bound only for its problems (a fix being checked): no places are looked up. */
let problemsOnly = 0;

/** Runs `f` (a synchronous binding) without building fixes of every place, which nobody will see. */
export function withoutPlaceFixes<T>(f: () => T): T {
  problemsOnly++;
  try {
    return f();
  } finally {
    problemsOnly--;
  }
}

function tokenRanges(ctx: BindContext, name: string, keep: (t: { dotBefore: boolean; dotAfter: boolean }) => boolean): { start: number; end: number }[] {
  if (problemsOnly > 0) {
    return [];
  }
  const base = ctx.statement.span.start;
  return identifiers(ctx)
    .filter((t) => t.name === name && keep(t))
    .map((t) => ({ start: base + t.start, end: base + t.end }));
}

/** The qualifier of every `refname.column` and `refname.*` in the statement (schema.table.column is left alone). */
export function qualifierRanges(ctx: BindContext, refname: string): { start: number; end: number }[] {
  return tokenRanges(ctx, refname, (t) => t.dotAfter && !t.dotBefore);
}

/**
 * Every place the statement spells `colname` as a name that is not a qualifier: column
 * references, INSERT and SET targets, ON CONFLICT columns, `excluded.colname`.
 */
export function columnNameRanges(ctx: BindContext, colname: string): { start: number; end: number }[] {
  return tokenRanges(ctx, colname, (t) => !t.dotAfter);
}
