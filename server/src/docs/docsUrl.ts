/**
 * URLs of the PostgreSQL manual on postgresql.org for the version the user works with.
 */
import type { DocsLocation } from '../../../shared/src/protocol';
import type { DocsTarget } from './docsIndex';

/**
 * The docs version segment: the connected server's major version ("18.4" → "18",
 * "9.6.24" → "9.6", "19devel" → "devel"), else the user's setting, else "current".
 */
export function docsVersion(serverVersion: string | null | undefined, setting: string | null | undefined): string {
  const fromServer = majorOf(serverVersion);
  if (fromServer) {
    return fromServer;
  }
  const s = setting?.trim();
  if (s && /^(current|devel|\d+(\.\d+)?)$/i.test(s)) {
    return s.toLowerCase();
  }
  return 'current';
}

function majorOf(version: string | null | undefined): string | null {
  const m = /^\s*(\d+)(?:\.(\d+))?/.exec(version ?? '');
  if (!m) {
    return null;
  }
  const major = Number(m[1]);
  if (/devel/i.test(version ?? '')) {
    return 'devel';
  }
  // before PostgreSQL 10 the major version had two parts
  return major < 10 && m[2] !== undefined ? `${major}.${m[2]}` : String(major);
}

export function docsUrl(target: Pick<DocsTarget, 'page' | 'anchor'>, version: string): string {
  return `https://www.postgresql.org/docs/${version}/${target.page}${target.anchor ? `#${target.anchor}` : ''}`;
}

/** The wire shape of contract 4. */
export function toDocsLocation(target: DocsTarget, version: string): DocsLocation {
  return { url: docsUrl(target, version), page: target.page, anchor: target.anchor, title: target.title };
}
