/**
 * Passwords bound to the endpoint they were saved for. SecretStorage keeps, under the
 * cluster's key, the password together with the host/hostaddr, port, user and database it
 * was typed for; when the cluster's definition now resolves to another endpoint (a profile
 * edited by hand, another PGHOST), the password is not handed out and the user is asked
 * again. No vscode here: `SecretStore` is the part of vscode.SecretStorage used.
 */
import type { ResolveOptions, ResolvedConnection } from '../../../shared/src/libpq';
import { resolveTarget, type ClusterTarget } from './session';

/** Where a password goes: every host libpq would try, the user and the database. */
export interface Endpoint {
  hosts: { host: string; hostaddr: string | null; port: number }[];
  user: string;
  dbname: string;
}

/** The part of vscode.SecretStorage the vault uses. */
export interface SecretStore {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
  delete(key: string): Thenable<void>;
}

/** Host names compare case-insensitively and without a trailing dot; socket directories without a trailing slash. */
function normalizeHost(host: string): string {
  if (host.startsWith('/')) {
    return host.length > 1 ? host.replace(/\/+$/, '') : host;
  }
  return host.toLowerCase().replace(/\.$/, '');
}

export function endpointOf(r: Pick<ResolvedConnection, 'hosts' | 'params'>): Endpoint {
  return {
    hosts: r.hosts.map((h) => ({ host: normalizeHost(h.host), hostaddr: h.hostaddr, port: h.port })),
    user: r.params.user ?? '',
    dbname: r.params.dbname ?? '',
  };
}

export function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** A canonical copy (field order fixed) for comparison and storage. */
function canonical(e: Endpoint): Endpoint {
  return { hosts: e.hosts.map((h) => ({ host: normalizeHost(h.host), hostaddr: h.hostaddr ?? null, port: h.port })), user: e.user, dbname: e.dbname };
}

/** `user@host:port/dbname` (every host), for messages. */
export function describeEndpoint(e: Endpoint): string {
  const hosts = e.hosts.map((h) => `${h.hostaddr && h.hostaddr !== h.host ? `${h.host} (${h.hostaddr})` : h.host}:${h.port}`).join(',');
  return `${e.user}@${hosts}/${e.dbname}`;
}

interface StoredSecret {
  v: 1;
  endpoint: Endpoint;
  password: string;
}

function isEndpoint(e: unknown): e is Endpoint {
  const x = e as Endpoint | null;
  return (
    typeof x === 'object' && x !== null && typeof x.user === 'string' && typeof x.dbname === 'string' && Array.isArray(x.hosts) &&
    x.hosts.every((h) => typeof h?.host === 'string' && typeof h.port === 'number' && (h.hostaddr === null || typeof h.hostaddr === 'string'))
  );
}

export function encodeSecret(endpoint: Endpoint, password: string): string {
  return JSON.stringify({ v: 1, endpoint: canonical(endpoint), password } satisfies StoredSecret);
}

/** A stored value: bound (this format), or a bare password saved by pgsight before secrets were bound. */
export function decodeSecret(raw: string): StoredSecret | { legacy: string } {
  try {
    const parsed = JSON.parse(raw) as Partial<StoredSecret>;
    if (parsed && parsed.v === 1 && typeof parsed.password === 'string' && isEndpoint(parsed.endpoint)) {
      return parsed as StoredSecret;
    }
  } catch {
    // not JSON: a bare password
  }
  return { legacy: raw };
}

export type PasswordLookup =
  | { kind: 'none' }
  | { kind: 'bound'; password: string }
  /** a password exists, saved for another endpoint: not handed out */
  | { kind: 'endpoint changed'; savedFor: Endpoint };

export const secretKey = (clusterId: string): string => `pgsight.password:${clusterId}`;

/**
 * The passwords of clusters, each bound to an endpoint. Bare passwords saved by earlier
 * versions (keyed by the cluster alone) are bound, at their first read, to the endpoint the
 * cluster has then: pgsight reads connection profiles from user settings only, so that
 * endpoint is the user's own (a workspace cannot have redefined it).
 */
export class PasswordVault {
  /** Passwords typed this session without "remember": kept in memory only. */
  private readonly session = new Map<string, StoredSecret>();

  constructor(
    private readonly storage: SecretStore,
    private readonly onStoreError: (err: unknown) => void = () => undefined,
  ) {}

