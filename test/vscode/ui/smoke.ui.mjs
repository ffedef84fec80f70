// UI smoke: a .sql file opens in real VS Code, pgsight activates and shows its status item.
import { waitForWorkbench, openFile, screenshot } from './workbench.mjs';

export default async function smoke({ page, url, lap }) {
  await waitForWorkbench(page, url);
  await openFile(page, 'query.sql', 'order_id');
  lap('query.sql open');
  // the status bar item the extension creates once the language server answers
  await page.locator('.statusbar-item', { hasText: 'PostgreSQL' }).first().waitFor({ timeout: 60_000 });
  await screenshot(page, 'smoke');
}
