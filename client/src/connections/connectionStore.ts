import * as vscode from 'vscode';
import type pg from 'pg';
import { keywords, resolveConnection, type ResolvedConnection } from '../../../shared/src/libpq';
import type { PasswordRequest } from '../../../shared/src/protocol';
import { sealPassword } from '../../../shared/src/sealedPassword';
import { setting, updateUserSetting, userSetting } from '../config';
import { log } from '../log';
import { discoverLocalClusters, type LocalCluster } from './discovery';
import { describeEndpoint, passwordForHost, PasswordVault, targetEndpoint, targetPassword, type Endpoint, type PasswordLookup } from './passwordVault';
import { profileTarget, profileToSetting, toProfiles, type ConnectionProfile } from './profile';
import { serverConnectionString } from './serverConnection';
import { openSession, resolveTarget, type ClusterTarget, type SessionOptions } from './session';

/**
 * Where clusters come from, and their passwords: profiles in the user's `pgsight.connections`
 * (never a workspace's, never a password there), local clusters discovered like
 * postgresql-common, the libpq environment; passwords in SecretStorage, each bound to the
 * endpoint it was saved for (passwordVault.ts), asked for only when the server wants one.
 */
export class ConnectionStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private discovered: LocalCluster[] = [];
  private discovery: Promise<void> | undefined;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly vault: PasswordVault;
  /** Connection strings given to the language server → the cluster and database they stand for. */
  private readonly issued = new Map<string, { clusterId: string; dbname: string | null }>();

  constructor(secrets: vscode.SecretStorage) {
    this.vault = new PasswordVault(secrets, (err) => log.error('SecretStorage refused the password; it is kept for this session only', err));
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('pgsight.connections') || e.affectsConfiguration('pgsight.discovery')) {
          this.discovery = undefined;
          this.changed.fire();
        }
      }),
    );
  }

  profiles(): ConnectionProfile[] {
    const { profiles, warnings } = toProfiles(userSetting('connections'));
    for (const w of warnings) {
      log.warn(w);
    }
    return profiles;
  }

  /** Runs discovery once (again after `rediscover`). */
  private async discover(): Promise<void> {
    if (!userSetting('discovery.enabled')) {
      this.discovered = [];
      return;
    }
    const extraDirs = userSetting('discovery.socketDirectories');
    try {
      this.discovered = await discoverLocalClusters({ socketDirs: ['/var/run/postgresql', '/tmp', ...(Array.isArray(extraDirs) ? extraDirs : [])] });
    } catch (err) {
      log.error('local cluster discovery failed', err);
      this.discovered = [];
    }
  }

  rediscover(): void {
    this.discovery = undefined;
  }

  /** Every cluster the tree shows: profiles, then local clusters, then the libpq environment. */
  async targets(): Promise<ClusterTarget[]> {
    this.discovery ??= this.discover();
    await this.discovery;
    const out: ClusterTarget[] = this.profiles().map(profileTarget);
    for (const l of this.discovered) {
      out.push({ id: l.id, label: l.label, kind: 'local', conninfo: l.conninfo, local: l });
    }
    const env = process.env;
    const libpqEnv = keywords.some((k) => k.envvar !== undefined && env[k.envvar] !== undefined);
    if (libpqEnv || out.length === 0) {
      out.push({ id: 'environment', label: environmentLabel(), kind: 'environment', conninfo: null });
    }
    return out;
  }

  async target(id: string): Promise<ClusterTarget | undefined> {
    return (await this.targets()).find((t) => t.id === id);
  }

  /** The endpoint a cluster's password is bound to: its own parameters, without any password. */
  endpoint(target: ClusterTarget): Endpoint {
    return targetEndpoint(target);
  }

  /** The cluster's password if it was saved for the endpoint the cluster has now. */
  password(target: ClusterTarget): Promise<PasswordLookup> {
    return targetPassword(this.vault, target);
  }

  async setPassword(clusterId: string, password: string, remember: boolean): Promise<void> {
    const target = await this.target(clusterId);
    if (target) {
      await this.vault.save(clusterId, this.endpoint(target), password, remember);
    }
  }

  async forgetPassword(clusterId: string): Promise<void> {
    await this.vault.forget(clusterId);
  }

  /** Asks for a password (masked), and whether to keep it in SecretStorage. */
  async askPassword(target: ClusterTarget, why: string): Promise<string | undefined> {
    const password = await vscode.window.showInputBox({
      title: `Password for ${target.label}`,
      prompt: why,
      password: true,
      ignoreFocusOut: true,
    });
    if (password === undefined) {
      return undefined;
    }
    const remember = await vscode.window.showQuickPick(['Remember in VS Code SecretStorage', 'Use for this session only'], {
      title: `Keep the password for ${target.label}?`,
      ignoreFocusOut: true,
    });
    await this.setPassword(target.id, password, remember === 'Remember in VS Code SecretStorage');
    return password;
  }

  async sessionOptions(target: ClusterTarget, interactive: boolean, statementTimeoutMs?: number): Promise<SessionOptions> {
    const found = await this.password(target);
    if (found.kind === 'endpoint changed') {
      log.warn(`${target.label}: its saved password was for ${describeEndpoint(found.savedFor)}, not ${describeEndpoint(this.endpoint(target))}; it is not sent`);
    }
    const why =
      found.kind === 'endpoint changed'
        ? `The connection now points at ${describeEndpoint(this.endpoint(target))}; its saved password was for ${describeEndpoint(found.savedFor)} and is not sent. Enter the password for the new endpoint.`
        : 'The server asks for a password.';
    const timeout = statementTimeoutMs ?? setting('tree.queryTimeout');
    return {
      password: found.kind === 'bound' ? found.password : undefined,
      statementTimeoutMs: timeout,
      connectTimeoutMs: 10_000,
      askPassword: interactive ? () => this.askPassword(target, why) : undefined,
    };
  }

  /** The target's parameters, with its password when one is bound to its endpoint (the detail view shows its source, masked). */
  async resolve(target: ClusterTarget, dbname: string | null): Promise<ResolvedConnection> {
    return resolveTarget(target, dbname, await this.sessionOptions(target, false));
  }

  async open(target: ClusterTarget, dbname: string | null, options: { interactive?: boolean; statementTimeoutMs?: number } = {}): Promise<pg.Client> {
    return openSession(target, dbname, await this.sessionOptions(target, options.interactive ?? false, options.statementTimeoutMs));
  }

  /** The connection string the language server gets for a binding (no password: it asks, see `passwordForServer`). */
  serverConnection(target: ClusterTarget, dbname: string | null): string {
    const connection = serverConnectionString(resolveTarget(target, dbname));
    this.issued.set(connection, { clusterId: target.id, dbname });
    return connection;
  }

  /**
   * Answers `pgsight/password`: only for a connection string this store gave the server (or
   * the libpq environment), only when the host, port and user asked about are the cluster's,
   * and only with a password bound to the cluster's endpoint. Sealed to the server's key.
   */
  async passwordForServer(p: PasswordRequest.Params): Promise<PasswordRequest.Result> {
    const issued = p.connection === null ? { clusterId: 'environment', dbname: null } : this.issued.get(p.connection);
    const target = issued && (await this.target(issued.clusterId));
    if (!issued || !target) {
      return { sealed: null };
    }
    const answer = await passwordForHost(this.vault, target, issued.dbname, p);
    if ('refused' in answer) {
      log.warn(`the language server asked for a password for ${p.user}@${p.host}:${p.port}; none given: ${answer.refused}`);
      return { sealed: null };
    }
    return { sealed: sealPassword(p.recipientKey, answer.password) };
  }

  /** Adds or replaces a profile in the user settings (never with a password). */
  async saveProfile(profile: ConnectionProfile, replacing?: ConnectionProfile): Promise<void> {
    const before = replacing && (await this.target(`profile:${replacing.name}`));
    const oldEndpoint = before ? this.endpoint(before) : undefined;
    const raw = userSetting('connections').filter((p) => {
      const name = (p as { name?: unknown }).name;
      return name !== profile.name && name !== replacing?.name;
    });
    raw.push(profileToSetting(profile));
    await updateUserSetting('connections', raw);
    if (replacing && oldEndpoint) {
      // the user edited this profile in pgsight's editor and kept its password: it follows
      const target = profileTarget(profile);
      await this.vault.carryOver(`profile:${replacing.name}`, target.id, oldEndpoint, this.endpoint(target));
    }
  }

  async removeProfile(name: string): Promise<void> {
    const raw = userSetting('connections').filter((p) => (p as { name?: unknown }).name !== name);
    await updateUserSetting('connections', raw);
    await this.forgetPassword(`profile:${name}`);
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}

/** The libpq environment's cluster named as psql users know it: `host:port` (or the socket folder), then where it comes from. */
function environmentLabel(): string {
  try {
    const first = resolveConnection(null).hosts[0];
    if (first) {
      return `${first.host}:${first.port} (libpq environment)`;
    }
  } catch {
    // an unreadable service file or a bad PG* value: the detail view explains it
  }
  return 'libpq environment';
}
