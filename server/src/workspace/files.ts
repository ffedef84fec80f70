/**
 * Paths and globs for `pgsight check`: `*` and `?` within a path segment, `**` across
 * segments; a directory means every .sql/.pgsql/.psql file under it. Each glob's matches are
 * sorted with numbers compared as numbers (V2__ before V10__), the order migration tools apply
 * them in; globs keep the order they were given in. node_modules and dot folders are skipped.
 */
import fs from 'node:fs';
import path from 'node:path';

const sqlFile = /\.(sql|pgsql|psql)$/i;
const collator = new Intl.Collator('en', { numeric: true });

export class FilesError extends Error {}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else {
        re += '.*';
      }
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

function walk(dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') {
      continue;
    }
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      walk(full, out);
    } else if (entry.isFile()) {
      out.push(full);
    }
  }
}

const sorted = (files: string[]): string[] => files.sort((a, b) => collator.compare(a, b));

/** The files one argument names, relative to `cwd` as written (posix separators). */
export function expandPath(arg: string, cwd: string): string[] {
  const pattern = arg.replace(/\\/g, '/');
  if (!/[*?]/.test(pattern)) {
    const full = path.resolve(cwd, pattern);
    if (!fs.existsSync(full)) {
      throw new FilesError(`${arg}: No such file or directory`);
    }
    if (fs.statSync(full).isDirectory()) {
      const found: string[] = [];
      walk(full, found);
      return sorted(found.filter((f) => sqlFile.test(f)).map((f) => path.relative(cwd, f).split(path.sep).join('/')));
    }
    return [pattern];
  }
  const parts = pattern.split('/');
  const firstGlob = parts.findIndex((p) => /[*?]/.test(p));
  const base = parts.slice(0, firstGlob).join('/');
  const root = path.resolve(cwd, base === '' && pattern.startsWith('/') ? '/' : base || '.');
  const found: string[] = [];
  if (fs.existsSync(root) && fs.statSync(root).isDirectory()) {
    walk(root, found);
  }
  const re = globToRegExp(pattern.replace(/^\.\//, ''));
  const matches = found
    .map((f) => (path.isAbsolute(pattern) ? f.split(path.sep).join('/') : path.relative(cwd, f).split(path.sep).join('/')))
    .filter((f) => re.test(f));
  if (matches.length === 0) {
    throw new FilesError(`${arg}: no file matches`);
  }
  return sorted(matches);
}

/** All files the arguments name, each once, in argument order. */
export function expandPaths(args: readonly string[], cwd: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const arg of args) {
    for (const f of expandPath(arg, cwd)) {
      const key = path.resolve(cwd, f);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(f);
      }
    }
  }
  return out;
}
