/**
 * The password file (~/.pgpass or PGPASSFILE / passfile) with libpq's rules
 * (passwordFromFile): lines `host:port:database:user:password`, `#` comments, a field of
 * exactly `*` matches anything, `\` escapes `:` and `\`, the first matching line wins.
 * `localhost` also matches a connection over the default socket directory. A file that is
 * not a plain file, or that the group or others may access, is ignored with libpq's warning.
 */
import fs from 'node:fs';

export interface PgpassMatch {
  password: string;
  file: string;
  line: number;
}

export interface PgpassResult {
  match: PgpassMatch | null;
  /** libpq's warnings (without its "WARNING: " prefix), e.g. a group-readable file. */
  warnings: string[];
}

/**
 * Matches one field at the start of `rest` against `token` (pwdfMatchesString). Returns the
 * remainder after the field's `:`, or null when the field does not match.
 */
function matchField(rest: string, token: string): string | null {
  if (rest.startsWith('*:')) {
    return rest.slice(2);
  }
  let i = 0;
  let t = 0;
  while (i < rest.length) {
    let escaped = false;
    if (rest[i] === '\\') {
      i++;
      escaped = true;
    }
    if (rest[i] === ':' && t === token.length && !escaped) {
      return rest.slice(i + 1);
    }
    if (t === token.length) {
      return null;
    }
    if (i < rest.length && rest[i] === token[t]) {
      i++;
      t++;
    } else {
      return null;
    }
  }
  return null;
}

/** The password field: up to the first unescaped `:`, with `\` escapes removed. */
function unescapePassword(field: string): string {
  let out = '';
  for (let i = 0; i < field.length && field[i] !== ':'; i++) {
    if (field[i] === '\\' && i + 1 < field.length) {
      i++;
    }
    out += field[i];
  }
  return out;
}

export interface PgpassKey {
  /** host as libpq matches it: the host name, hostaddr, or socket directory */
  host: string;
  port: string;
  dbname: string;
  user: string;
}

/**
 * Looks up a password. `defaultSocketDir` is the socket directory libpq was built with: a
 * connection through it matches `localhost` lines, any other directory matches only lines
 * naming that directory.
 */
export function passwordFromFile(file: string, key: PgpassKey, defaultSocketDir: string): PgpassResult {
  let host = key.host;
  if (host === '') {
    host = 'localhost';
  } else if ((host.startsWith('/') || host.startsWith('@')) && host === defaultSocketDir) {
    host = 'localhost';
  }
  const port = key.port === '' ? '5432' : key.port;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return { match: null, warnings: [] };
  }
  if (!stat.isFile()) {
    return { match: null, warnings: [`password file "${file}" is not a plain file`] };
  }
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    return {
      match: null,
      warnings: [`password file "${file}" has group or world access; permissions should be u=rw (0600) or less`],
    };
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { match: null, warnings: [] };
  }
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!;
    if (line.startsWith('#')) {
      continue;
    }
    line = line.replace(/[\r\n]+$/, '');
    if (line === '') {
      continue;
    }
    let rest: string | null = line;
    for (const token of [host, port, key.dbname, key.user]) {
      rest = matchField(rest, token);
      if (rest === null) {
        break;
      }
    }
    if (rest !== null) {
      return { match: { password: unescapePassword(rest), file, line: n + 1 }, warnings: [] };
    }
  }
  return { match: null, warnings: [] };
}
