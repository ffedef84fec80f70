// UI scenario: completion and hover from the catalog in real VS Code. Creates the shop schema
// (test/fixtures/catalog/shop.sql) in a fresh database, opens a .sql file with the VS Code
// process's libpq environment pointing at it, completes `o.` with the columns of orders and
// hovers a table. Saves docs/screenshots/completion-columns.png and hover-table.png.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../codeServer.mjs';
import { createScratchDatabase, goTo, launchWithDatabase, openFile, runSql, saveDebugScreenshot, screenshot, waitForWorkbench } from './workbench.mjs';

const query = `-- orders with their customers
select o.
from orders o
join customers c on c.customer_id = o.customer_id
where o.status = 'paid';
`;

export default async function completion({ close, databaseUrl, lap }) {
  const name = `uicompletion_${process.pid}`;
  await createScratchDatabase(databaseUrl, name, [fs.readFileSync(path.join(repoRoot, 'test/fixtures/catalog/shop.sql'), 'utf8')]);
  lap('shop database ready');
  await close();
  const wb = await launchWithDatabase({ serverUrl: databaseUrl, database: name, files: { 'orders.sql': query }, viewport: { width: 1400, height: 800 } });
  const { page } = wb;
  try {
    await waitForWorkbench(page, wb.url);
    await openFile(page, 'orders.sql', 'customers');
    // the status item shows the server version once the catalog is loaded
    await page.locator('.statusbar-item', { hasText: /PostgreSQL \d+/ }).first().waitFor({ timeout: 60_000 });
    lap('catalog loaded');

    await goTo(page, 2, 10);
    await page.keyboard.press('Control+Space');
    const widget = page.locator('.suggest-widget.visible');
    await widget.locator('.monaco-list-row', { hasText: 'orderid' }).first().waitFor({ timeout: 30_000 });
    const rows = await widget.locator('.monaco-list-row .label-name').allInnerTexts();
    // only orders' columns; those the statement already uses (o.customer_id, o.status) first
    const used = ['customer_id', 'status'];
    const rest = ['orderid', 'order_date', 'shipping_address_id', 'total', 'notes'];
    if (used.some((c, i) => rows[i] !== c) || [...rows.slice(2)].sort().join() !== [...rest].sort().join()) {
      throw new Error(`o. completes ${rows.join(', ')}`);
    }
    await screenshot(page, 'completion-columns', { mouse: [0, 0] });
    lap(`o. completes ${rows.slice(0, 4).join(', ')} …`);
    await page.keyboard.press('Escape');

    // hover the table name `customers` on line 4 (Ctrl+K Ctrl+I shows the hover at the cursor)
    await goTo(page, 4, 8);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover', { hasText: 'table public.customers' }).first();
    await hover.waitFor({ timeout: 20_000 });
    const text = await hover.innerText();
    if (!text.includes('People who buy things') || !text.includes('7 columns')) {
      throw new Error(`hover of customers: ${text}`);
    }
    await screenshot(page, 'hover-table', { mouse: [0, 0] });
    lap('hover shows the table, its comment and columns');
  } catch (err) {
    await saveDebugScreenshot(page);
    throw err;
  } finally {
    await wb.close();
    await runSql(databaseUrl, [`drop database if exists ${name} with (force)`]).catch(() => {});
  }
}
