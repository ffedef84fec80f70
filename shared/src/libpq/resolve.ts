/**
 * The resolver: from a connection string (or nothing) to the parameters libpq would use,
 * with where each one came from. Order, as in libpq's conninfo_add_defaults and
 * connectOptions2: the string itself → the service file's section (PGSERVICE when the
 * string names none) → the PG* environment → libpq's compiled defaults → the operating-system
 * user → dbname = user → the default socket directory → the password file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConninfoError, parseConninfo } from './conninfo';
import { keywords, sslModes } from './keywords';
import { passwordFromFile } from './pgpass';
import { lookupService, type ServiceLookup } from './serviceFile';

export type SourceKind =
  /** the connection string / URI given (or a profile from settings) */
  | 'connection string'
  /** values added on top by the caller, e.g. a password from VS Code's SecretStorage */
  | 'override'
  | 'service file'
  | 'environment'
  | 'password file'
  | 'default';

export interface ParamSource {
  kind: SourceKind;
  /** Human detail: `PGHOST`, `/home/me/.pg_service.conf line 4 [shop]`, `libpq default`, … */
  detail: string;
}

export interface ResolveOptions {
  /** The environment to read PG* variables from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Home directory for ~/.pgpass, ~/.pg_service.conf, ~/.postgresql/ (default: os.homedir(): $HOME, else the passwd entry, as libpq 18 does). */
  home?: string;
  /** User name libpq would take from the operating system (default: os.userInfo().username). */
  osUser?: string;
  /** Compiled-in sysconfdir for pg_service.conf when PGSYSCONFDIR is unset (default: Debian's /etc/postgresql-common). */
  sysconfdir?: string;
  /**
   * Socket directory used when no host is given, and the one `localhost` in ~/.pgpass
   * matches. Default: /var/run/postgresql when it exists (Debian's libpq), else /tmp
   * (PostgreSQL's own default).
   */
  defaultSocketDir?: string;
  /** Values that win over everything (e.g. the password kept in SecretStorage). */
  overrides?: Record<string, string>;
  /** How to describe the overrides in `sources` (default: "pgsight"). */
  overrideLabel?: string;
  /** How to describe the connection string in `sources` (default: "connection string"). */
  inputLabel?: string;
}

/** One host to try, in libpq's order. */
export interface ResolvedHost {
  /** host name, IP address, or socket directory (absolute path) */
  host: string;
  hostaddr: string | null;
  port: number;
  socket: boolean;
  /** Password for this host: given, from the environment, or from the password file. */
  password: string | null;
  passwordSource: ParamSource | null;
}

export interface ResolvedParams {
  /** Every keyword that has a value, after all defaults (the first host's password included). */
  params: Record<string, string>;
  sources: Record<string, ParamSource>;
  /** Things the user should know (insecure password file, ignored options, …). */
  warnings: string[];
  hosts: ResolvedHost[];
  /** The service section used, when one was. */
  service: ServiceLookup | null;
  /** The password file consulted (whether or not it matched), or null when a password was given. */
  passfile: string | null;
}

function defaultSocketDirectory(): string {
  try {
    if (fs.statSync('/var/run/postgresql').isDirectory()) {
      return '/var/run/postgresql';
    }
  } catch {
    // not a Debian-style installation
  }
  return '/tmp';
}

/** parse_int_param: an integer with optional surrounding spaces, else libpq's error. */
export function parseIntParam(value: string, keyword: string): number {
  const t = value.trim();
  if (!/^[+-]?\d+$/.test(t)) {
    throw new ConninfoError(`invalid integer value "${value}" for connection option "${keyword}"`);
  }
  return Number(t);
}

function isSocketPath(host: string): boolean {
  return host.startsWith('/') || host.startsWith('@');
}

