/**
 * Turns resolved libpq parameters into node-postgres client configs. Every field is set
 * explicitly, because pg otherwise falls back to process.env and its own ~/.pgpass reader,
 * which would bypass the resolver's environment and libpq's rules.
 *
 * SSL follows libpq: never over a unix socket; `disable` plain; `allow` plain then SSL;
 * `prefer` SSL then plain; `require` SSL without verification unless a root certificate
 * exists (then as verify-ca); `verify-ca` checks the chain; `verify-full` also the host name.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ClientConfig } from 'pg';
import type { ConnectionOptions } from 'node:tls';
import { ConninfoError } from './conninfo';
import { parseIntParam, type ResolvedHost, type ResolvedParams } from './resolve';

/** libpq's own text when the server wants a password and none was found anywhere. */
const noPasswordMessage = 'fe_sendauth: no password supplied';

export class NoPasswordSuppliedError extends Error {
  readonly code = 'PGSIGHT_NO_PASSWORD';
  constructor() {
    super(noPasswordMessage);
    this.name = 'NoPasswordSuppliedError';
  }
}

/** One connection attempt: a host, with or without SSL. */
export interface ConnectAttempt {
  host: ResolvedHost;
  ssl: boolean;
  config: ClientConfig;
}

function readIfExists(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch {
    return null;
  }
}

/** Every CRL file in an `sslcrldir` (OpenSSL's `<hash>.r<n>` names, or any PEM file there). */
function readCrlDir(dir: string): Buffer[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).sort();
  } catch {
    throw new ConninfoError(`could not open SSL certificate revocation list directory "${dir}"`);
  }
  const out: Buffer[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const data = fs.statSync(file).isFile() ? readIfExists(file) : null;
    if (data && data.includes('-----BEGIN X509 CRL-----')) {
      out.push(data);
    }
  }
  return out;
}

/** The TLS options for an SSL attempt, reading certificate files as libpq does. */
function tlsOptions(p: Record<string, string>, host: ResolvedHost, home: string): ConnectionOptions {
  const dir = path.join(home, '.postgresql');
  const mode = p.sslmode!;
  const tls: ConnectionOptions = {};
  const rootcert = p.sslrootcert || path.join(dir, 'root.crt');
  let verify = mode === 'verify-ca' || mode === 'verify-full';
  if (rootcert === 'system') {
    verify = true; // node's bundled roots, as libpq uses the system store
  } else {
    const ca = readIfExists(rootcert);
    if (ca) {
      tls.ca = ca;
      // with a root certificate present, require behaves like verify-ca
      verify = verify || mode === 'require';
    } else if (verify) {
      throw new ConninfoError(
        `root certificate file "${rootcert}" does not exist\nEither provide the file, use the system's trusted roots with sslrootcert=system, or change sslmode to disable server certificate verification.`,
      );
    }
  }
  tls.rejectUnauthorized = verify;
  if (verify && mode !== 'verify-full') {
    tls.checkServerIdentity = () => undefined;
  }
  if (p.sslsni !== '0' && !/^[\d.:]+$/.test(host.host)) {
    tls.servername = host.host;
  }
  const certFile = p.sslcert || path.join(dir, 'postgresql.crt');
  // sslcertmode=disable: never send a client certificate
  const cert = p.sslcertmode === 'disable' ? null : readIfExists(certFile);
  if (cert) {
    const keyFile = p.sslkey || path.join(dir, 'postgresql.key');
    let stat: fs.Stats | null = null;
    try {
      stat = fs.statSync(keyFile);
    } catch {
      throw new ConninfoError(`certificate present, but not private key file "${keyFile}"`);
    }
    const rootOwned = stat.uid === 0;
    if (process.platform !== 'win32' && (stat.mode & (rootOwned ? 0o037 : 0o077)) !== 0) {
      throw new ConninfoError(
        `private key file "${keyFile}" has group or world access; file must have permissions u=rw (0600) or less if owned by the current user, or permissions u=rw,g=r (0640) or less if owned by root`,
      );
    }
    tls.cert = cert;
    tls.key = fs.readFileSync(keyFile);
    if (p.sslpassword) {
      tls.passphrase = p.sslpassword;
    }
  }
  const crls: Buffer[] = [];
  const crl = p.sslcrl ? readIfExists(p.sslcrl) : p.sslcrldir ? null : readIfExists(path.join(dir, 'root.crl'));
  if (crl) {
    crls.push(crl);
  }
  if (p.sslcrldir) {
    // libpq hands the directory to OpenSSL's hashed lookup; node takes the CRLs themselves
    crls.push(...readCrlDir(p.sslcrldir));
  }
  if (crls.length > 0) {
    tls.crl = crls;
  }
  if (p.ssl_min_protocol_version) {
    tls.minVersion = p.ssl_min_protocol_version as ConnectionOptions['minVersion'];
  }
  if (p.ssl_max_protocol_version) {
    tls.maxVersion = p.ssl_max_protocol_version as ConnectionOptions['maxVersion'];
  }
  return tls;
}

/** The node-postgres settings shared by every attempt. */
function baseConfig(p: Record<string, string>, host: ResolvedHost): ClientConfig {
  const config: ClientConfig = {
    host: host.hostaddr ?? host.host,
    port: host.port,
    user: p.user,
    database: p.dbname,
    // a function stops pg from reading PGPASSWORD / ~/.pgpass itself; it is only called when
    // the server asks for a password
    password: () => {
      if (host.password === null) {
        throw new NoPasswordSuppliedError();
      }
      return host.password;
    },
    // libpq: keepalives is on unless set to 0; keepalives_idle is the delay before the first probe
    keepAlive: p.keepalives === undefined || p.keepalives.trim() === '' || parseIntParam(p.keepalives, 'keepalives') !== 0,
  };
  const appName = p.application_name || p.fallback_application_name;
  if (appName) {
    config.application_name = appName;
  }
  if (p.options) {
    config.options = p.options;
  }
  if (p.client_encoding) {
    config.client_encoding = p.client_encoding;
  }
  if (p.keepalives_idle) {
    config.keepAliveInitialDelayMillis = parseIntParam(p.keepalives_idle, 'keepalives_idle') * 1000;
  }
  if (p.connect_timeout) {
    const seconds = parseIntParam(p.connect_timeout, 'connect_timeout');
    // libpq: zero or negative waits forever; the minimum is 2 seconds
    if (seconds > 0) {
      config.connectionTimeoutMillis = Math.max(seconds, 2) * 1000;
    }
  }
  if (p.channel_binding === 'require') {
    config.enableChannelBinding = true;
  }
  return config;
}

/** Every attempt libpq would make, in its order: each host, with SSL per sslmode. */
export function connectAttempts(resolved: ResolvedParams, home: string): ConnectAttempt[] {
  const p = resolved.params;
  const attempts: ConnectAttempt[] = [];
  for (const host of resolved.hosts) {
    const base = baseConfig(p, host);
    const plain: ConnectAttempt = { host, ssl: false, config: { ...base, ssl: false } };
    if (host.socket || p.sslmode === 'disable') {
      attempts.push(plain);
      continue;
    }
    const secure: ConnectAttempt = { host, ssl: true, config: { ...base, ssl: tlsOptions(p, host, home) } };
    if (p.sslmode === 'allow') {
      attempts.push(plain, secure);
    } else if (p.sslmode === 'prefer') {
      attempts.push(secure, plain);
    } else {
      attempts.push(secure);
    }
  }
  return attempts;
}
