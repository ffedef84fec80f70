// UI scenario for `npm start`'s demo: loads the demo databases (scripts/demo-db.mjs) into the
// test server, opens the demo/ workspace in real VS Code connected the way `npm start`
// connects it (the libpq environment of the VS Code process), and checks the headline:
// order_id is underlined, the hover carries PostgreSQL's hint word for word, and Ctrl+.
// offers the fix. Saves the README screenshot (demo.png) and the walkthrough's images
// (walkthrough-*.png); the steps that show other surfaces (tree, plan) are screenshots only.
import fs from 'node:fs';
import path from 'node:path';
import { launchWorkbench, repoRoot } from '../codeServer.mjs';
import { loadDemo } from '../../../scripts/demo-db.mjs';
import { goTo, libpqEnvironment, openFile, runCommand, screenshot, waitForWorkbench, widenSideBar } from './workbench.mjs';

export const workspace = 'demo';

/** Expands a tree row unless it already is. */
async function expand(row) {
  if ((await row.getAttribute('aria-expanded')) !== 'true') {
    await row.click();
  }
}

/** A best-effort step: the surfaces it shows belong to other areas and may not exist yet. */
async function optional(page, lap, what, fn) {
  try {
    await fn();
    lap(`demo: ${what}`);
  } catch (err) {
    lap(`demo: skipped ${what} (${err.message.split('\n')[0]})`);
    await page.screenshot({ path: path.join(repoRoot, 'out', `demo-skipped-${what.split(':')[0].replace(/\W+/g, '-')}.png`) }).catch(() => {});
  }
}

export default async function demo({ close, workspace: copy, databaseUrl, lap }) {
  // A shared server (PGSIGHT_TEST_URL) gets prefixed names; the runner's own throwaway server
  // gets the real ones, as npm start creates them.
  const prefix = process.env.PGSIGHT_TEST_URL ? `uidemo_${process.pid}_` : '';
  const demoDb = await loadDemo({ url: databaseUrl, prefix, parallelRows: 20_000 });
  lap(`demo databases ${demoDb.loaded ? 'loaded' : 'present'}`);
  const env = libpqEnvironment(databaseUrl, demoDb.databases.shop);
  // the runner's workbench has no database environment: replace it with one like npm start's
  await close();
  // the runner's copy has a random name; the screenshots should read "demo", as npm start shows it
  const parent = fs.mkdtempSync(path.join(repoRoot, 'out/vscode-demo-'));
  const folder = path.join(parent, 'demo');
  fs.cpSync(copy, folder, { recursive: true });
  const wb = await launchWorkbench({ folder, env, settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
  const { page } = wb;
  try {
    await waitForWorkbench(page, wb.url);
    await openFile(page, '1-fix-a-column.sql', 'order_id');
    await page.locator('.statusbar-item', { hasText: 'PostgreSQL' }).first().waitFor({ timeout: 60_000 });
    await page.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
    lap('demo: 1-fix-a-column.sql is checked against the demo database');
    await screenshot(page, 'walkthrough-demo');

    // line 8: `select * from orders where order_id = 5;`, order_id starts at column 28
    await goTo(page, 8, 30);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover', { hasText: 'Perhaps you meant to reference the column "orders.orderid".' }).first();
    await hover.waitFor({ timeout: 20_000 });
    const hoverText = await hover.innerText();
    if (!hoverText.includes('column "order_id" does not exist')) {
      throw new Error(`the hover does not carry PostgreSQL's message: ${hoverText}`);
    }
    await screenshot(page, 'demo');
    lap('demo: hover shows the message and hint');

    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Change to "orderid"' }).first();
    await fix.waitFor({ timeout: 20_000 });
    await screenshot(page, 'walkthrough-fix-column');
    await page.keyboard.press('Enter');
    await page.locator('.view-line', { hasText: 'where orderid = 5' }).first().waitFor({ timeout: 10_000 });
    lap('demo: the quick fix rewrote order_id to orderid');

    // The grammar in the real editor: the psql script, its meta-commands, COPY data and body
    await openFile(page, '5-psql-script.psql', 'ON_ERROR_STOP');
    const tokenClass = async (text) => {
      const span = page.locator('.view-line span span', { hasText: text }).first();
      await span.waitFor({ timeout: 10_000 });
      return span.getAttribute('class');
    };
    const classes = {
      meta: await tokenClass('\\set'),
      keyword: await tokenClass('SELECT'),
      copyData: await tokenClass('arrived damaged'),
      string: await tokenClass("dollar 'quoted'"),
    };
    if (classes.meta === classes.keyword || classes.copyData === classes.keyword || classes.copyData !== classes.string) {
      throw new Error(`the pgsql grammar is not coloring the psql script: ${JSON.stringify(classes)}`);
    }
    await screenshot(page, 'grammar-psql');
    lap('demo: the psql script is highlighted by the pgsql grammar');

    // The remaining walkthrough images show other areas' surfaces: each step first saves the
    // plain view (so every image exists), then the surface itself when it is there.
    await openFile(page, '2-press-f1.sql', 'LATERAL');
    await goTo(page, 14, 13); // CROSS JOIN LATERAL
    await screenshot(page, 'walkthrough-f1');
    await optional(page, lap, 'F1 step: hover with the docs link', async () => {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      await page.locator('.monaco-hover', { hasText: 'LATERAL' }).first().waitFor({ timeout: 10_000 });
      await screenshot(page, 'walkthrough-f1');
      await page.keyboard.press('Escape');
    });

    await screenshot(page, 'walkthrough-templates');
    await optional(page, lap, 'templates step: the PostgreSQL view with template_demo', async () => {
      await page.locator('.activitybar .action-item a[aria-label^="PostgreSQL"]').first().click({ timeout: 10_000 });
      try {
        // npm start's cluster is the libpq environment's; expand it unless it already is
        const cluster = page.locator('.monaco-list-row', { hasText: 'libpq environment' }).first();
        await cluster.waitFor({ timeout: 20_000 });
        await expand(cluster);
        // the cluster groups its databases into Databases and Templates
        for (const group of ['Databases', 'Templates']) {
          const row = page.locator('.monaco-list-row', { hasText: group }).first();
          await row.waitFor({ timeout: 20_000 });
          await expand(row);
        }
        await page.locator('.monaco-list-row', { hasText: 'template_demo' }).first().waitFor({ timeout: 20_000 });
        await widenSideBar(page);
        await screenshot(page, 'walkthrough-templates');
      } catch (err) {
        await page.screenshot({ path: path.join(repoRoot, 'out', 'demo-skipped-templates-view.png') }).catch(() => {});
        throw err;
      } finally {
        await runCommand(page, 'View: Show Explorer');
      }
    });

    await openFile(page, '3-explain-parallel.sql', 'tbl_parallel_test');
    await goTo(page, 11, 1);
    await screenshot(page, 'walkthrough-explain');
    await optional(page, lap, 'explain step: the plan of the parallel query', async () => {
      await runCommand(page, 'Explain Analyze');
      await page.locator('iframe.webview').first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(1_500); // the plan renders inside the iframe, out of Playwright's locator reach
      await screenshot(page, 'walkthrough-explain');
    });
  } finally {
    await wb.close();
    fs.rmSync(parent, { recursive: true, force: true });
  }
}
