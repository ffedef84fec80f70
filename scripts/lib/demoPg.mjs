// The demo PostgreSQL of `npm start`: where its data folder lives, and the superuser password
// that belongs to that folder. The password is random, made when the folder is first
// initialised, and kept beside the cluster in `superuser-password` (mode 0600); the folder is
// 0700, so only its owner (the `postgres` user, when run as root) can enter it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from './embeddedPg.mjs';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** The password every pgsight demo folder had before passwords were made per folder. */
export const legacyPassword = 'pgsight';

/** ~/.cache/pgsight (or $XDG_CACHE_HOME/pgsight): the demo's data and VS Code profile. */
export function cacheRoot(env = process.env) {
  return path.join(env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache'), 'pgsight');
}

/**
 * The demo's PostgreSQL folder for a cache root. As root, PostgreSQL runs as the `postgres`
 * user, which cannot enter root's private home: the folder then lives under
 * /var/tmp/pgsight-root, one per cache root (so that an empty HOME starts from nothing too).
 */
export function demoPgDir(cache = cacheRoot()) {
  if (!isRoot) {
    return path.join(cache, 'demo-pg');
  }
  const key = crypto.createHash('sha256').update(path.resolve(cache)).digest('hex').slice(0, 12);
  return path.join('/var/tmp', 'pgsight-root', key, 'demo-pg');
}

export function passwordFile(dir) {
  return path.join(dir, 'superuser-password');
}

/**
 * Makes `dir` ready for startEmbeddedPostgres and returns { password, fresh }: the folder's own
 * password (made now for a new folder). A cluster initialised by an older pgsight (with the
 * fixed password, and no password file) is deleted, to be made again with a password of its
 * own: it holds only the demo databases, which are loaded again.
 */
export function prepareDemoFolder(dir, log = () => {}) {
  const file = passwordFile(dir);
  const initialised = fs.existsSync(path.join(dir, 'data', 'PG_VERSION'));
  if (initialised && !fs.existsSync(file)) {
    log(`${dir} was made by an older pgsight with a fixed password: making it again`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (isRoot) {
    // the parent only needs to be passable by `postgres`, not listable
    fs.mkdirSync(path.dirname(path.dirname(dir)), { recursive: true, mode: 0o711 });
    fs.chmodSync(path.dirname(path.dirname(dir)), 0o711);
    fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o711 });
    fs.chmodSync(path.dirname(dir), 0o711);
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  if (fs.existsSync(file)) {
    fs.chmodSync(file, 0o600);
    return { password: fs.readFileSync(file, 'utf8').trim(), fresh: !fs.existsSync(path.join(dir, 'data', 'PG_VERSION')) };
  }
  const password = crypto.randomBytes(18).toString('base64url');
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  return { password, fresh: true };
}

/** Starts the demo cluster in `dir` with its own password (SCRAM authentication). */
export async function startDemoPostgres({ dir, port, log = () => {} }) {
  const { password, fresh } = prepareDemoFolder(dir, log);
  const server = await startEmbeddedPostgres({ dir, port, password, authMethod: 'scram-sha-256' });
  return { ...server, fresh, passwordFile: passwordFile(dir) };
}
