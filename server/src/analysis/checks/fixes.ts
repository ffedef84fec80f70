/**
 * The one quick-fix builder: each name becomes a "Change to …" fix over the same range,
 * quoted when PostgreSQL would need quotes; the first is the preferred one. A fix of several
 * places (every reference in the statement, or the alias they should match) is one fix with
 * several edits; it is never preferred here: only `checkedFixes.ts`, which re-binds the
 * statement with each fix applied, decides which fix is best.
 */
import { foldIdentifier, quoteIdentifier, type Token } from '../../parser';
import type { ParsedStatement } from '../../parser';
import type { Fix } from '../problems';

/** quoteIdentifier asks the scanner whether a name is a keyword: remember its answers (a few hundred names at most). */
const quotedNames = new Map<string, string>();

function quoted(name: string): string {
  let q = quotedNames.get(name);
  if (q === undefined) {
    q = quoteIdentifier(name);
    if (quotedNames.size >= 2000) {
      quotedNames.clear();
    }
    quotedNames.set(name, q);
  }
  return q;
}

/** A replacement: a bare name (quoted as needed), or a display name with its own text. */
export type Replacement = string | { name: string; newText: string };

export function renameFixes(replacements: readonly Replacement[], range: { start: number; end: number }, preferFirst = true): Fix[] {
  return replacements.map((r, i) => {
    const { name, newText } = typeof r === 'string' ? { name: r, newText: quoted(r) } : r;
    return { newText, name, start: range.start, end: range.end, preferred: preferFirst && i === 0 };
  });
}

/** Renames every range to `name` in one fix (null when there is at most one place). */
export function renameAllFix(name: string, ranges: readonly { start: number; end: number }[], title: string): Fix | null {
  if (ranges.length < 2) {
    return null;
  }
  const newText = quoted(name);
  const edits = [...ranges].sort((a, b) => a.start - b.start).map((r) => ({ start: r.start, end: r.end, newText }));
  const first = edits[0]!;
  return { newText, name, start: first.start, end: first.end, preferred: false, edits, title };
}

/** Renames the one place `range` (an alias where it is defined) to `name`, with its own title. */
export function renameAtFix(name: string, range: { start: number; end: number }, title: string): Fix {
  return { newText: quoted(name), name, start: range.start, end: range.end, preferred: false, title };
}

/** The edits a fix makes, in document order. */
export function fixEdits(fix: Fix): { start: number; end: number; newText: string }[] {
  return fix.edits ?? [{ start: fix.start, end: fix.end, newText: fix.newText }];
}

// "Change all": the same misspelling elsewhere in the statement, derived from a "Change to"
// fix when fixes are checked (code-action time, never on the keystroke path), from the
// statement's scanner tokens: identifiers and non-reserved keywords, by their folded value.

/** The name a token spells, when it is an identifier (quoted or folded), else null. */
function identifierOf(t: Token): string | null {
  if (t.text.startsWith('"')) {
    return t.text.length >= 2 && t.text.endsWith('"') ? t.text.slice(1, -1).replace(/""/g, '"') : null;
  }
  return t.kind === 'IDENT' || (t.keywordKind > 0 && t.keywordKind < 4) ? foldIdentifier(t.text) : null;
}

/**
 * For each of the first `limit` single-place "Change to" fixes: the same rename at every place
 * the statement spells that name in the same role: as a qualifier (`mc.x`, `mc.*`; never the
 * table of schema.table.column), or as a name (column references, INSERT and SET targets,
 * ON CONFLICT columns, `excluded.x`). Only where there is more than one place.
 */
export function placeFixes(statement: ParsedStatement, fixes: readonly Fix[], limit = 2): Fix[] {
  const single = fixes.filter((f) => f.edits === undefined && f.title === undefined && f.newText === quoted(f.name)).slice(0, limit);
  if (single.length === 0) {
    return [];
  }
  const base = statement.span.start;
  const tokens = statement.tokens();
  const out: Fix[] = [];
  for (const fix of single) {
    const at = tokens.findIndex((t) => base + t.start === fix.start && base + t.end === fix.end);
    const typed = at >= 0 ? identifierOf(tokens[at]!) : null;
    if (typed === null) {
      continue;
    }
    const role = (i: number): string => `${tokens[i - 1]?.text === '.'}${tokens[i + 1]?.text === '.'}`;
    const qualifier = role(at) === 'falsetrue';
    const ranges: { start: number; end: number }[] = [];
    for (const [i, t] of tokens.entries()) {
      if (identifierOf(t) === typed && (qualifier ? role(i) === 'falsetrue' : tokens[i + 1]?.text !== '.')) {
        ranges.push({ start: base + t.start, end: base + t.end });
      }
    }
    const all = renameAllFix(fix.name, ranges, `Change all "${typed}" to "${fix.name}" in this statement`);
    if (all) {
      out.push({ ...all, everyPlace: true });
    }
  }
  return out;
}
