/**
 * What pgsight does with each libpq keyword node-postgres has no direct option for: honour
 * it (pgConfig.ts / connect.ts map it) or refuse the connection with a message naming the
 * keyword, never drop it silently. A keyword at libpq's compiled default is always fine.
 */
import { ConninfoError } from './conninfo';
import type { ResolvedParams } from './resolve';

const falsy = new Set(['0', 'off', 'false', 'no']);

/** libpq's own value checks (fe-connect.c connectOptions2), worded as libpq words them. */
const valueChecks: Record<string, readonly string[]> = {
  channel_binding: ['disable', 'prefer', 'require'],
  load_balance_hosts: ['disable', 'random'],
  target_session_attrs: ['any', 'read-write', 'read-only', 'primary', 'standby', 'prefer-standby'],
  gssencmode: ['disable', 'prefer', 'require'],
  sslcertmode: ['disable', 'allow', 'require'],
  sslnegotiation: ['postgres', 'direct'],
};

/**
 * Keywords refused when set (to a value that would matter): the reason ends the message
 * `connection option "<keyword>=<value>" is not supported by pgsight: <reason>`.
 */
const refused: Record<string, { applies: (v: string, p: Record<string, string>) => boolean; reason: string }> = {
  keepalives_interval: {
    applies: (v, p) => v.trim() !== '' && v.trim() !== '0' && !falsy.has(p.keepalives ?? '1'),
    reason: 'node cannot set the TCP keepalive interval; remove it (keepalives and keepalives_idle are honoured)',
  },
  keepalives_count: {
    applies: (v, p) => v.trim() !== '' && v.trim() !== '0' && !falsy.has(p.keepalives ?? '1'),
    reason: 'node cannot set the TCP keepalive probe count; remove it (keepalives and keepalives_idle are honoured)',
  },
  tcp_user_timeout: { applies: (v) => v.trim() !== '' && v.trim() !== '0', reason: 'node cannot set TCP_USER_TIMEOUT; use connect_timeout' },
  requirepeer: { applies: (v) => v !== '', reason: 'node cannot read the server process\'s user over a unix socket, so the peer cannot be checked' },
  gssencmode: { applies: (v) => v === 'require', reason: 'node-postgres has no GSSAPI encryption' },
  krbsrvname: { applies: (v) => v !== 'postgres', reason: 'node-postgres has no Kerberos/GSSAPI authentication' },
  gsslib: { applies: (v) => v !== '', reason: 'node-postgres has no GSSAPI authentication' },
  gssdelegation: { applies: (v) => v !== '0', reason: 'node-postgres has no GSSAPI authentication' },
  require_auth: { applies: (v) => v !== '', reason: 'the accepted authentication methods cannot be restricted; remove it' },
  sslnegotiation: { applies: (v) => v === 'direct', reason: 'node-postgres only negotiates SSL the PostgreSQL way' },
  sslcertmode: { applies: (v) => v === 'require', reason: 'node cannot tell whether the server asked for the client certificate' },
  replication: { applies: (v) => v !== '' && !falsy.has(v), reason: 'pgsight opens no replication connections' },
  min_protocol_version: { applies: (v) => v !== '' && v !== '3.0', reason: 'node-postgres speaks protocol 3.0 only' },
  max_protocol_version: { applies: (v) => !['', '3.0', '3.2', 'latest'].includes(v), reason: 'node-postgres speaks protocol 3.0 only' },
  scram_client_key: { applies: (v) => v !== '', reason: 'node-postgres cannot authenticate with SCRAM keys' },
  scram_server_key: { applies: (v) => v !== '', reason: 'node-postgres cannot authenticate with SCRAM keys' },
  oauth_issuer: { applies: (v) => v !== '', reason: 'node-postgres has no OAuth authentication' },
  oauth_client_id: { applies: (v) => v !== '', reason: 'node-postgres has no OAuth authentication' },
  oauth_client_secret: { applies: (v) => v !== '', reason: 'node-postgres has no OAuth authentication' },
  oauth_scope: { applies: (v) => v !== '', reason: 'node-postgres has no OAuth authentication' },
};

/** Throws `ConninfoError` for an invalid value, or for a keyword pgsight cannot honour. */
export function checkSupported(resolved: Pick<ResolvedParams, 'params' | 'sources'>): void {
  const p = resolved.params;
  for (const [k, allowed] of Object.entries(valueChecks)) {
    const v = p[k];
    if (v !== undefined && !allowed.includes(v)) {
      throw new ConninfoError(`invalid ${k} value: "${v}"`);
    }
  }
  for (const [k, rule] of Object.entries(refused)) {
    const v = p[k];
    if (v === undefined || resolved.sources[k]?.kind === 'default' || !rule.applies(v, p)) {
      continue;
    }
    const shown = k === 'oauth_client_secret' || k.startsWith('scram_') ? '…' : v;
    throw new ConninfoError(`connection option "${k}=${shown}" is not supported by pgsight: ${rule.reason}`);
  }
}
