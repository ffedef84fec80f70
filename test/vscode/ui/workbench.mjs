// Small helpers for UI scenarios driving the real workbench in Chromium.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { launchWorkbench, repoRoot } from '../codeServer.mjs';

export async function waitForWorkbench(page, url) {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
}

/** Opens a workspace file from the Explorer and waits for its text. */
export async function openFile(page, name, textInFile) {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: 60_000 });
  await row.click();
  await page.locator('.editor-instance .view-lines', { hasText: textInFile }).first().waitFor({ timeout: 30_000 });
}

/** Runs a command from the palette by its title. */
export async function runCommand(page, title) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Saves a screenshot into docs/screenshots/<name>.png, with the mouse out of the way. */
export async function screenshot(page, name, { mouse = [1390, 840] } = {}) {
  await page.mouse.move(mouse[0], mouse[1]);
  await page.waitForTimeout(400);
  const file = path.join(repoRoot, 'docs/screenshots', `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Moves the cursor to line:column with Go to Line (Ctrl+G). */
export async function goTo(page, line, column) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`:${line}:${column}`); // Go to Line is Quick Open with a : prefix
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** With PGSIGHT_UI_DEBUG=<file.png>, saves what the page showed when a scenario failed. */
export async function saveDebugScreenshot(page) {
  if (process.env.PGSIGHT_UI_DEBUG) {
    await page.screenshot({ path: process.env.PGSIGHT_UI_DEBUG });
  }
}

/** Runs the statements one by one on a connection of their own. */
export async function runSql(url, statements) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const s of statements) {
      await c.query(s);
    }
  } finally {
    await c.end();
  }
}

/** A fresh database `name` on the test server, set up by `statements`; its URL. */
export async function createScratchDatabase(serverUrl, name, statements) {
  await runSql(serverUrl, [`drop database if exists ${name}`, `create database ${name}`]);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  await runSql(u.toString(), statements);
  return u;
}

/** The libpq environment that points a VS Code process (and so pgsight) at `database` on `serverUrl`. */
export function libpqEnvironment(serverUrl, database) {
  const u = new URL(serverUrl);
  return {
    PGHOST: u.hostname, PGPORT: u.port, PGUSER: decodeURIComponent(u.username),
    PGPASSWORD: decodeURIComponent(u.password), PGDATABASE: database, PGSSLMODE: 'disable',
  };
}

/**
 * A workbench of its own on a scratch folder holding `files` (name → text), with the libpq
 * environment pointing pgsight at `database`: how a scenario shows pgsight bound to the
 * database it created. Its `close()` also deletes the folder.
 */
export async function launchWithDatabase({ serverUrl, database, files, viewport }) {
  const folder = fs.mkdtempSync(path.join(repoRoot, 'out/vscode-scratch-'));
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(folder, name), text);
  }
  const wb = await launchWorkbench({
    folder,
    env: libpqEnvironment(serverUrl, database),
    settings: { 'workbench.colorTheme': 'Default Dark Modern', 'pgsight.associateSqlFiles': 'never' },
    viewport,
  });
  return {
    ...wb,
    async close() {
      await wb.close();
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Drags the side bar's edge so tree descriptions (owner, size, flags) are not cut off. */
export async function widenSideBar(page, width = 520) {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box || box.width >= width) {
    return;
  }
  const edge = box.x + box.width;
  // the sash that resizes the side bar is the vertical one closest to its right edge
  let best;
  for (const sash of await page.locator('.monaco-sash.vertical').all()) {
    const b = await sash.boundingBox();
    if (b && b.height > box.height / 2 && (!best || Math.abs(b.x + b.width / 2 - edge) < Math.abs(best.x + best.width / 2 - edge))) {
      best = b;
    }
  }
  if (!best) {
    return;
  }
  const x = best.x + best.width / 2;
  const y = best.y + best.height / 2;
  await page.mouse.move(x, y);
  await page.waitForTimeout(300); // the sash reacts to hover before it accepts a drag
  await page.mouse.down();
  await page.mouse.move(x + (width - box.width) / 2, y, { steps: 5 });
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
}