/** Resolves the parameters only (no pg config); see index.ts for the full resolver. */
export function resolveParams(input: string | null, options: ResolveOptions = {}): ResolvedParams {
  const env = options.env ?? process.env;
  const home = options.home ?? os.homedir();
  const values = new Map<string, string>();
  const sources: Record<string, ParamSource> = {};
  const warnings: string[] = [];
  const set = (k: string, v: string, s: ParamSource): void => {
    values.set(k, v);
    sources[k] = s;
  };

  const given = input !== null && input.trim() !== '' ? parseConninfo(input) : new Map<string, string>();
  for (const [k, v] of given) {
    set(k, v, { kind: 'connection string', detail: options.inputLabel ?? 'connection string' });
  }
  for (const [k, v] of Object.entries(options.overrides ?? {})) {
    set(k, v, { kind: 'override', detail: options.overrideLabel ?? 'pgsight' });
  }

  // the service fills what the string left unset, before the environment does
  let service: ServiceLookup | null = null;
  const serviceName = values.get('service') ?? env.PGSERVICE;
  if (serviceName !== undefined) {
    if (!values.has('service')) {
      set('service', serviceName, { kind: 'environment', detail: 'PGSERVICE' });
    }
    const userFile = values.get('servicefile') ?? env.PGSERVICEFILE ?? path.join(home, '.pg_service.conf');
    const sysconfdir = env.PGSYSCONFDIR ?? options.sysconfdir ?? '/etc/postgresql-common';
    service = lookupService(serviceName, userFile, sysconfdir);
    for (const e of service.entries) {
      if (!values.has(e.keyword)) {
        set(e.keyword, e.value, { kind: 'service file', detail: `${e.file} line ${e.line} [${serviceName}]` });
      }
    }
  }

  for (const k of keywords) {
    if (values.has(k.keyword)) {
      continue;
    }
    const fromEnv = k.envvar !== undefined ? env[k.envvar] : undefined;
    if (fromEnv !== undefined) {
      set(k.keyword, fromEnv, { kind: 'environment', detail: k.envvar! });
      continue;
    }
    if (k.keyword === 'sslmode' && env.PGREQUIRESSL?.startsWith('1')) {
      set('sslmode', 'require', { kind: 'environment', detail: 'PGREQUIRESSL' });
      continue;
    }
    if (k.compiled !== undefined) {
      set(k.keyword, k.compiled, { kind: 'default', detail: 'libpq default' });
    }
  }
  // sslrootcert=system turns the default sslmode into verify-full (PostgreSQL 16+)
  if (values.get('sslrootcert') === 'system' && sources.sslmode?.kind === 'default') {
    set('sslmode', 'verify-full', { kind: 'default', detail: 'default with sslrootcert=system' });
  }

  if (!values.get('user')) {
    set('user', options.osUser ?? os.userInfo().username, { kind: 'default', detail: 'operating-system user' });
  }
  if (!values.get('dbname')) {
    set('dbname', values.get('user')!, { kind: 'default', detail: 'same as the user name' });
  }

  const sslmode = values.get('sslmode')!;
  if (!(sslModes as readonly string[]).includes(sslmode)) {
    throw new ConninfoError(`invalid sslmode value: "${sslmode}"`);
  }
  if (values.get('sslrootcert') === 'system' && sslmode !== 'verify-full') {
    throw new ConninfoError(`weak sslmode "${sslmode}" may not be used with sslrootcert=system (use "verify-full")`);
  }

  const socketDir = options.defaultSocketDir ?? defaultSocketDirectory();
  const hostList = values.get('host') ? values.get('host')!.split(',') : [];
  const addrList = values.get('hostaddr') ? values.get('hostaddr')!.split(',') : [];
  if (hostList.length > 0 && addrList.length > 0 && hostList.length !== addrList.length) {
    throw new ConninfoError(`could not match ${hostList.length} host names to ${addrList.length} hostaddr values`);
  }
  const count = Math.max(hostList.length, addrList.length, 1);
  const portList = (values.get('port') ?? '').split(',');
  if (portList.length !== 1 && portList.length !== count) {
    throw new ConninfoError(`could not match ${portList.length} port numbers to ${count} hosts`);
  }
  if (!values.get('host') && !values.get('hostaddr')) {
    set('host', socketDir, { kind: 'default', detail: 'default socket directory' });
  }

  const hosts: ResolvedHost[] = [];
  for (let i = 0; i < count; i++) {
    const addr = addrList[i] ?? '';
    let host = hostList[i] ?? '';
    if (host === '' && addr === '') {
      host = socketDir;
    }
    const portText = (portList.length === 1 ? portList[0] : portList[i]) ?? '';
    const port = portText.trim() === '' ? 5432 : parseIntParam(portText, 'port');
    if (port < 1 || port > 65535) {
      throw new ConninfoError(`invalid port number: "${portText}"`);
    }
    hosts.push({
      host: host === '' ? addr : host,
      hostaddr: addr === '' ? null : addr,
      port,
      socket: addr === '' && isSocketPath(host),
      password: null,
      passwordSource: null,
    });
  }

  // a password given (string, service, PGPASSWORD, override) wins; else the password file
  let passfile: string | null = null;
  const givenPassword = values.get('password');
  if (givenPassword) {
    for (const h of hosts) {
      h.password = givenPassword;
      h.passwordSource = sources.password!;
    }
  } else {
    passfile = values.get('passfile') || path.join(home, '.pgpass');
    for (const h of hosts) {
      const r = passwordFromFile(
        passfile,
        { host: h.host, port: String(h.port), dbname: values.get('dbname')!, user: values.get('user')! },
        socketDir,
      );
      for (const w of r.warnings) {
        if (!warnings.includes(w)) {
          warnings.push(w);
        }
      }
      if (r.match) {
        h.password = r.match.password;
        h.passwordSource = { kind: 'password file', detail: `${r.match.file} line ${r.match.line}` };
      }
    }
    if (hosts[0]?.password) {
      set('password', hosts[0].password, hosts[0].passwordSource!);
    }
  }

  return { params: Object.fromEntries(values), sources, warnings, hosts, service, passfile };
}
