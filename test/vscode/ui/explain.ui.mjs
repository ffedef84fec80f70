// UI scenario: Explain Analyze on a parallel query in real VS Code. Creates the schema of
// Amit Kapila's parallel sequential scan post in a fresh database, opens a .sql file with the
// VS Code process's libpq environment pointing at it, runs Explain Analyze from the
// statement's CodeLens and checks that the plan view shows the Gather with its lanes, one per process.
// Reloads the window (the serializer restores the panel), then moves with the keyboard.
// Saves docs/screenshots/plan-vscode-tree.png and plan-vscode-lanes.png.
import path from 'node:path';
import { repoRoot } from '../codeServer.mjs';
import { createScratchDatabase, launchWithDatabase, openFile, runCommand, runSql, saveDebugScreenshot, screenshot, waitForWorkbench } from './workbench.mjs';

const query = `-- Amit Kapila's parallel sequential scan, on 100,000 rows
select count(*), max(c1)
from tbl_parallel_test
where c1 % 7 = 0;
`;

export default async function explain({ close, databaseUrl, lap }) {
  const name = `uiexplain_${process.pid}`;
  await createScratchDatabase(databaseUrl, name, [
    'create table tbl_parallel_test(c1 int, c2 char(1000))',
    "insert into tbl_parallel_test values (generate_series(1, 100000), 'aaaaa')",
    'analyze tbl_parallel_test',
    `alter database ${name} set max_parallel_workers_per_gather = 4`,
    `alter database ${name} set parallel_setup_cost = 0`,
    `alter database ${name} set parallel_tuple_cost = 0`,
    `alter database ${name} set min_parallel_table_scan_size = 0`,
  ]);
  lap('parallel test database ready');
  await close();
  const wb = await launchWithDatabase({ serverUrl: databaseUrl, database: name, files: { 'parallel.sql': query }, viewport: { width: 1600, height: 1000 } });
  const { page } = wb;
  try {
    await waitForWorkbench(page, wb.url);
    await openFile(page, 'parallel.sql', 'tbl_parallel_test');
    // the CodeLens above the statement appears once pgsight is active; it runs the command
    const lens = page.locator('.codelens-decoration a', { hasText: 'Explain Analyze' }).first();
    await lens.waitFor({ timeout: 60_000 });
    // room for the plan, asked while the editor has the focus (a focused webview keeps the keys)
    await runCommand(page, 'Close Primary Side Bar');
    await lens.click();
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('body[data-ready=true]').waitFor({ timeout: 60_000 });
    const lanes = view.locator('.lanes').first();
    await lanes.waitFor({ timeout: 30_000 });
    const laneCount = await view.locator('.lanes .lane').count();
    const title = await view.locator('.lanes h3').first().innerText();
    lap(`plan view open: ${laneCount} lanes — ${title}`);
    if (laneCount < 2) {
      throw new Error(`expected a lane per process, got ${laneCount}`);
    }
    // select a node, then Developer: Reload Window (from the SQL editor: a focused webview
    // keeps the keys): the serializer brings the panel back with that node selected
    await view.locator('.card .op', { hasText: 'Parallel Seq Scan' }).first().click();
    await view.locator('li[aria-selected=true] .op', { hasText: 'Parallel Seq Scan' }).waitFor({ timeout: 10_000 });
    const selectedBefore = await view.locator('li[aria-selected=true] .op').first().innerText();
    await page.locator('.editor-instance .view-lines', { hasText: 'count(*)' }).first().click();
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForEvent('framenavigated', { timeout: 30_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    const revived = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await revived.locator('body[data-ready=true]').waitFor({ timeout: 60_000 });
    await revived.locator('li[aria-selected=true] .op', { hasText: selectedBefore }).waitFor({ timeout: 10_000 });
    lap(`the plan panel survives a window reload (${selectedBefore} still selected)`);
    // give the plan the whole window, as a user reading it would: close the SQL editor, its
    // empty group closes with it
    await page.locator('.editor-instance .view-lines', { hasText: 'count(*)' }).first().click();
    await runCommand(page, 'View: Close All Editors in Group');
    await page.locator('.tabs-container .tab', { hasText: 'parallel.sql' }).waitFor({ state: 'detached', timeout: 10_000 });
    const plan = revived.locator('.lanes').first();
    await plan.waitFor({ timeout: 10_000 });
    await screenshot(page, 'plan-vscode-tree');
    await revived.locator('li[role=treeitem] .card', { hasText: 'Gather' }).first().click();
    await plan.scrollIntoViewIfNeeded();
    await page.mouse.move(1590, 990);
    await plan.screenshot({ path: path.join(repoRoot, 'docs/screenshots/plan-vscode-lanes.png') });
    // keyboard: Down moves the selection and the detail panel follows
    await page.keyboard.press('ArrowDown');
    await revived.locator('aside.detail h2', { hasText: 'Partial Aggregate' }).waitFor({ timeout: 10_000 });
    lap('keyboard navigation moves the selection');
  } catch (err) {
    await saveDebugScreenshot(page);
    throw err;
  } finally {
    await wb.close();
    await runSql(databaseUrl, [`drop database if exists ${name} with (force)`]);
  }
}
