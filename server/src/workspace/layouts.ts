/**
 * Where a repository keeps its schema when `pgsight.schema.files` (or `pgsight check
 * --schema`) does not say: the common layouts, detected from file names and contents, each
 * listed in the order its tool applies the files.
 *
 * | layout | files | order |
 * |---|---|---|
 * | sqitch | `deploy/<change>.sql` next to `sqitch.plan` | the plan's order |
 * | Flyway | `V<version>__<desc>.sql`, then `R__<desc>.sql` | versions numerically (1.2 < 1.10), repeatables by description |
 * | golang-migrate | `<n>_<desc>.up.sql` (`.down.sql` ignored) | n numerically |
 * | dbmate | `db/migrations/<ts>_<desc>.sql` with `-- migrate:up` | ts numerically; only the up section is replayed |
 * | Rails | `db/structure.sql` | |
 * | pg_dump | a file starting with pg_dump's `-- PostgreSQL database dump` header | |
 * | schema.sql | `schema.sql` (the shallowest) | |
 */
import fs from 'node:fs';
import path from 'node:path';
import { expandPaths } from './files';

export interface DetectedLayout {
  layout: string;
  /** paths relative to the root, posix separators, in replay order */
  files: string[];
}

/** How far detection looks: enough for any repository layout, bounded for huge trees. */
const maxEntries = 50_000;
const maxDepth = 8;

function listFiles(root: string): string[] {
  const out: string[] = [];
  let seen = 0;
  const walk = (dir: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (++seen > maxEntries) {
        return;
      }
      if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'vendor' || e.name === 'target') {
        continue;
      }
      const full = path.join(dir, e.name);
      if (e.isDirectory() && depth < maxDepth) {
        walk(full, depth + 1);
      } else if (e.isFile()) {
        out.push(path.relative(root, full).split(path.sep).join('/'));
      }
    }
  };
  walk(root, 0);
  return out;
}

