// UI scenario: mixed mode. The database has had the first two Flyway migrations of
// test/fixtures/layouts/flyway applied; the workspace holds all of them. pgsight uses the
// server's catalog, detects the Flyway layout, and shows `shop_orders` (created by a migration
// not run yet) as a warning naming the file and line, while a misspelled column stays an
// error. Saves docs/screenshots/pending-migration.png.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../codeServer.mjs';
import { createScratchDatabase, goTo, launchWithDatabase, openFile, runSql, saveDebugScreenshot, screenshot, waitForWorkbench } from './workbench.mjs';

const flyway = path.join(repoRoot, 'test/fixtures/layouts/flyway');
const migrations = ['V1__customers.sql', 'V1.1__phone.sql', 'V2__orders.sql', 'V10__renames.sql', 'R__order_totals.sql'];
const report = `-- This database has had V1 and V1.1 applied; V2 and V10 have not run yet.
select c.full_name, c.phone, o.total
from customers c
join shop_orders o using (customerid)
where c.full_nmae like 'A%';
`;

export default async function pendingMigration({ close, databaseUrl, lap }) {
  const name = `uipending_${process.pid}`;
  const read = (f) => fs.readFileSync(path.join(flyway, 'db/migration', f), 'utf8');
  await createScratchDatabase(databaseUrl, name, [read('V1__customers.sql'), read('V1.1__phone.sql')]);
  lap('database with V1 and V1.1 applied');
  await close();
  const files = Object.fromEntries([...migrations.map((f) => [`db/migration/${f}`, read(f)]), ['report.sql', report]]);
  const wb = await launchWithDatabase({ serverUrl: databaseUrl, database: name, files, viewport: { width: 1400, height: 800 } });
  const { page } = wb;
  try {
    await waitForWorkbench(page, wb.url);
    await openFile(page, 'report.sql', 'shop_orders');
    await page.locator('.statusbar-item', { hasText: /PostgreSQL \d+/ }).first().waitFor({ timeout: 60_000 });
    lap('catalog loaded');
    // the warning squiggle under shop_orders and the error squiggle under full_nmae
    await page.locator('.editor-instance .squiggly-warning').first().waitFor({ timeout: 60_000 });
    await page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: 30_000 });
    lap('warning and error shown');
    // the Problems panel lists both
    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel');
    await problems.locator('.monaco-list-row', { hasText: 'not on the server yet' }).first().waitFor({ timeout: 20_000 });
    const rows = await problems.locator('.monaco-list-row').allInnerTexts();
    const text = rows.join('\n');
    if (!text.includes('relation "shop_orders" is not on the server yet — pending migration? (created in db/migration/V10__renames.sql:1)') || !text.includes('column c.full_nmae does not exist')) {
      throw new Error(`Problems panel: ${text}`);
    }
    // hover the warning
    await goTo(page, 4, 8);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await page.locator('.monaco-hover', { hasText: 'pending migration?' }).first().waitFor({ timeout: 20_000 });
    await screenshot(page, 'pending-migration', { mouse: [0, 0] });
    lap('pending-migration warning in the hover and the Problems panel');
  } catch (err) {
    await saveDebugScreenshot(page);
    throw err;
  } finally {
    await wb.close();
    await runSql(databaseUrl, [`drop database if exists ${name} with (force)`]).catch(() => {});
  }
}
