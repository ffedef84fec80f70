/**
 * The one quick-fix builder: each name becomes a "Change to …" fix over the same range,
 * quoted when PostgreSQL would need quotes; the first is the preferred one.
 */
import { quoteIdentifier } from '../../parser';
import type { Fix } from '../problems';

/** A replacement: a bare name (quoted as needed), or a display name with its own text. */
export type Replacement = string | { name: string; newText: string };

export function renameFixes(replacements: readonly Replacement[], range: { start: number; end: number }, preferFirst = true): Fix[] {
  return replacements.map((r, i) => {
    const { name, newText } = typeof r === 'string' ? { name: r, newText: quoteIdentifier(r) } : r;
    return { newText, name, start: range.start, end: range.end, preferred: preferFirst && i === 0 };
  });
}
