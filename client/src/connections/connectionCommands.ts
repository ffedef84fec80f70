import * as os from 'node:os';
import * as vscode from 'vscode';
import { isConnectionString, sslModes } from '../../../shared/src/libpq';
import { showError } from '../log';
import type { ConnectionStore } from './connectionStore';
import { checkConnectionString, type ConnectionProfile } from './profile';
import type { ClusterTarget } from './session';

const sslDescriptions: Record<string, string> = {
  disable: 'never SSL',
  allow: 'plain first, SSL if the server insists',
  prefer: 'SSL if the server offers it (libpq default)',
  require: 'always SSL, no certificate check (verify-ca if ~/.postgresql/root.crt exists)',
  'verify-ca': 'SSL, certificate signed by a trusted CA',
  'verify-full': 'SSL, trusted certificate for this host name',
};

/** The add/edit steps; returns the profile and the password typed (undefined: keep, '': none). */
async function profileSteps(store: ConnectionStore, existing?: ConnectionProfile): Promise<{ profile: ConnectionProfile; password: string | undefined } | undefined> {
  const taken = new Set(store.profiles().map((p) => p.name).filter((n) => n !== existing?.name));
  const total = 7;
  const title = existing ? `Edit connection ${existing.name}` : 'Add PostgreSQL connection';
  const name = await vscode.window.showInputBox({
    title: `${title} (1/${total})`,
    prompt: 'Name shown in the PostgreSQL view',
    value: existing?.name ?? '',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? 'A name is required' : taken.has(v.trim()) ? `"${v.trim()}" already exists` : null),
  });
  if (name === undefined) {
    return undefined;
  }
  const profile: ConnectionProfile = { name: name.trim() };
  const host = await vscode.window.showInputBox({
    title: `${title} (2/${total})`,
    prompt: 'Host name, IP address, or unix socket directory (/var/run/postgresql) — or paste a postgresql:// URI or key=value string',
    value: existing?.connection ?? existing?.host ?? '',
    placeHolder: 'empty: the libpq default (PGHOST, else the local socket)',
    ignoreFocusOut: true,
    validateInput: (v) => (isConnectionString(v.trim()) ? checkConnectionString(v.trim()) : null),
  });
  if (host === undefined) {
    return undefined;
  }
  if (isConnectionString(host.trim())) {
    profile.connection = host.trim();
  } else {
    if (host.trim()) {
      profile.host = host.trim();
    }
    const port = await vscode.window.showInputBox({
      title: `${title} (3/${total})`,
      prompt: 'Port',
      value: existing?.port ?? '5432',
      ignoreFocusOut: true,
      validateInput: (v) => (v === '' || (/^\d+$/.test(v) && Number(v) > 0 && Number(v) < 65536) ? null : `invalid port number: "${v}"`),
    });
    if (port === undefined) {
      return undefined;
    }
    if (port && port !== '5432') {
      profile.port = port;
    }
    const user = await vscode.window.showInputBox({
      title: `${title} (4/${total})`,
      prompt: 'User',
      value: existing?.user ?? '',
      placeHolder: `empty: PGUSER, else your operating-system user (${os.userInfo().username}) — what peer authentication expects`,
      ignoreFocusOut: true,
    });
    if (user === undefined) {
      return undefined;
    }
    if (user) {
      profile.user = user;
    }
    const dbname = await vscode.window.showInputBox({
      title: `${title} (5/${total})`,
      prompt: 'Database (the cluster view lists them all; this one is used for cluster-wide queries)',
      value: existing?.dbname ?? '',
      placeHolder: 'empty: postgres',
      ignoreFocusOut: true,
    });
    if (dbname === undefined) {
      return undefined;
    }
    if (dbname) {
      profile.dbname = dbname;
    }
    const ssl = await vscode.window.showQuickPick(
      sslModes.map((m) => ({ label: m, description: sslDescriptions[m], picked: m === (existing?.sslmode ?? 'prefer') })),
      { title: `${title} (6/${total}): sslmode`, ignoreFocusOut: true },
    );
    if (ssl === undefined) {
      return undefined;
    }
    if (ssl.label !== 'prefer') {
      profile.sslmode = ssl.label;
    }
  }
  const password = await vscode.window.showInputBox({
    title: `${title} (7/${total})`,
    prompt: existing
      ? 'Password (kept in VS Code SecretStorage). Leave empty to keep the current one.'
      : 'Password, kept in VS Code SecretStorage — leave empty for peer/trust authentication, ~/.pgpass or PGPASSWORD',
    password: true,
    ignoreFocusOut: true,
  });
  if (password === undefined) {
    return undefined;
  }
  return { profile, password: password === '' ? undefined : password };
}

/** Connects and reports what it reached, or the error as PostgreSQL gave it. */
export async function testConnection(store: ConnectionStore, target: ClusterTarget): Promise<boolean> {
  try {
    const client = await store.open(target, null, { interactive: true });
    try {
      const { rows } = await client.query("select current_setting('server_version') as v, current_user as u, current_database() as d, inet_server_addr()::text as a, (select ssl from pg_stat_ssl where pid = pg_backend_pid()) as ssl");
      const r = rows[0] as { v: string; u: string; d: string; a: string | null; ssl: boolean | null };
      const via = r.a === null ? 'unix socket' : `TCP ${r.a}${r.ssl ? ' with SSL' : ''}`;
      void vscode.window.showInformationMessage(`${target.label}: connected to PostgreSQL ${r.v} as ${r.u}, database ${r.d}, over ${via}.`);
      return true;
    } finally {
      await client.end();
    }
  } catch (err) {
    await showError(`${target.label}: connection failed`, err);
    return false;
  }
}

export async function addConnection(store: ConnectionStore): Promise<ConnectionProfile | undefined> {
  const answer = await profileSteps(store);
  if (!answer) {
    return undefined;
  }
  await store.saveProfile(answer.profile);
  if (answer.password !== undefined) {
    await store.setPassword(`profile:${answer.profile.name}`, answer.password, true);
  }
  const test = await vscode.window.showInformationMessage(`Connection "${answer.profile.name}" saved.`, 'Test Connection');
  const target = await store.target(`profile:${answer.profile.name}`);
  if (test && target) {
    await testConnection(store, target);
  }
  return answer.profile;
}

export async function editConnection(store: ConnectionStore, name: string): Promise<void> {
  const existing = store.profiles().find((p) => p.name === name);
  if (!existing) {
    void vscode.window.showWarningMessage(`"${name}" is not a connection from settings; only those can be edited.`);
    return;
  }
  const answer = await profileSteps(store, existing);
  if (!answer) {
    return;
  }
  await store.saveProfile(answer.profile, existing);
  if (answer.password !== undefined) {
    await store.setPassword(`profile:${answer.profile.name}`, answer.password, true);
  }
}

export async function removeConnection(store: ConnectionStore, name: string): Promise<void> {
  const ok = await vscode.window.showWarningMessage(`Remove the connection "${name}" and its saved password?`, { modal: true }, 'Remove');
  if (ok === 'Remove') {
    await store.removeProfile(name);
  }
}