  async lookup(clusterId: string, endpoint: Endpoint): Promise<PasswordLookup> {
    const found = this.session.get(clusterId) ?? (await this.stored(clusterId, endpoint));
    if (!found) {
      return { kind: 'none' };
    }
    return sameEndpoint(found.endpoint, endpoint) ? { kind: 'bound', password: found.password } : { kind: 'endpoint changed', savedFor: found.endpoint };
  }

  private async stored(clusterId: string, endpoint: Endpoint): Promise<StoredSecret | undefined> {
    const raw = await this.storage.get(secretKey(clusterId));
    if (raw === undefined) {
      return undefined;
    }
    const decoded = decodeSecret(raw);
    if ('legacy' in decoded) {
      const bound: StoredSecret = { v: 1, endpoint: canonical(endpoint), password: decoded.legacy };
      await this.write(clusterId, encodeSecret(endpoint, decoded.legacy));
      return bound;
    }
    return decoded;
  }

  private async write(clusterId: string, value: string): Promise<void> {
    try {
      await this.storage.store(secretKey(clusterId), value);
    } catch (err) {
      // no keyring (e.g. a headless Linux): the password stays for this session only
      this.onStoreError(err);
    }
  }

  /** Saves a password for the endpoint the user typed it for (in SecretStorage when `remember`). */
  async save(clusterId: string, endpoint: Endpoint, password: string, remember: boolean): Promise<void> {
    this.session.set(clusterId, { v: 1, endpoint: canonical(endpoint), password });
    if (remember) {
      await this.write(clusterId, encodeSecret(endpoint, password));
    }
  }

  async forget(clusterId: string): Promise<void> {
    this.session.delete(clusterId);
    await this.storage.delete(secretKey(clusterId));
  }

  /**
   * After the user edited a profile in pgsight's own editor and chose to keep its password:
   * the password moves to the new name and is bound to the endpoint the user just saved.
   */
  async carryOver(fromId: string, toId: string, oldEndpoint: Endpoint, newEndpoint: Endpoint): Promise<void> {
    const found = await this.lookup(fromId, oldEndpoint);
    const inSession = this.session.has(fromId) && !(await this.storage.get(secretKey(fromId)));
    if (found.kind !== 'bound') {
      return;
    }
    if (fromId !== toId) {
      await this.forget(fromId);
    }
    await this.save(toId, newEndpoint, found.password, !inSession);
  }
}

/** The endpoint a cluster's password is bound to: its own parameters (maintenance database), without any password. */
export function targetEndpoint(target: ClusterTarget, resolve?: ResolveOptions): Endpoint {
  return endpointOf(resolveTarget(target, null, { resolve }));
}

/** The cluster's password if it was saved for the endpoint the cluster has now. */
export async function targetPassword(vault: PasswordVault, target: ClusterTarget, resolve?: ResolveOptions): Promise<PasswordLookup> {
  let endpoint: Endpoint;
  try {
    endpoint = targetEndpoint(target, resolve);
  } catch {
    return { kind: 'none' }; // libpq refuses the parameters: nothing to send anywhere
  }
  return vault.lookup(target.id, endpoint);
}

/** Who asks for a password: the host being connected to and the user (a `pgsight/password` request). */
export interface PasswordAsked {
  host: string;
  hostaddr: string | null;
  port: number;
  user: string;
}

/**
 * The password for a connection to `dbname` of `target`, for the host and user being asked
 * about: only when they are the cluster's own, and only a password bound to its endpoint.
 * Returns why not otherwise (for the log).
 */
export async function passwordForHost(
  vault: PasswordVault,
  target: ClusterTarget,
  dbname: string | null,
  asked: PasswordAsked,
  resolve?: ResolveOptions,
): Promise<{ password: string } | { refused: string }> {
  let wanted: Endpoint;
  try {
    wanted = endpointOf(resolveTarget(target, dbname, { resolve }));
  } catch (err) {
    return { refused: (err as Error).message };
  }
  const host = normalizeHost(asked.host);
  const known = wanted.hosts.some((h) => h.host === host && h.port === asked.port && (h.hostaddr ?? null) === (asked.hostaddr ?? null));
  if (!known || wanted.user !== asked.user) {
    return { refused: `${asked.user}@${asked.host}:${asked.port} is not an endpoint of ${target.label} (${describeEndpoint(wanted)})` };
  }
  const found = await targetPassword(vault, target, resolve);
  if (found.kind === 'bound') {
    return { password: found.password };
  }
  return { refused: found.kind === 'none' ? `no saved password for ${target.label}` : `the saved password of ${target.label} was for ${describeEndpoint(found.savedFor)}` };
}
