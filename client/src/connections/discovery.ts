/**
 * Local clusters, found the way Debian's postgresql-common sees them: `pg_lsclusters --json`
 * when it is installed, else `/etc/postgresql/<version>/<cluster>/postgresql.conf`; plus any
 * server socket (`.s.PGSQL.<port>`) in the usual socket directories that no cluster claims.
 * No vscode here: the database tier tests it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { formatConninfo } from '../../../shared/src/libpq';

export interface LocalCluster {
  /** Stable id: `debian:15/main` or `socket:/tmp:5432`. */
  id: string;
  /** `15/main` for a Debian cluster, `/tmp:5432` for a bare socket. */
  label: string;
  source: 'pg_lsclusters' | '/etc/postgresql' | 'socket';
  version: string | null;
  cluster: string | null;
  port: number;
  socketDir: string;
  dataDirectory: string | null;
  /** Whether the server socket exists (Debian: pg_lsclusters' "running"). */
  running: boolean;
  /** libpq connection string reaching it over the socket (user/dbname from the environment). */
  conninfo: string;
}

export interface DiscoveryOptions {
  /** Command to run; null skips it (default `pg_lsclusters`). */
  lsclusters?: string | null;
  /** Where Debian keeps cluster configurations (default /etc/postgresql). */
  etcDir?: string;
  /** Directories searched for server sockets (default /var/run/postgresql and /tmp). */
  socketDirs?: string[];
  timeoutMs?: number;
}

const debianSocketDir = '/var/run/postgresql';

function socketExists(dir: string, port: number): boolean {
  try {
    return fs.statSync(path.join(dir, `.s.PGSQL.${port}`)).isSocket();
  } catch {
    return false;
  }
}

function cluster(source: LocalCluster['source'], version: string, name: string, port: number, socketDir: string, dataDirectory: string | null, running: boolean): LocalCluster {
  return {
    id: `debian:${version}/${name}`,
    label: `${version}/${name}`,
    source,
    version,
    cluster: name,
    port,
    socketDir,
    dataDirectory,
    running,
    conninfo: formatConninfo([['host', socketDir], ['port', String(port)]]),
  };
}

function runLsclusters(command: string, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(command, ['--json'], { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (err, stdout) => {
      resolve(err ? null : stdout);
    });
  });
}

/** Parses `pg_lsclusters --json`. */
export function parseLsclusters(json: string): LocalCluster[] {
  const rows = JSON.parse(json) as Record<string, unknown>[];
  return rows.map((r) => {
    const version = String(r.version);
    const port = Number(r.port);
    const socketDir = typeof r.socketdir === 'string' && r.socketdir !== '' ? r.socketdir : debianSocketDir;
    return cluster('pg_lsclusters', version, String(r.cluster), port, socketDir, typeof r.pgdata === 'string' ? r.pgdata : null, Number(r.running) === 1);
  });
}

/** Reads one `postgresql.conf` setting the simple way (last assignment wins, quotes removed). */
export function confSetting(text: string, name: string): string | null {
  let value: string | null = null;
  const re = new RegExp(`^\\s*${name}\\s*=?\\s*('((?:[^'\\\\]|\\\\.|'')*)'|[^\\s#]+)`, 'gm');
  for (const m of text.matchAll(re)) {
    value = m[2] !== undefined ? m[2].replace(/''/g, "'") : m[1]!;
  }
  return value;
}

/** Scans `/etc/postgresql/<version>/<cluster>/postgresql.conf` when pg_lsclusters is absent. */
export function scanEtc(etcDir: string): LocalCluster[] {
  const out: LocalCluster[] = [];
  let versions: string[];
  try {
    versions = fs.readdirSync(etcDir).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(a) - Number(b));
  } catch {
    return out;
  }
  for (const version of versions) {
    let names: string[];
    try {
      names = fs.readdirSync(path.join(etcDir, version)).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      let text: string;
      try {
        text = fs.readFileSync(path.join(etcDir, version, name, 'postgresql.conf'), 'utf8');
      } catch {
        continue;
      }
      const port = Number(confSetting(text, 'port') ?? '5432');
      const socketDir = (confSetting(text, 'unix_socket_directories') ?? debianSocketDir).split(',')[0]!.trim() || debianSocketDir;
      const dataDirectory = confSetting(text, 'data_directory');
      out.push(cluster('/etc/postgresql', version, name, port, socketDir, dataDirectory, socketExists(socketDir, port)));
    }
  }
  return out;
}

/** Server sockets directly inside `dirs`, as [dir, port] pairs. */
export function scanSockets(dirs: readonly string[]): { dir: string; port: number }[] {
  const out: { dir: string; port: number }[] = [];
  for (const dir of dirs) {
    let entries: string[];
    try {
      entries = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const e of entries.sort()) {
      const m = /^\.s\.PGSQL\.(\d+)$/.exec(e);
      if (m && socketExists(dir, Number(m[1]))) {
        out.push({ dir, port: Number(m[1]) });
      }
    }
  }
  return out;
}

function sameDir(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(a) === real(b);
}

/** Every local cluster: Debian's (pg_lsclusters, else /etc/postgresql), then unclaimed sockets. */
export async function discoverLocalClusters(options: DiscoveryOptions = {}): Promise<LocalCluster[]> {
  const command = options.lsclusters === undefined ? 'pg_lsclusters' : options.lsclusters;
  const json = command === null ? null : await runLsclusters(command, options.timeoutMs ?? 5_000);
  let clusters: LocalCluster[] = [];
  if (json !== null) {
    try {
      clusters = parseLsclusters(json);
    } catch {
      clusters = scanEtc(options.etcDir ?? '/etc/postgresql');
    }
  } else {
    clusters = scanEtc(options.etcDir ?? '/etc/postgresql');
  }
  for (const { dir, port } of scanSockets(options.socketDirs ?? [debianSocketDir, '/tmp'])) {
    if (clusters.some((c) => c.port === port && sameDir(c.socketDir, dir))) {
      continue;
    }
    clusters.push({
      id: `socket:${dir}:${port}`,
      label: `${dir}:${port}`,
      source: 'socket',
      version: null,
      cluster: null,
      port,
      socketDir: dir,
      dataDirectory: null,
      running: true,
      conninfo: formatConninfo([['host', dir], ['port', String(port)]]),
    });
  }
  return clusters;
}
