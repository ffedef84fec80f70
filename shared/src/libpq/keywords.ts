/**
 * The connection keywords libpq knows (PostgreSQL 18's PQconninfoOptions), with the
 * environment variable and the compiled-in default libpq falls back to for each. The
 * resolver walks this table in order, exactly as libpq's conninfo_add_defaults does.
 */

export interface KeywordInfo {
  keyword: string;
  /** Environment variable libpq reads when the keyword is not given (nor by a service). */
  envvar?: string;
  /** libpq's compiled-in default (as built with SSL and GSSAPI, like Debian's libpq5). */
  compiled?: string;
}

export const keywords: readonly KeywordInfo[] = [
  { keyword: 'service', envvar: 'PGSERVICE' },
  { keyword: 'servicefile', envvar: 'PGSERVICEFILE' },
  { keyword: 'user', envvar: 'PGUSER' },
  { keyword: 'password', envvar: 'PGPASSWORD' },
  { keyword: 'passfile', envvar: 'PGPASSFILE' },
  { keyword: 'channel_binding', envvar: 'PGCHANNELBINDING', compiled: 'prefer' },
  { keyword: 'connect_timeout', envvar: 'PGCONNECT_TIMEOUT' },
  { keyword: 'dbname', envvar: 'PGDATABASE' },
  { keyword: 'host', envvar: 'PGHOST' },
  { keyword: 'hostaddr', envvar: 'PGHOSTADDR' },
  { keyword: 'port', envvar: 'PGPORT', compiled: '5432' },
  { keyword: 'client_encoding', envvar: 'PGCLIENTENCODING' },
  { keyword: 'options', envvar: 'PGOPTIONS', compiled: '' },
  { keyword: 'application_name', envvar: 'PGAPPNAME' },
  { keyword: 'fallback_application_name' },
  { keyword: 'keepalives' },
  { keyword: 'keepalives_idle' },
  { keyword: 'keepalives_interval' },
  { keyword: 'keepalives_count' },
  { keyword: 'tcp_user_timeout' },
  { keyword: 'sslmode', envvar: 'PGSSLMODE', compiled: 'prefer' },
  { keyword: 'sslnegotiation', envvar: 'PGSSLNEGOTIATION', compiled: 'postgres' },
  { keyword: 'sslcompression', envvar: 'PGSSLCOMPRESSION', compiled: '0' },
  { keyword: 'sslcert', envvar: 'PGSSLCERT' },
  { keyword: 'sslkey', envvar: 'PGSSLKEY' },
  { keyword: 'sslcertmode', envvar: 'PGSSLCERTMODE', compiled: 'allow' },
  { keyword: 'sslpassword' },
  { keyword: 'sslrootcert', envvar: 'PGSSLROOTCERT' },
  { keyword: 'sslcrl', envvar: 'PGSSLCRL' },
  { keyword: 'sslcrldir', envvar: 'PGSSLCRLDIR' },
  { keyword: 'sslsni', envvar: 'PGSSLSNI', compiled: '1' },
  { keyword: 'requirepeer', envvar: 'PGREQUIREPEER' },
  { keyword: 'require_auth', envvar: 'PGREQUIREAUTH' },
  { keyword: 'min_protocol_version', envvar: 'PGMINPROTOCOLVERSION' },
  { keyword: 'max_protocol_version', envvar: 'PGMAXPROTOCOLVERSION' },
  { keyword: 'ssl_min_protocol_version', envvar: 'PGSSLMINPROTOCOLVERSION', compiled: 'TLSv1.2' },
  { keyword: 'ssl_max_protocol_version', envvar: 'PGSSLMAXPROTOCOLVERSION' },
  { keyword: 'gssencmode', envvar: 'PGGSSENCMODE', compiled: 'prefer' },
  { keyword: 'krbsrvname', envvar: 'PGKRBSRVNAME', compiled: 'postgres' },
  { keyword: 'gsslib', envvar: 'PGGSSLIB' },
  { keyword: 'gssdelegation', envvar: 'PGGSSDELEGATION', compiled: '0' },
  { keyword: 'replication' },
  { keyword: 'target_session_attrs', envvar: 'PGTARGETSESSIONATTRS', compiled: 'any' },
  { keyword: 'load_balance_hosts', envvar: 'PGLOADBALANCEHOSTS', compiled: 'disable' },
  { keyword: 'scram_client_key' },
  { keyword: 'scram_server_key' },
  { keyword: 'oauth_issuer' },
  { keyword: 'oauth_client_id' },
  { keyword: 'oauth_client_secret' },
  { keyword: 'oauth_scope' },
];

const known = new Set(keywords.map((k) => k.keyword));

export function isKeyword(name: string): boolean {
  return known.has(name);
}

/** The sslmode values libpq accepts, weakest first. */
export const sslModes = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof sslModes)[number];

/** Keywords whose value is a secret: never shown, logged or written to settings. */
export const secretKeywords: ReadonlySet<string> = new Set(['password', 'sslpassword', 'scram_client_key', 'scram_server_key', 'oauth_client_secret']);
