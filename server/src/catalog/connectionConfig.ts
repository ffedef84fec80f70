/**
 * Turns the contract-1 connection string (libpq key/value or postgres:// URI, or null for the
 * libpq environment) into `pg` client settings.
 *
 * TODO(connections helper): replace with shared/src/libpq once it lands — it handles
 * PGSERVICE/pg_service.conf, ~/.pgpass and every sslmode. Until then: URIs go to pg's own
 * parser, key/value strings are split here, and null leaves pg to read PGHOST, PGPORT,
 * PGUSER, PGDATABASE and PGPASSWORD itself.
 */
import type pg from 'pg';

const keyMap: Record<string, keyof pg.ClientConfig> = {
  host: 'host',
  hostaddr: 'host',
  port: 'port',
  dbname: 'database',
  user: 'user',
  password: 'password',
  application_name: 'application_name',
};

export function clientConfigFor(connection: string | null): pg.ClientConfig {
  if (connection === null) {
    return {};
  }
  if (/^postgres(ql)?:\/\//i.test(connection.trim())) {
    return { connectionString: connection.trim() };
  }
  const config: Record<string, unknown> = {};
  for (const [key, value] of parseKeyValue(connection)) {
    const target = keyMap[key];
    if (target) {
      config[target] = target === 'port' ? Number(value) : value;
    } else if (key === 'sslmode') {
      config.ssl = value === 'disable' || value === 'allow' || value === 'prefer' ? false : { rejectUnauthorized: value === 'verify-full' || value === 'verify-ca' };
    }
  }
  return config as pg.ClientConfig;
}

/** libpq key/value syntax: `key = value`, values optionally single-quoted with \' and \\ escapes. */
function parseKeyValue(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  const re = /\s*([A-Za-z_]+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\S*))/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && m[0] !== '') {
    const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    pairs.push([m[1]!, value]);
  }
  return pairs;
}
