import * as vscode from 'vscode';
import type pg from 'pg';
import { keywords, resolveConnection, type ResolvedConnection } from '../../../shared/src/libpq';
import { log } from '../log';
import { discoverLocalClusters, type LocalCluster } from './discovery';
import { profileConninfo, profileToSetting, toProfiles, type ConnectionProfile } from './profile';
import { openSession, resolveTarget, type ClusterTarget, type SessionOptions } from './session';

const secretKey = (clusterId: string) => `pgsight.password:${clusterId}`;

/**
 * Where clusters come from, and their passwords: profiles in `pgsight.connections` (never a
 * password there), local clusters discovered like postgresql-common, the libpq environment;
 * passwords in SecretStorage, asked for only when the server wants one.
 */
export class ConnectionStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private discovered: LocalCluster[] = [];
  private discovery: Promise<void> | undefined;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Passwords typed this session without "remember": kept in memory only. */
  private readonly sessionPasswords = new Map<string, string>();

  constructor(private readonly secrets: vscode.SecretStorage) {
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
    const { profiles, warnings } = toProfiles(vscode.workspace.getConfiguration('pgsight').get('connections'));
    for (const w of warnings) {
      log.warn(w);
    }
    return profiles;
  }

  /** Runs discovery once (again after `rediscover`). */
  private async discover(): Promise<void> {
    const c = vscode.workspace.getConfiguration('pgsight');
    if (!c.get<boolean>('discovery.enabled', true)) {
      this.discovered = [];
      return;
    }
    const extraDirs = c.get<string[]>('discovery.socketDirectories', []);
    try {
      this.discovered = await discoverLocalClusters({ socketDirs: ['/var/run/postgresql', '/tmp', ...extraDirs] });
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
    const out: ClusterTarget[] = this.profiles().map((p) => ({ id: `profile:${p.name}`, label: p.name, kind: 'profile', conninfo: profileConninfo(p) }));
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

  async password(clusterId: string): Promise<string | undefined> {
    return this.sessionPasswords.get(clusterId) ?? (await this.secrets.get(secretKey(clusterId)));
  }

  async setPassword(clusterId: string, password: string, remember: boolean): Promise<void> {
    this.sessionPasswords.set(clusterId, password);
    if (remember) {
      try {
        await this.secrets.store(secretKey(clusterId), password);
      } catch (err) {
        // no keyring (e.g. a headless Linux): the password stays for this session only
        log.error('SecretStorage refused the password; it is kept for this session only', err);
      }
    }
  }

  async forgetPassword(clusterId: string): Promise<void> {
    this.sessionPasswords.delete(clusterId);
    await this.secrets.delete(secretKey(clusterId));
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
    const password = await this.password(target.id);
    const timeout = statementTimeoutMs ?? vscode.workspace.getConfiguration('pgsight').get<number>('tree.queryTimeout', 10_000);
    return {
      password,
      statementTimeoutMs: timeout,
      connectTimeoutMs: 10_000,
      askPassword: interactive ? () => this.askPassword(target, 'The server asks for a password.') : undefined,
    };
  }

  async resolve(target: ClusterTarget, dbname: string | null): Promise<ResolvedConnection> {
    return resolveTarget(target, dbname, await this.sessionOptions(target, false));
  }

  async open(target: ClusterTarget, dbname: string | null, options: { interactive?: boolean; statementTimeoutMs?: number } = {}): Promise<pg.Client> {
    return openSession(target, dbname, await this.sessionOptions(target, options.interactive ?? false, options.statementTimeoutMs));
  }

  /** Adds or replaces a profile in the user settings (never with a password). */
  async saveProfile(profile: ConnectionProfile, replacing?: string): Promise<void> {
    const c = vscode.workspace.getConfiguration('pgsight');
    const raw = (c.get<unknown[]>('connections') ?? []).filter((p) => {
      const name = (p as { name?: unknown }).name;
      return name !== profile.name && name !== replacing;
    });
    raw.push(profileToSetting(profile));
    await c.update('connections', raw, vscode.ConfigurationTarget.Global);
    if (replacing && replacing !== profile.name) {
      const old = await this.secrets.get(secretKey(`profile:${replacing}`));
      if (old !== undefined) {
        await this.secrets.store(secretKey(`profile:${profile.name}`), old);
        await this.secrets.delete(secretKey(`profile:${replacing}`));
      }
    }
  }

  async removeProfile(name: string): Promise<void> {
    const c = vscode.workspace.getConfiguration('pgsight');
    const raw = (c.get<unknown[]>('connections') ?? []).filter((p) => (p as { name?: unknown }).name !== name);
    await c.update('connections', raw, vscode.ConfigurationTarget.Global);
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
