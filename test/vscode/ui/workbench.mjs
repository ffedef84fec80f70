// Small helpers for UI scenarios driving the real workbench in Chromium.
import path from 'node:path';
import { repoRoot } from '../codeServer.mjs';

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
