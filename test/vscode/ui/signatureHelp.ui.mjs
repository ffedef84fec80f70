// UI scenario: signature help from the catalog in real VS Code. Creates the shop schema
// (test/fixtures/catalog/shop.sql) in a fresh database, opens a .sql file with the VS Code
// process's libpq environment pointing at it, and types `date_trunc('month', ` into a SELECT
// list: the parameter hints show date_trunc's four overloads with the second parameter
// highlighted. Saves docs/screenshots/signature-help.png.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../codeServer.mjs';
import { createScratchDatabase, goTo, launchWithDatabase, openFile, runSql, saveDebugScreenshot, screenshot, waitForWorkbench } from './workbench.mjs';

const query = `-- paid orders per month
select
from orders o
where o.status = 'paid'
group by 1;
`;

export default async function signatureHelp({ close, databaseUrl, lap }) {
  const name = `uisignature_${process.pid}`;
  await createScratchDatabase(databaseUrl, name, [fs.readFileSync(path.join(repoRoot, 'test/fixtures/catalog/shop.sql'), 'utf8')]);
  lap('shop database ready');
  await close();
  const wb = await launchWithDatabase({ serverUrl: databaseUrl, database: name, files: { 'monthly.sql': query }, viewport: { width: 1400, height: 800 } });
  const { page } = wb;
  try {
    await waitForWorkbench(page, wb.url);
    await openFile(page, 'monthly.sql', 'paid orders');
    await page.locator('.statusbar-item', { hasText: /PostgreSQL \d+/ }).first().waitFor({ timeout: 60_000 });
    lap('catalog loaded');

    // type the call as a user would: `(` and `,` open and move the parameter hints
    await goTo(page, 2, 7);
    await page.keyboard.type(" date_trunc('month', ", { delay: 40 });
    const hints = page.locator('.parameter-hints-widget.visible');
    await hints.waitFor({ timeout: 30_000 });
    await hints.locator('.parameter.active', { hasText: /timestamp|interval/ }).waitFor({ timeout: 15_000 });
    const signature = await hints.locator('.signature').innerText();
    const active = await hints.locator('.parameter.active').innerText();
    const overloads = await hints.locator('.overloads').innerText();
    if (!signature.startsWith('date_trunc(text, ') || !/^(interval|timestamp (with|without) time zone)$/.test(active) || !/^1\s*\/\s*4$/.test(overloads.trim())) {
      throw new Error(`parameter hints: ${signature} · active ${active} · ${overloads}`);
    }
    const line = await page.locator('.editor-instance .view-line', { hasText: 'date_trunc' }).first().innerText();
    if (!line.replace(/\u00a0/g, ' ').startsWith("select date_trunc('month', )")) {
      throw new Error(`the line reads ${line}`);
    }
    await screenshot(page, 'signature-help', { mouse: [0, 0] });
    lap(`date_trunc( shows ${overloads.trim()} overloads, ${active} active`);
  } catch (err) {
    await saveDebugScreenshot(page);
    throw err;
  } finally {
    await wb.close();
    await runSql(databaseUrl, [`drop database if exists ${name} with (force)`]).catch(() => {});
  }
}
