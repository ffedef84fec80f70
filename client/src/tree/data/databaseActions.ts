/**
 * The database actions of the tree as plain functions over a session: CREATE DATABASE from
 * a template, who blocks it, terminate, template and connection flags, rename, drop, the
 * sessions list. Statements are built by the server itself with format('%I', '%L'), so
 * identifiers and literals are quoted with exactly its rules. No vscode here.
 */
import type { Queryable } from './databases';

/** SQLSTATE object_in_use: "source database … is being accessed by other users". */
export const objectInUse = '55006';

export interface CreateDatabaseOptions {
  name: string;
  owner?: string;
  /** template1 when omitted, as in PostgreSQL */
  template?: string;
  /** ENCODING, LOCALE, LC_COLLATE, LC_CTYPE, LOCALE_PROVIDER, ICU_LOCALE: only with template0 unless they match the template */
  encoding?: string;
  locale?: string;
  lcCollate?: string;
  lcCtype?: string;
  localeProvider?: 'libc' | 'icu' | 'builtin';
  icuLocale?: string;
  /** -1: no limit */
  connectionLimit?: number;
}

/** Explains PostgreSQL's rule for encoding and locale when cloning a template other than template0. */
export const templateLocaleRule =
  'PostgreSQL copies a template byte for byte, so a new database must keep the template\'s encoding and locale; ' +
  'only template0 (which holds no data that depends on them) lets you choose others. Pick template0 to set the encoding or locale.';

/** NAMEDATALEN − 1: the longest name PostgreSQL keeps; longer ones it cuts (with only a NOTICE). */
export const maxNameBytes = 63;

/**
 * Why PostgreSQL would not take `name` as typed for a database, or null. Over 63 bytes it
 * would silently keep a shorter name (truncate_identifier), so the user would end up with a
 * database they did not name. Bytes are counted in UTF-8, the client encoding pgsight uses.
 */
export function databaseNameProblem(name: string): string | null {
  if (name === '') {
    return 'A name is required.';
  }
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > maxNameBytes) {
    let kept = '';
    for (const ch of name) {
      if (Buffer.byteLength(kept + ch, 'utf8') > maxNameBytes) {
        break;
      }
      kept += ch;
    }
    return `The name is ${bytes} bytes in UTF-8; PostgreSQL keeps at most ${maxNameBytes} (NAMEDATALEN − 1) and would cut it to "${kept}". Choose a shorter name.`;
  }
  return null;
}

function checkName(name: string): void {
  const problem = databaseNameProblem(name);
  if (problem) {
    throw new Error(problem);
  }
}

/** The CREATE DATABASE statement, quoted by the server. */
export async function createDatabaseSql(q: Queryable, o: CreateDatabaseOptions): Promise<string> {
  checkName(o.name);
  const parts: [string, string, unknown][] = [];
  const add = (clause: string, fmt: string, v: unknown) => {
    if (v !== undefined && v !== '') {
      parts.push([clause, fmt, v]);
    }
  };
  add('OWNER', '%I', o.owner);
  add('TEMPLATE', '%I', o.template);
  add('ENCODING', '%L', o.encoding);
  add('LOCALE_PROVIDER', '%s', o.localeProvider);
  add('LOCALE', '%L', o.locale);
  add('LC_COLLATE', '%L', o.lcCollate);
  add('LC_CTYPE', '%L', o.lcCtype);
  add('ICU_LOCALE', '%L', o.icuLocale);
  if (o.connectionLimit !== undefined && o.connectionLimit !== -1) {
    parts.push(['CONNECTION LIMIT', '%s', String(Math.trunc(o.connectionLimit))]);
  }
  const fmt = ['CREATE DATABASE %I', ...parts.map(([clause, f], i) => `${clause} ${f.replace('%', `%${i + 2}$`)}`)].join(' ');
  const values = [o.name, ...parts.map(([, , v]) => v)];
  const placeholders = values.map((_, i) => `$${i + 1}::text`).join(', ');
  const { rows } = await q.query(`select format('${fmt.replace('%I', '%1$I')}', ${placeholders}) as sql`, values);
  return String(rows[0]!.sql);
}

export async function createDatabase(q: Queryable, o: CreateDatabaseOptions): Promise<string> {
  const sql = await createDatabaseSql(q, o);
  await q.query(sql);
  return sql;
}

export interface SessionInfo {
  pid: number;
  database: string | null;
  user: string | null;
  application: string;
  /** client address, or `local` for a unix socket */
  client: string;
  state: string | null;
  /** when the current state began (state_change), ISO text */
  since: string | null;
  backendStart: string | null;
  query: string | null;
  backendType: string | null;
}

/**
 * Client sessions on a database other than our own, oldest first. `except` leaves out a pid
 * (ours, when we are connected to that database).
 */
