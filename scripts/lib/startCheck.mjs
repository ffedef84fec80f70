// `npm start -- --check`: what `npm start` promises, checked on the running demo. Each check
// throws on failure (start.mjs then stops everything and exits 1).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { defaultParallelRows } from '../demo-db.mjs';
import { legacyPassword, passwordFile } from './demoPg.mjs';

const mode = (file) => fs.statSync(file).mode & 0o777;

/** Connects as the superuser with `password`; returns the error, or undefined when it got in. */
async function tryLogin(server, password, database) {
  const client = new pg.Client({ host: '127.0.0.1', port: server.port, user: server.user, password, database });
  try {
    await client.connect();
    return undefined;
  } catch (err) {
    return err;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The demo folder is its owner's alone, its password is its own, and the demo data is there. */
export async function checkDemoDatabase({ server, dir, shop, say }) {
  assert.equal(mode(dir).toString(8), '700', `${dir} must be 0700`);
  assert.equal(mode(passwordFile(dir)).toString(8), '600', `${passwordFile(dir)} must be 0600`);
  assert.equal(fs.readFileSync(passwordFile(dir), 'utf8').trim(), server.password);
  assert.notEqual(server.password, legacyPassword);
  assert.ok(server.password.length >= 20, 'a random password of at least 20 characters');
  const refused = await tryLogin(server, legacyPassword, 'postgres');
  assert.equal(refused?.code, '28P01', `the old fixed password must be refused, got ${refused?.message ?? 'a session'}`);
  say('demo folder is 0700, its password file 0600; the old fixed password is refused');

  const client = new pg.Client({ connectionString: server.url.replace(/\/postgres$/, `/${shop}`) });
  await client.connect();
  try {
    const rows = await client.query('SELECT count(*)::int AS n FROM tbl_parallel_test');
    assert.equal(rows.rows[0].n, defaultParallelRows);
    const orders = await client.query('SELECT count(*)::int AS n FROM orders');
    assert.ok(orders.rows[0].n > 0, 'shop.orders has rows');
    const dbs = await client.query("SELECT datname, datistemplate FROM pg_database WHERE datname IN ('template_demo', 'analytics') ORDER BY 1");
    assert.deepEqual(dbs.rows, [{ datname: 'analytics', datistemplate: false }, { datname: 'template_demo', datistemplate: true }]);
    const hba = await client.query("SELECT DISTINCT auth_method FROM pg_hba_file_rules WHERE type <> 'local'");
    assert.deepEqual(hba.rows.map((r) => r.auth_method), ['scram-sha-256'], 'TCP logins need the SCRAM password');
    say(`demo data present: ${rows.rows[0].n} rows in tbl_parallel_test, ${orders.rows[0].n} orders, template_demo and analytics`);
  } finally {
    await client.end();
  }
}

/** The local addresses that listen on `port` (from /proc/net/tcp and tcp6), as hex strings. */
function listeningAddresses(port) {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const out = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(file)) {
      continue;
    }
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state === '0A' && local?.endsWith(`:${hexPort}`)) {
        out.push(local.slice(0, -5));
      }
    }
  }
  return out;
}

/**
 * code-server listens on 127.0.0.1 only and lets no one in without the password. Returns the
 * session cookie of a login with the right password, for the browser.
 */
export async function checkCodeServerAccess({ port, password, url, say }) {
  const listening = listeningAddresses(port);
  assert.ok(listening.length > 0, `something listens on port ${port}`);
  // 127.0.0.1 in /proc/net/tcp is 0100007F (little-endian); v4-mapped in tcp6
  const loopback = new Set(['0100007F', '0000000000000000FFFF00000100007F']);
  assert.deepEqual(listening.filter((a) => !loopback.has(a)), [], `port ${port} must listen on 127.0.0.1 only`);
  say(`code-server listens on 127.0.0.1:${port} only`);

  const bare = await fetch(url, { redirect: 'manual' });
  assert.equal(bare.status, 302, 'an unauthenticated request is sent to the login page');
  assert.match(bare.headers.get('location') ?? '', /login/);
  const file = await fetch(`http://127.0.0.1:${port}/vscode-remote-resource?path=${encodeURIComponent('/etc/hostname')}`, { redirect: 'manual' });
  assert.notEqual(file.status, 200, 'no file is served without logging in');

  const login = (pw) => fetch(`http://127.0.0.1:${port}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ password: pw }).toString(),
  });
  const wrong = await login(`${password}x`);
  assert.ok(!(wrong.headers.get('set-cookie') ?? '').includes('code-server-session'), 'a wrong password gets no session');
  const right = await login(password);
  const cookie = /code-server-session=([^;]+)/.exec(right.headers.get('set-cookie') ?? '');
  assert.ok(cookie, `the printed password logs in (status ${right.status})`);
  const authed = await fetch(url, { redirect: 'manual', headers: { cookie: `code-server-session=${cookie[1]}` } });
  assert.equal(authed.status, 200, 'the session cookie opens the workbench');
  say('code-server refuses requests without the password and accepts the printed one');
  return { name: 'code-server-session', value: cookie[1], domain: '127.0.0.1', path: '/' };
}

/** Loads the workbench like a newcomer's browser would, logged in, and waits for pgsight to work. */
export async function checkInBrowser({ url, cookie, repoRoot, stops, say }) {
  const { chromium } = await import(process.env.PLAYWRIGHT_CORE);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  stops.push(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
  await context.addCookies([cookie]);
  const page = await context.newPage();
  await page.goto(url);
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: '1-fix-a-column.sql' }).first();
  await row.waitFor({ timeout: 120_000 });
  say('first screen: the workbench shows the demo workspace');
  // demo/.vscode/settings.json opens demo/README.md, the guide to the demo, on startup
  const guide = await page.locator('.tabs-container .tab', { hasText: 'README' }).first().waitFor({ timeout: 20_000 }).then(() => true, () => false);
  say(guide ? 'the guide (demo/README.md) is open' : 'demo/README.md did not open on startup');
  const out = path.join(repoRoot, 'out');
  fs.mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, 'start-first-screen.png') });
  await row.click();
  await page.locator('.statusbar-item', { hasText: 'PostgreSQL' }).first().waitFor({ timeout: 60_000 });
  say('pgsight is active');
  // the language server has read the demo database's catalog when the misspelled columns are underlined
  await page.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
  say('pgsight underlines the misspelled columns of 1-fix-a-column.sql');
  await page.screenshot({ path: path.join(out, 'start-check.png') });
}
