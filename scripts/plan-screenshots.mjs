// Renders captured plans with the standalone CLI (dist/plan.js) and photographs them in
// headless Chromium, as a user opening the exported HTML file would see them:
//   docs/screenshots/plan-tree.png     the tree of a parallel hash join (dark scheme)
//   docs/screenshots/plan-lanes.png    the lane view of a parallel aggregate (dark scheme)
//   docs/screenshots/plan-workers-not-launched.png   4 planned, 1 launched (light scheme)
//   docs/screenshots/plan-jit-not-launched.png  PG 15, JIT in workers, 2 of 4 launched (light)
//   docs/screenshots/plan-grid.png      the grid of a parallel hash join sorted by own time
//   docs/screenshots/plan-own-buffers.png       the own-buffers highlight on the spilling sort
//   docs/screenshots/plan-summary.png   per-table and per-node-type totals
// Needs `node esbuild.mjs` first and playwright-core (test/vscode/setup.sh installs it).
//   node scripts/plan-screenshots.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const playwrightPath = process.env.PLAYWRIGHT_CORE ?? path.join(os.homedir(), '.cache/vscode-e2e/tools/node_modules/playwright-core/index.mjs');
const { chromium } = await import(playwrightPath);
const out = path.resolve('docs/screenshots');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pgsight-plan-shots-'));

function render(fixture) {
  const html = path.join(tmp, `${path.basename(fixture)}.html`);
  execFileSync(process.execPath, ['dist/plan.js', path.join('test/fixtures/plans', fixture), '-o', html], { stdio: 'ignore' });
  return html;
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const shot = async (fixture, scheme, fn, height = 1000) => {
    const page = await browser.newPage({ viewport: { width: 1400, height }, colorScheme: scheme, deviceScaleFactor: 1 });
    await page.goto(`file://${render(fixture)}`);
    await page.locator('body[data-ready=true]').waitFor();
    await fn(page);
    await page.close();
  };
  await shot('parallel-hash-join.json', 'dark', (page) => page.screenshot({ path: path.join(out, 'plan-tree.png') }));
  await shot('parallel-aggregate.txt', 'dark', (page) => page.locator('.lanes').first().screenshot({ path: path.join(out, 'plan-lanes.png') }));
  await shot('workers-not-launched.txt', 'light', (page) => page.screenshot({ path: path.join(out, 'plan-workers-not-launched.png') }));
  await shot('pg15/jit-workers-not-launched.json', 'light', (page) => page.screenshot({ path: path.join(out, 'plan-jit-not-launched.png') }), 1100);
  await shot('parallel-hash-join.json', 'dark', async (page) => {
    await page.click('[role=tab][data-view=grid]');
    await page.click('button[data-sort=own]');
    // the photo is only worth taking if the page did what a user asked: largest own time first
    const own = await page.$$eval('table.grid tbody tr', (rows) => rows.map((r) => Number(r.cells[3].dataset.v)));
    if (own.some((v, i) => i > 0 && v > own[i - 1])) {
      throw new Error(`grid not sorted by own time: ${own.join(', ')}`);
    }
    await page.screenshot({ path: path.join(out, 'plan-grid.png') });
  }, 640);
  await shot('gather-merge-sort.json', 'light', async (page) => {
    await page.selectOption('#highlight', 'buffers');
    if ((await page.getAttribute('body', 'data-highlight')) !== 'buffers') {
      throw new Error('highlight mode not applied');
    }
    await page.screenshot({ path: path.join(out, 'plan-own-buffers.png') });
  }, 760);
  await shot('parallel-hash-join.json', 'light', async (page) => {
    await page.click('[role=tab][data-view=summary]');
    await page.screenshot({ path: path.join(out, 'plan-summary.png') });
  }, 640);
  console.log(`wrote plan-tree.png, plan-lanes.png, plan-workers-not-launched.png, plan-jit-not-launched.png, plan-grid.png, plan-own-buffers.png, plan-summary.png to ${out}`);
} finally {
  await browser.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