export async function sessionsOn(q: Queryable, database: string): Promise<SessionInfo[]> {
  const { rows } = await q.query(
    `select pid, datname, usename, coalesce(application_name, '') as app,
            coalesce(host(client_addr) || ':' || client_port, case when client_port = -1 then 'local' end, 'local') as client,
            state, state_change::text as since, backend_start::text as backend_start, query, backend_type
       from pg_stat_activity
      where datname = $1 and pid <> pg_backend_pid()
      order by backend_start, pid`,
    [database],
  );
  return rows.map((r: Record<string, unknown>) => ({
    pid: Number(r.pid),
    database: (r.datname as string | null) ?? null,
    user: (r.usename as string | null) ?? null,
    application: String(r.app),
    client: String(r.client),
    state: (r.state as string | null) ?? null,
    since: (r.since as string | null) ?? null,
    backendStart: (r.backend_start as string | null) ?? null,
    query: (r.query as string | null) ?? null,
    backendType: (r.backend_type as string | null) ?? null,
  }));
}

/** One line per session for a report: `pid 123  alice  psql  local  idle  since …`. */
export function describeSession(s: SessionInfo): string {
  return `pid ${s.pid} · ${s.user ?? '?'} · ${s.application || '(no application_name)'} · ${s.client} · ${s.state ?? s.backendType ?? '?'} since ${s.since ?? s.backendStart ?? '?'}`;
}

/**
 * pg_terminate_backend for each listed session that is still the one listed: same pid AND
 * same backend_start, checked in the statement that terminates, so a pid that ended and was
 * reused by another backend meanwhile (the user read the list for a while) is never hit.
 * Returns the pids PostgreSQL reported as signalled.
 */
export async function terminateSessions(q: Queryable, sessions: readonly Pick<SessionInfo, 'pid' | 'backendStart'>[]): Promise<number[]> {
  const listed = sessions.filter((s) => s.backendStart !== null);
  if (listed.length === 0) {
    return [];
  }
  // MATERIALIZED: the volatile call must see only the matched rows, never be pushed down
  // into the scan of pg_stat_activity (where it would run for every backend)
  const { rows } = await q.query(
    `with still as materialized (
       select a.pid
         from pg_stat_activity a
         join unnest($1::int[], $2::timestamptz[]) as l(pid, started) on a.pid = l.pid and a.backend_start = l.started
        where a.pid <> pg_backend_pid()
     )
     select pid, pg_terminate_backend(pid) as signalled from still`,
    [listed.map((s) => s.pid), listed.map((s) => s.backendStart)],
  );
  return rows.filter((r: Record<string, unknown>) => r.signalled === true).map((r: Record<string, unknown>) => Number(r.pid));
}

async function run(q: Queryable, fmt: string, ...values: string[]): Promise<string> {
  const placeholders = values.map((_, i) => `$${i + 1}::text`).join(', ');
  const { rows } = await q.query(`select format('${fmt}', ${placeholders}) as sql`, values);
  const sql = String(rows[0]!.sql);
  await q.query(sql);
  return sql;
}

export function setTemplate(q: Queryable, database: string, isTemplate: boolean): Promise<string> {
  return run(q, `ALTER DATABASE %I IS_TEMPLATE ${isTemplate ? 'true' : 'false'}`, database);
}

export function setAllowConnections(q: Queryable, database: string, allow: boolean): Promise<string> {
  return run(q, `ALTER DATABASE %I ALLOW_CONNECTIONS ${allow ? 'true' : 'false'}`, database);
}

export function renameDatabase(q: Queryable, database: string, newName: string): Promise<string> {
  const problem = databaseNameProblem(newName);
  if (problem) {
    return Promise.reject(new Error(problem));
  }
  return run(q, 'ALTER DATABASE %I RENAME TO %I', database, newName);
}

/** DROP DATABASE; `force` adds WITH (FORCE), which PostgreSQL accepts from version 13. */
export function dropDatabase(q: Queryable, database: string, force: boolean): Promise<string> {
  return run(q, `DROP DATABASE %I${force ? ' WITH (FORCE)' : ''}`, database);
}

export function supportsDropForce(serverVersionNum: number): boolean {
  return serverVersionNum >= 130000;
}

/** The roles that may own a new database (for the Create Database owner pick). */
export async function listRoles(q: Queryable): Promise<string[]> {
  const { rows } = await q.query("select rolname from pg_roles where rolname !~ '^pg_' order by rolname");
  return rows.map((r: Record<string, unknown>) => String(r.rolname));
}

/** The encodings PostgreSQL accepts for a database (server encodings only). */
export async function listServerEncodings(q: Queryable): Promise<string[]> {
  const { rows } = await q.query(
    "select pg_encoding_to_char(i) as e from generate_series(0, 64) i where pg_encoding_to_char(i) <> '' and pg_encoding_to_char(i) not in ('SQL_ASCII') and pg_char_to_encoding(pg_encoding_to_char(i)) = i order by 1",
  );
  return ['SQL_ASCII', ...rows.map((r: Record<string, unknown>) => String(r.e))].filter((e) => !['SJIS', 'BIG5', 'GBK', 'UHC', 'GB18030', 'JOHAB', 'SHIFT_JIS_2004'].includes(e));
}
