/**
 * Quick fixes judged before they are offered: the statement is bound again with each
 * candidate applied (only that statement, on the schema it saw, fixInputs.ts), and the
 * candidates are ordered by what is left:
 *   binds     no error left in the statement: first, and the best of them is preferred;
 *   progress  only errors the statement already had, fewer of them (another reference to the
 *             same misspelled alias, an unrelated misspelling): next, preferred if none binds;
 *   other     an error the statement did not have (a column the renamed alias lacks, an
 *             ambiguity): below, never preferred;
 *   away      a syntax error, or more errors than before: not offered.
 * Ties keep fewer edits first, then the builder's order (PostgreSQL's hint first). Next to
 * the builder's fixes, each of its first two "Change to" is also tried at every place the
 * statement spells that name (checks/fixes.ts placeFixes): a misspelled alias or column
 * written several times is fixed in one action.
 * Results are cached per problem, so repeated code-action requests re-bind nothing.
 */
import { SqlState } from '../../../shared/src/diagnosticCodes';
import { rebindStatement } from './analyzeDocument';
import { fixEdits, placeFixes } from './checks/fixes';
import { inputsOf } from './fixInputs';
import type { Fix, Problem } from './problems';

/** At most this many candidates of one problem are re-bound (the builders offer fewer). */
export const MAX_CHECKED_FIXES = 9;

export type FixVerdict = 'binds' | 'progress' | 'other';

export interface CheckedFix {
  fix: Fix;
  verdict: FixVerdict;
  /** the problems the statement has with the fix applied */
  remaining: Problem[];
}

const rank: Record<FixVerdict, number> = { binds: 0, progress: 1, other: 2 };
const keyOf = (p: Problem): string => `${p.code}\u0000${p.message}`;
const cache = new WeakMap<Problem, CheckedFix[]>();

/** A fix of the contract's form: the name typed at this place (and, every-place form, at its other spellings). */
const changeTo = (fix: Fix): boolean => fix.title === undefined || fix.everyPlace === true;

/** `a` less `b`, as multisets. */
function minus(a: readonly string[], b: readonly string[]): string[] {
  const left = [...b];
  return a.filter((k) => {
    const i = left.indexOf(k);
    if (i >= 0) {
      left.splice(i, 1);
      return false;
    }
    return true;
  });
}

/** The statement's text with the fix applied, or null when an edit falls outside it. */
function applied(fix: Fix, text: string, base: number): string | null {
  const edits = fixEdits(fix).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) {
    if (e.start < base || e.end > base + text.length || e.end < e.start) {
      return null;
    }
    out = out.slice(0, e.start - base) + e.newText + out.slice(e.end - base);
  }
  return out;
}

/** The problem's fixes, re-bound, ordered and with `preferred` set; unchanged when the problem's statement is not known. */
export function checkedFixes(problem: Problem): Fix[] {
  const checked = checkFixes(problem);
  return checked === null ? problem.fixes : checked.map((c) => c.fix);
}

/** The same with each fix's verdict (null when the problem's statement was not recorded). */
export function checkFixes(problem: Problem): CheckedFix[] | null {
  const known = cache.get(problem);
  if (known) {
    return known;
  }
  const inputs = inputsOf(problem);
  if (!inputs || problem.fixes.length === 0) {
    return null;
  }
  const { statement, schema, problems } = inputs;
  const before = problems.map(keyOf);
  const candidates: { fix: Fix; index: number; remaining: Problem[]; fresh: string[] }[] = [];
  // the builder's fixes, then each of the first two "Change to" applied at every place the statement has the name
  const offered = [...problem.fixes.slice(0, 5), ...placeFixes(statement, problem.fixes), ...problem.fixes.slice(5)];
  for (const [index, fix] of offered.slice(0, MAX_CHECKED_FIXES).entries()) {
    const text = applied(fix, statement.text, statement.span.start);
    const remaining = text === null ? null : rebindStatement(text, schema);
    if (remaining === null || remaining.some((p) => p.code === SqlState.syntaxError)) {
      continue;
    }
    candidates.push({ fix, index, remaining, fresh: minus(remaining.map(keyOf), before) });
  }
  // a missing relation stops binding: errors every candidate brings were hidden there, not caused
  let shared: string[] = [];
  if (problem.code === SqlState.undefinedTable && problem.message.startsWith('relation "') && candidates.length > 0) {
    shared = candidates.map((c) => c.fresh).reduce((a, b) => a.filter((k) => b.includes(k)));
  }
  const judged: CheckedFix[] = [];
  const order = new Map<CheckedFix, { index: number; edits: number }>();
  for (const c of candidates) {
    const caused = minus(c.fresh, shared);
    const verdict: FixVerdict = c.remaining.length === 0 ? 'binds' : caused.length === 0 && c.remaining.length < problems.length ? 'progress' : 'other';
    if (verdict === 'other' && c.remaining.length > problems.length) {
      // a worse statement than before: not offered
      continue;
    }
    const entry: CheckedFix = { fix: c.fix, verdict, remaining: c.remaining };
    judged.push(entry);
    order.set(entry, { index: c.index, edits: fixEdits(c.fix).length });
  }
  judged.sort((a, b) => {
    const x = order.get(a)!;
    const y = order.get(b)!;
    return (
      rank[a.verdict] - rank[b.verdict] ||
      a.remaining.length - b.remaining.length ||
      Number(!changeTo(a.fix)) - Number(!changeTo(b.fix)) ||
      x.edits - y.edits ||
      x.index - y.index
    );
  });
  // DESIGN contract 3: one `Change to "<name>"` per candidate name, the better judged of its
  // one-place and every-place forms (the latter then titled like the former)
  const seen = new Set<string>();
  const kept = judged.filter((c) => !changeTo(c.fix) || (!seen.has(c.fix.name) && seen.add(c.fix.name) !== undefined));
  const best = kept.find((c) => c.verdict !== 'other' && changeTo(c.fix)) ?? kept.find((c) => c.verdict !== 'other');
  const out = kept.map((c) => ({ ...c, fix: { ...c.fix, ...(changeTo(c.fix) ? { title: undefined } : {}), preferred: c === best } }));
  cache.set(problem, out);
  return out;
}
