/**
 * Connection profiles as stored in the `pgsight.connections` setting: libpq parameters (or
 * a connection string) and never a password. Plain data and functions, no vscode, so the
 * database tier can test them.
 */
import { formatConninfo, parseConninfo, secretKeywords, ConninfoError } from '../../../shared/src/libpq';
import type { ClusterTarget } from './session';

/** libpq keywords a profile may set one by one (a `connection` string may hold any). */
export const profileKeywords = [
  'host',
  'port',
  'user',
  'dbname',
  'sslmode',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'application_name',
  'connect_timeout',
  'options',
  'service',
] as const;
export type ProfileKeyword = (typeof profileKeywords)[number];

export type ConnectionProfile = {
  /** Unique name shown in the tree. */
  name: string;
  /** A `postgresql://` URI or `key=value` string; the fields below override its values. */
  connection?: string;
} & Partial<Record<ProfileKeyword, string>>;

export interface ProfileProblems {
  profiles: ConnectionProfile[];
  /** e.g. a password written into settings (it is dropped, never used from there). */
  warnings: string[];
}

/** Turns the raw setting into valid profiles, dropping passwords and malformed entries. */
export function toProfiles(raw: unknown): ProfileProblems {
  const profiles: ConnectionProfile[] = [];
  const warnings: string[] = [];
  const names = new Set<string>();
  for (const entry of Array.isArray(raw) ? raw : []) {
    if (entry === null || typeof entry !== 'object') {
      continue;
    }
    const r = entry as Record<string, unknown>;
    const name = typeof r.name === 'string' ? r.name.trim() : '';
    if (name === '' || names.has(name)) {
      warnings.push(name === '' ? 'a connection without a name was ignored' : `duplicate connection name "${name}" ignored`);
      continue;
    }
    const profile: ConnectionProfile = { name };
    if ('password' in r) {
      warnings.push(`connection "${name}": a password in settings is ignored; pgsight keeps passwords in VS Code's SecretStorage`);
    }
    if (typeof r.connection === 'string' && r.connection.trim() !== '') {
      try {
        const values = parseConninfo(r.connection);
        const secrets = [...values.keys()].filter((k) => secretKeywords.has(k));
        for (const k of secrets) {
          values.delete(k);
        }
        if (secrets.length > 0) {
          warnings.push(`connection "${name}": the ${secrets.join(', ')} in its connection string is ignored; use SecretStorage`);
        }
        profile.connection = formatConninfo(values);
      } catch (err) {
        // conninfo.ts never quotes a password back, so libpq's message can be logged as is
        warnings.push(`connection "${name}": ${(err as Error).message}`);
        continue;
      }
    }
    for (const k of profileKeywords) {
      const v = r[k];
      if (typeof v === 'string' && v !== '') {
        profile[k] = v;
      } else if (typeof v === 'number' && (k === 'port' || k === 'connect_timeout')) {
        profile[k] = String(v);
      }
    }
    names.add(name);
    profiles.push(profile);
  }
  return { profiles, warnings };
}

/** The profile as one libpq `key=value` string (fields after the string, so they win). */
export function profileConninfo(profile: ConnectionProfile): string {
  const values = new Map<string, string>(profile.connection ? parseConninfo(profile.connection) : []);
  for (const k of profileKeywords) {
    const v = profile[k];
    if (v !== undefined && v !== '') {
      values.set(k, v);
    }
  }
  return formatConninfo(values);
}

/** The cluster a profile stands for in the tree (its password is bound to this target's endpoint). */
export function profileTarget(profile: ConnectionProfile): ClusterTarget {
  return { id: `profile:${profile.name}`, label: profile.name, kind: 'profile', conninfo: profileConninfo(profile) };
}

/** The setting's JSON for a profile: only non-empty fields, never a password. */
export function profileToSetting(profile: ConnectionProfile): Record<string, string> {
  const out: Record<string, string> = { name: profile.name };
  if (profile.connection) {
    out.connection = profile.connection;
  }
  for (const k of profileKeywords) {
    const v = profile[k];
    if (v !== undefined && v !== '') {
      out[k] = v;
    }
  }
  return out;
}

/** Checks a connection string as typed by a user; returns libpq's message or null. */
export function checkConnectionString(s: string): string | null {
  try {
    parseConninfo(s);
    return null;
  } catch (err) {
    return err instanceof ConninfoError ? err.message : String(err);
  }
}
