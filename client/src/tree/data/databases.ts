/**
 * Cluster-level facts for the tree, read from pg_database and friends exactly as PostgreSQL
 * has them: templates are listed like any database (never filtered out). No vscode here.
 */

/** Anything that runs a query: a pg.Client, or a pool. */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

export interface ServerInfo {
  /** `server_version`, e.g. "18.1" */
  version: string;
  versionNum: number;
  /** null when the role may not read it (needs pg_read_all_settings) */
  dataDirectory: string | null;
  port: number;
  socketDirectories: string | null;
  currentUser: string;
  isSuperuser: boolean;
}

export async function serverInfo(q: Queryable): Promise<ServerInfo> {
  const { rows } = await q.query(`
    select current_setting('server_version') as version,
           current_setting('server_version_num')::int as version_num,
           case when pg_has_role('pg_read_all_settings', 'member') then current_setting('data_directory') end as data_directory,
           current_setting('port')::int as port,
           case when pg_has_role('pg_read_all_settings', 'member') then current_setting('unix_socket_directories') end as socket_dirs,
           current_user as current_user,
           (select rolsuper from pg_roles where rolname = current_user) as superuser`);
  const r = rows[0] as Record<string, unknown>;
  return {
    version: String(r.version),
    versionNum: Number(r.version_num),
    dataDirectory: (r.data_directory as string | null) ?? null,
    port: Number(r.port),
    socketDirectories: (r.socket_dirs as string | null) ?? null,
    currentUser: String(r.current_user),
    isSuperuser: r.superuser === true,
  };
}

export type LocaleProvider = 'libc' | 'icu' | 'builtin';

export interface DatabaseInfo {
  oid: number;
  name: string;
  owner: string;
  encoding: string;
  collate: string | null;
  ctype: string | null;
  /** datlocprovider (PostgreSQL 15+); libc before */
  localeProvider: LocaleProvider;
  /** datlocale (17+) / daticulocale (15–16): the ICU or builtin locale */
  locale: string | null;
  /** datconnlimit: -1 means no limit (and -2, 16+, an invalid database) */
  connectionLimit: number;
  allowConnections: boolean;
  isTemplate: boolean;
  /** sessions in pg_stat_activity right now */
  connections: number;
  /** has_database_privilege(CONNECT) for the current user */
  canConnect: boolean;
  comment: string | null;
}

const providers: Record<string, LocaleProvider> = { c: 'libc', i: 'icu', b: 'builtin' };

/**
 * Every database of the cluster, templates included, ordered by name. Columns that only
 * some versions have (datlocprovider, datlocale/daticulocale) are read through to_jsonb so
 * one query works from PostgreSQL 10 to 18.
 */
export async function listDatabases(q: Queryable): Promise<DatabaseInfo[]> {
  const { rows } = await q.query(`
    select d.oid::int8 as oid, d.datname as name, pg_get_userbyid(d.datdba) as owner,
           pg_encoding_to_char(d.encoding) as encoding, d.datcollate::text as collate, d.datctype::text as ctype,
           j->>'datlocprovider' as provider, coalesce(j->>'datlocale', j->>'daticulocale') as locale,
           d.datconnlimit as connlimit, d.datallowconn as allowconn, d.datistemplate as istemplate,
           coalesce(a.n, 0)::int as connections,
           has_database_privilege(d.oid, 'CONNECT') as canconnect,
           shobj_description(d.oid, 'pg_database') as comment
      from pg_database d
      cross join lateral to_jsonb(d) j
      left join (select datid, count(*) as n from pg_stat_activity where datid is not null group by datid) a on a.datid = d.oid
     order by d.datname`);
  return rows.map((r: Record<string, unknown>) => ({
    oid: Number(r.oid),
    name: String(r.name),
    owner: String(r.owner),
    encoding: String(r.encoding),
    collate: (r.collate as string | null) ?? null,
    ctype: (r.ctype as string | null) ?? null,
    localeProvider: providers[String(r.provider ?? 'c')] ?? 'libc',
    locale: (r.locale as string | null) ?? null,
    connectionLimit: Number(r.connlimit),
    allowConnections: r.allowconn === true,
    isTemplate: r.istemplate === true,
    connections: Number(r.connections),
    canConnect: r.canconnect === true,
    comment: (r.comment as string | null) ?? null,
  }));
}

/** pg_database_size, or null when the role lacks CONNECT on it (PostgreSQL refuses then). */
export async function databaseSize(q: Queryable, oid: number): Promise<{ bytes: number; pretty: string } | null> {
  const { rows } = await q.query(
    `select case when has_database_privilege($1::oid, 'CONNECT') or pg_has_role('pg_read_all_stats', 'member')
                 then pg_database_size($1::oid) end as bytes`,
    [oid],
  );
  const bytes = rows[0]?.bytes as string | null | undefined;
  if (bytes === null || bytes === undefined) {
    return null;
  }
  const { rows: pretty } = await q.query('select pg_size_pretty($1::int8) as p', [bytes]);
  return { bytes: Number(bytes), pretty: String(pretty[0]!.p) };
}

/** Every database's size in one query (pretty-printed), null where the role may not read it. */
export async function databaseSizes(q: Queryable): Promise<Map<string, string | null>> {
  const { rows } = await q.query(
    `select datname, case when has_database_privilege(oid, 'CONNECT') or pg_has_role('pg_read_all_stats', 'member')
                          then pg_size_pretty(pg_database_size(oid)) end as size
       from pg_database`,
  );
  return new Map(rows.map((r: Record<string, unknown>) => [String(r.datname), (r.size as string | null) ?? null]));
}

/** Why a database cannot be opened in the tree, or null when it can. */
export function notExpandableReason(db: DatabaseInfo): string | null {
  if (!db.allowConnections) {
    return `${db.name} does not accept connections (datallowconn = false)${db.name === 'template0' ? ': it is the pristine template PostgreSQL keeps unmodifiable, so CREATE DATABASE … TEMPLATE template0 always starts clean' : ''}.`;
  }
  if (db.connectionLimit === -2) {
    return `${db.name} is invalid (datconnlimit = -2): an interrupted DROP DATABASE left it; only DROP DATABASE can be run on it.`;
  }
  if (!db.canConnect) {
    return `You lack the CONNECT privilege on ${db.name}.`;
  }
  return null;
}
