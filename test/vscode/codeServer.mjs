// Starts a real VS Code (code-server) with pgsight loaded as a development extension, and
// headless Chromium on it through playwright-core. Used by the suite runner (run.mjs), the
// UI scenarios (ui/*.ui.mjs) and `npm start`.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/lib/embeddedPg.mjs';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Runs test/vscode/setup.sh once (idempotent) and puts its exports into process.env. */
export function ensureCodeServer() {
  if (process.env.CODE_SERVER_NODE && process.env.CODE_SERVER_ENTRY && process.env.PLAYWRIGHT_CORE) {
    return;
  }
  const out = execFileSync('bash', [path.join(repoRoot, 'test/vscode/setup.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  for (const m of out.matchAll(/^export (\w+)=(.*)$/gm)) {
    process.env[m[1]] = m[2];
  }
}

const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'workbench.colorTheme': 'Default Dark Modern',
};

/**
 * Starts code-server + Chromium. Options: folder (workspace to open), testsPath (a suite entry,
 * for the extension-tests mode), env (extra env for code-server and so the extension host),
 * settings (user settings), viewport, port, keepOpen (do not close when the suite ends).
 * Returns { page, url, tmp, close(), log() }.
 */
export async function launchWorkbench({ folder, testsPath, env = {}, settings = {}, viewport = { width: 1400, height: 850 }, port, logFile } = {}) {
  ensureCodeServer();
  const { chromium } = await import(process.env.PLAYWRIGHT_CORE);
  port ??= await freePort();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pgsight-vscode-'));
  fs.mkdirSync(`${tmp}/t`);
  fs.mkdirSync(`${tmp}/ud/User`, { recursive: true });
  fs.writeFileSync(`${tmp}/ud/User/settings.json`, JSON.stringify({ ...quietSettings, ...settings }, null, 1));
  // keep code-server's and Chromium's writes (config, logs, sockets) out of $HOME and /tmp
  const xdg = { XDG_CONFIG_HOME: `${tmp}/xdg/config`, XDG_DATA_HOME: `${tmp}/xdg/data`, XDG_CACHE_HOME: `${tmp}/xdg/cache`, TMPDIR: `${tmp}/t` };
  const csEnv = { ...process.env, ...xdg, ...env, E2E_LOG_FILE: logFile ?? `${tmp}/exthost.log` };
  const cs = spawn(process.env.CODE_SERVER_NODE, [process.env.CODE_SERVER_ENTRY,
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override',
    // suite mode: the test DialogService refuses every dialog, so link protection must not ask
    // before F1 opens the manual on postgresql.org (where no local copy of the manual is
    // installed); the UI scenarios keep the dialog, which they click and screenshot
    ...(testsPath ? ['--link-protection-trusted-domains', 'https://www.postgresql.org'] : []),
    // built VS Code ignores the URL payload (extensionDevelopmentPath/extensionTestsPath) unless this is on
    '--vscode-option', 'enable-smoke-test-driver',
    '--user-data-dir', `${tmp}/ud`, '--extensions-dir', `${tmp}/ext`, '--config', `${tmp}/config.yaml`,
  ], { stdio: ['ignore', 'pipe', 'pipe'], env: csEnv, detached: false });
  let csOut = '';
  cs.stdout.on('data', (d) => (csOut += d));
  cs.stderr.on('data', (d) => (csOut += d));
  for (let i = 0; !csOut.includes('HTTP server listening'); i++) {
    if (i > 600 || cs.exitCode !== null) {
      cs.kill('SIGKILL');
      throw new Error(`code-server did not start:\n${csOut}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const authority = `127.0.0.1:${port}`;
  const payload = [['extensionDevelopmentPath', `vscode-remote://${authority}${repoRoot}`]];
  if (testsPath) {
    payload.push(['extensionTestsPath', `vscode-remote://${authority}${testsPath}`]);
  }
  const url = `http://${authority}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const ctx = await chromium.launchPersistentContext(`${tmp}/chrome`, {
    executablePath: '/usr/bin/chromium', headless: true, env: { ...process.env, ...xdg }, viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  if (process.env.VERBOSE) {
    page.on('console', (m) => console.log('  [browser]', m.text()));
  }
  let closed = false;
  return {
    page,
    url,
    tmp,
    log: () => csOut,
    async close() {
      if (closed) {
        return;
      }
      closed = true;
      await ctx.close().catch(() => {});
      cs.kill('SIGTERM');
      await new Promise((r) => (cs.exitCode !== null ? r() : cs.once('exit', r)));
      if (!process.env.KEEP_TMP) {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    },
  };
}
