/**
 * Which manual a lookup reads: the index of the connected server's major version, the nearest
 * one when that manual is not in the index (saying so in the title), the newest with no server.
 * A name the chosen manual lacks but a newer one has (uuidv7 on 15) opens the newer page,
 * titled "… — not in PostgreSQL 15".
 */
import { docsIndexVersions, withDocsIndex, type DocsTarget } from './docsIndex';
import { lookupDocs } from './docsLookup';
import { textSource, type StatementSource } from './statementSource';

/** A lookup's answer: the place, and the manual version its URL must name. */
export interface VersionedTarget {
  target: DocsTarget;
  /** The docs version of the URL: the index the answer came from ("15", "18"). */
  version: string;
}

/** The major a version string or docs setting names ("18.4" → 18, "9.6.3" → 9.6, "19devel" → 19), or null. */
function requestedMajor(version: string | null | undefined): number | null {
  const m = /^\s*(\d+)(?:\.(\d+))?/.exec(version ?? '');
  if (!m) {
    return null;
  }
  const major = Number(m[1]);
  return major < 10 && m[2] !== undefined ? Number(`${major}.${m[2]}`) : major;
}

/** The index to read for a server (or docs setting) version, and whether it is that very version. */
export function manualFor(version: string | null | undefined): { major: string; exact: boolean; requested: number | null } {
  const requested = requestedMajor(version);
  const newest = docsIndexVersions[docsIndexVersions.length - 1]!;
  if (requested === null) {
    return { major: newest, exact: true, requested: null };
  }
  let best = newest;
  for (const v of docsIndexVersions) {
    const d = Math.abs(Number(v) - requested);
    const bestD = Math.abs(Number(best) - requested);
    // equally near: the newer manual (it documents more)
    if (d < bestD || (d === bestD && Number(v) > Number(best))) {
      best = v;
    }
  }
  return { major: best, exact: Number(best) === requested, requested };
}

/**
 * The manual's place for the cursor or selection, read in the manual of `version` (the
 * connected server's version, a docs-version setting, or null for the newest).
 */
export function lookupVersionedDocs(
  text: string,
  start: number,
  end = start,
  version: string | null | undefined = null,
  source: StatementSource = textSource(text),
): VersionedTarget | null {
  const manual = manualFor(version);
  const hit = withDocsIndex(manual.major, () => lookupDocs(text, start, end, source));
  if (hit) {
    const note = manual.exact ? '' : ` — PostgreSQL ${manual.major} manual, the nearest to ${manual.requested}`;
    return { target: note ? { ...hit, title: `${hit.title}${note}` } : hit, version: manual.major };
  }
  // documented only in a newer manual: that page, saying the server's version lacks it
  for (const newer of docsIndexVersions.filter((v) => Number(v) > Number(manual.major)).reverse()) {
    const later = withDocsIndex(newer, () => lookupDocs(text, start, end, source));
    if (later) {
      return { target: { ...later, title: `${later.title} — not in PostgreSQL ${manual.requested ?? manual.major}` }, version: newer };
    }
  }
  return null;
}
