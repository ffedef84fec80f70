import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where Debian and Ubuntu install the HTML manual (postgresql-doc-NN). */
const debianDocs = '/usr/share/doc';

/**
 * The directory of a local copy of the HTML manual: the `pgsight.docs.localPath` setting when
 * it exists, else the newest Debian `postgresql-doc-NN` package installed, else null.
 */
export function localManualDir(setting: string | undefined): string | null {
  const configured = setting?.trim();
  if (configured) {
    return isDir(configured) ? configured : null;
  }
  let names: string[];
  try {
    names = fs.readdirSync(debianDocs);
  } catch {
    return null;
  }
  const newest = names
    .map((n) => /^postgresql-doc-(\d+)$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]))
    .map((m) => path.join(debianDocs, m[0], 'html'))
    .find(isDir);
  return newest ?? null;
}

/** The local file for a manual page, when that copy has it. */
export function localPage(dir: string, page: string): string | null {
  const file = path.join(dir, path.basename(page));
  return fs.existsSync(file) ? file : null;
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