const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** Compares dotted/underscored version numbers part by part, as numbers (Flyway's order). */
function compareVersions(a: string, b: string): number {
  const pa = a.split(/[._]/);
  const pb = b.split(/[._]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = BigInt(pa[i] ?? '0');
    const y = BigInt(pb[i] ?? '0');
    if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

function byVersion(files: string[], version: (f: string) => string): string[] {
  return files.sort((a, b) => compareVersions(version(a), version(b)) || (a < b ? -1 : a > b ? 1 : 0));
}

function readHead(root: string, file: string, bytes = 4096): string {
  try {
    const fd = fs.openSync(path.join(root, file), 'r');
    try {
      const buf = Buffer.alloc(bytes);
      const n = fs.readSync(fd, buf, 0, bytes, 0);
      return buf.subarray(0, n).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}

const flyway = /^V(\d+(?:[._]\d+)*)__.+\.sql$/i;
const flywayRepeatable = /^R__.+\.sql$/i;
const golangUp = /^(\d+)_.+\.up\.sql$/i;
const dbmateFile = /^(\d+)_.+\.sql$/i;
export const dbmateUpMarker = /^--\s*migrate:up\b/m;

/** sqitch.plan: the changes in order; a reworked change's earlier versions are `deploy/<name>@<tag>.sql`. */
function sqitchFiles(root: string, plan: string, all: Set<string>): string[] {
  const dir = plan.includes('/') ? plan.slice(0, plan.lastIndexOf('/') + 1) : '';
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, plan), 'utf8');
  } catch {
    return [];
  }
  const steps: { name: string; tagAfter?: string }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '' || t.startsWith('%') || t.startsWith('#')) {
      continue;
    }
    if (t.startsWith('@')) {
      const tag = t.slice(1).split(/\s/)[0] ?? '';
      for (const s of steps) {
        s.tagAfter ??= tag;
      }
      continue;
    }
    const name = t.replace(/^[-+]/, '').split(/[\s[]/)[0] ?? '';
    if (name !== '') {
      steps.push({ name });
    }
  }
  const out: string[] = [];
  steps.forEach((s, i) => {
    const reworkedLater = steps.slice(i + 1).some((o) => o.name === s.name);
    const plain = `${dir}deploy/${s.name}.sql`;
    const tagged = s.tagAfter !== undefined ? `${dir}deploy/${s.name}@${s.tagAfter}.sql` : undefined;
    const file = reworkedLater && tagged !== undefined && all.has(tagged) ? tagged : plain;
    if (all.has(file) && !out.includes(file)) {
      out.push(file);
    }
  });
  return out;
}

/** The first layout found under `root`, or null. */
export function detectLayout(root: string): DetectedLayout | null {
  const files = listFiles(root);
  const all = new Set(files);
  const plan = files.filter((f) => base(f) === 'sqitch.plan').sort((a, b) => a.split('/').length - b.split('/').length)[0];
  if (plan !== undefined) {
    const deploy = sqitchFiles(root, plan, all);
    if (deploy.length > 0) {
      return { layout: 'sqitch', files: deploy };
    }
  }
  const versioned = files.filter((f) => flyway.test(base(f)));
  if (versioned.length > 0) {
    const version = (f: string): string => flyway.exec(base(f))![1]!;
    const repeatable = files.filter((f) => flywayRepeatable.test(base(f))).sort((a, b) => (base(a) < base(b) ? -1 : base(a) > base(b) ? 1 : 0));
    return { layout: 'Flyway', files: [...byVersion(versioned, version), ...repeatable] };
  }
  const ups = files.filter((f) => golangUp.test(base(f)));
  if (ups.length > 0) {
    return { layout: 'golang-migrate', files: byVersion(ups, (f) => golangUp.exec(base(f))![1]!) };
  }
  const dbmate = files.filter((f) => /(^|\/)db\/migrations\/[^/]+$/.test(f) && dbmateFile.test(base(f)) && dbmateUpMarker.test(readHead(root, f, 65_536)));
  if (dbmate.length > 0) {
    return { layout: 'dbmate', files: byVersion(dbmate, (f) => dbmateFile.exec(base(f))![1]!) };
  }
  const shallowFirst = (list: string[]): string[] => list.sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
  const structure = shallowFirst(files.filter((f) => f === 'db/structure.sql' || f.endsWith('/db/structure.sql')))[0];
  if (structure !== undefined) {
    return { layout: 'Rails structure.sql', files: [structure] };
  }
  const dump = shallowFirst(files.filter((f) => /\.(sql|pgsql|psql)$/i.test(f) && /^--\s*PostgreSQL database dump\b/m.test(readHead(root, f, 1024))))[0];
  if (dump !== undefined) {
    return { layout: 'pg_dump', files: [dump] };
  }
  const schema = shallowFirst(files.filter((f) => base(f).toLowerCase() === 'schema.sql'))[0];
  if (schema !== undefined) {
    return { layout: 'schema.sql', files: [schema] };
  }
  return null;
}

/**
 * The text of a schema file as its tool runs it: a dbmate migration's `-- migrate:down`
 * section is blanked (same length and lines, so positions stay true).
 */
export function schemaText(text: string): string {
  if (!dbmateUpMarker.test(text)) {
    return text;
  }
  const down = /^--\s*migrate:down\b/m.exec(text);
  if (!down) {
    return text;
  }
  return text.slice(0, down.index) + text.slice(down.index).replace(/[^\n]/g, ' ');
}

/**
 * Globs for `pgsight.schema.files` that give the same list: one glob per folder when its
 * expansion (sorted numbers-as-numbers) is exactly the files in order, else the files.
 */
export function globsFor(root: string, files: readonly string[]): string[] {
  const dirs = [...new Set(files.map((f) => (f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '')))];
  if (dirs.length === 1 && files.length > 1) {
    const dir = dirs[0]!;
    const ext = files.every((f) => f.endsWith('.up.sql')) ? '*.up.sql' : '*.sql';
    const glob = dir === '' ? ext : `${dir}/${ext}`;
    try {
      const expanded = expandPaths([glob], root);
      if (expanded.length === files.length && expanded.every((f, i) => f === files[i])) {
        return [glob];
      }
    } catch {
      // no match: list the files
    }
  }
  return [...files];
}
