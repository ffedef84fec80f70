// UI scenario: Run SQL in real VS Code, as a user meets it in demo/6-run-sql.sql. Ctrl+Enter on
// the values statement opens the results panel beside the editor: NULL is a muted NULL, the
// empty string an empty cell (not the same thing), numeric and bytea as PostgreSQL prints
// them. Ctrl+Enter on the million-row SELECT, Ctrl+End in the grid: the last row (1000000) is
// read from the server cursor and shown. Then the column error at the end of the file: the
// squiggle on `nte`, PostgreSQL's ERROR/HINT lines in the panel.
// Then Ctrl+C on a cell, a sort and a filter of the fetched rows (Export… is checked in the DB tier).
// Saves docs/screenshots/run-results.png, run-million.png, run-sort.png and run-error.png.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../codeServer.mjs';
import { createScratchDatabase, goTo, launchWithDatabase, openFile, runCommand, runSql, saveDebugScreenshot, screenshot, waitForWorkbench } from './workbench.mjs';

const demoFile = '6-run-sql.sql';

/** Line (1-based) of the first line of the file holding `text`. */
function lineOf(text, needle) {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) {
    throw new Error(`${needle} is not in ${demoFile}`);
  }
  return i + 1;
}

export default async function run({ close, databaseUrl, lap }) {
  const name = `uirun_${process.pid}`;
  await createScratchDatabase(databaseUrl, name, ['select 1']);
  await close();
  const text = fs.readFileSync(path.join(repoRoot, 'demo', demoFile), 'utf8');
  const wb = await launchWithDatabase({ serverUrl: databaseUrl, database: name, files: { [demoFile]: text }, viewport: { width: 1600, height: 1000 } });
  const { page } = wb;
  /** Puts the cursor on `needle`'s line and presses Ctrl+Enter, as a user runs a statement. */
  const runAt = async (needle) => {
    await page.locator('.editor-instance .view-lines').first().click();
    await goTo(page, lineOf(text, needle), 1);
    await page.keyboard.press('Control+Enter');
  };
  try {
    await waitForWorkbench(page, wb.url);
    await openFile(page, demoFile, 'NULL::text');
    await page.locator('.codelens-decoration a', { hasText: 'Run' }).first().waitFor({ timeout: 60_000 });
    await runCommand(page, 'Close Primary Side Bar');

    const started = Date.now();
    await runAt('NULL::text AS nothing');
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const firstRow = view.locator('#grid tr[aria-rowindex="2"]');
    await firstRow.locator('td[data-col="0"]').waitFor({ timeout: 60_000 });
    lap(`Ctrl+Enter: the grid is on screen ${Date.now() - started} ms after the key`);
    const cell = (col) => firstRow.locator(`td[data-col="${col}"]`);
    const expect = async (col, cls, text, label) => {
      const c = cell(col);
      const [got, klass, aria] = [await c.innerText(), (await c.getAttribute('class')) ?? '', await c.getAttribute('aria-label')];
      if (got !== text || !klass.split(' ').includes(cls) || aria !== label) {
        throw new Error(`column ${col}: got ${JSON.stringify({ got, klass, aria })}, expected ${JSON.stringify({ text, cls, label })}`);
      }
    };
    const price = (await cell(0).innerText()).trim();
    if (price !== '1.10') {
      throw new Error(`numeric printed as ${price}, not 1.10`);
    }
    await expect(1, 'null', '', 'nothing: NULL');
    // NULL is drawn by the stylesheet (so copying the cell gives no text), the empty string is not
    const drawn = await cell(1).evaluate((td) => td.ownerDocument.defaultView.getComputedStyle(td, '::before').content);
    const drawnEmpty = await cell(2).evaluate((td) => td.ownerDocument.defaultView.getComputedStyle(td, '::before').content);
    if (drawn !== '"NULL"' || drawnEmpty === '"NULL"') {
      throw new Error(`NULL drawn as ${drawn}, the empty string as ${drawnEmpty}`);
    }
    await expect(2, 'empty', '', 'empty: empty string');
    if ((await cell(4).innerText()) !== '\\x00ff') {
      throw new Error(`bytea printed as ${await cell(4).innerText()}`);
    }
    const tag = await view.locator('#messages .tag').innerText();
    if (tag !== 'SELECT 1') {
      throw new Error(`tag ${tag}`);
    }
    // one result: no tab strip; the toolbar's buttons and status on one line each
    if (await view.locator('#tabs').isVisible()) {
      throw new Error('a single result shows a tab strip');
    }
    for (const b of await view.locator('#bar button:visible').all()) {
      const box = await b.boundingBox();
      if (box.height > 30) {
        throw new Error(`the toolbar button "${await b.innerText()}" wraps (${box.height}px high)`);
      }
    }
    // the run's time leads the status line (a narrow panel cuts its end, the label)
    await view.locator('#status', { hasText: /^done \d+\.\d{3} s — / }).waitFor({ timeout: 10_000 });
    lap('values as PostgreSQL prints them: 1.10, NULL (muted) apart from the empty string, \\x00ff, tag SELECT 1');
    await screenshot(page, 'run-results', { mouse: [10, 990] });

    // a million rows: the grid is paged from the server's cursor; Ctrl+End goes to the last row
    const bigStarted = Date.now();
    await runAt('FROM generate_series(1, 1000000)');
    await view.locator('#messages .tag', { hasText: 'SELECT 1000000' }).waitFor({ timeout: 120_000 });
    lap(`SELECT 1000000 counted and shown in ${Date.now() - bigStarted} ms`);
    await view.locator('#grid td[data-row="0"][data-col="0"]', { hasText: /^1$/ }).waitFor({ timeout: 30_000 });
    await view.locator('#grid').click({ position: { x: 60, y: 60 } });
    const endStarted = Date.now();
    await page.keyboard.press('Control+End');
    const lastRow = view.locator('#grid tr[aria-rowindex="1000001"]');
    await lastRow.locator('td.rownum', { hasText: /^1000000$/ }).waitFor({ timeout: 30_000 });
    await lastRow.locator('td[data-col="0"]', { hasText: /^1000000$/ }).waitFor({ timeout: 30_000 });
    const amount = await lastRow.locator('td[data-col="2"]').innerText();
    if (amount !== '10000.00') {
      throw new Error(`the last row's amount is ${amount}, not 10000.00`);
    }
    // the last row is on screen, not under the panel's bottom edge
    const gridBox = await view.locator('#grid').boundingBox();
    const rowBox = await lastRow.boundingBox();
    if (!gridBox || !rowBox || rowBox.y + rowBox.height > gridBox.y + gridBox.height + 1 || rowBox.y < gridBox.y) {
      throw new Error(`the last row is not inside the grid: row ${JSON.stringify(rowBox)}, grid ${JSON.stringify(gridBox)}`);
    }
    // every row is exactly as high as the grid's scroll arithmetic assumes (22 px), or the rows
    // drift away from where the scrollbar puts them
    const top = async (n) => (await view.locator(`#grid tr[aria-rowindex="${n + 1}"]`).boundingBox()).y;
    const tops = [];
    for (let n = 999990; n <= 1000000; n++) {
      tops.push(await top(n));
    }
    // on whole pixels too: rows at half pixels are drawn in pairs, the text snapped up and down
    if (tops.some((y, k) => k > 0 && Math.abs(y - tops[k - 1] - 22) > 0.01) || tops.some((y) => Math.abs(y - Math.round(y)) > 0.01)) {
      throw new Error(`rows at ${tops.join(', ')}: not 22px apart on whole pixels, as the grid's arithmetic assumes`);
    }
    // the focused cell stands out from its (striped) row
    const bg = (col) => lastRow.locator(`td[data-col="${col}"]`).evaluate((td) => td.ownerDocument.defaultView.getComputedStyle(td).backgroundColor);
    if ((await bg(0)) === (await bg(1))) {
      throw new Error(`the focused cell has its row's background (${await bg(0)})`);
    }
    lap(`Ctrl+End: row 1000000 (id 1000000, amount 10000.00) read from the cursor and on screen in ${Date.now() - endStarted} ms`);
    await screenshot(page, 'run-million', { mouse: [10, 990] });

    // Ctrl+C copies the focused cell (the status bar says so; the clipboard is the host's)
    await lastRow.locator('td[data-col="0"]').click();
    await page.keyboard.press('Control+C');
    await page.locator('.statusbar', { hasText: 'pgsight: copied cell' }).waitFor({ timeout: 15_000 });
    lap('Ctrl+C copied the focused cell');

    // sort the fetched rows by amount, descending, then filter them: the note says which rows
    const amountHead = view.locator('#grid th[data-col="2"]');
    await amountHead.click();
    await amountHead.click();
    await view.locator('#grid th[data-col="2"][aria-sort="descending"]').waitFor({ timeout: 10_000 });
    const note = await view.locator('#order-note').innerText();
    if (!/of the \d+ fetched rows only \(the result has 1000000\)/.test(note)) {
      throw new Error(`the sort note says: ${note}`);
    }
    const topAmount = await view.locator('#grid td[data-row="0"][data-col="2"]').innerText();
    if (topAmount !== '10000.00') {
      throw new Error(`sorted descending, the first amount is ${topAmount}`);
    }
    await view.locator('#filter').fill('99');
    await view.locator('#order-note', { hasText: 'filtered by “99”' }).waitFor({ timeout: 10_000 });
    const shown = await view.locator('#grid tr[aria-rowindex]').evaluateAll((trs) => trs.map((tr) => tr.textContent));
    if (shown.length === 0 || shown.some((t) => !t.includes('99'))) {
      throw new Error(`filtered rows: ${JSON.stringify(shown.slice(0, 5))}`);
    }
    lap(`sorted by amount descending (${note.split(':')[0]}), filtered by 99`);
    await screenshot(page, 'run-sort', { mouse: [10, 990] });

    // the error: the temp table first (its own session keeps it), then the misspelt column
    await runAt('CREATE TEMP TABLE run_demo');
    await view.locator('#messages .tag', { hasText: 'CREATE TABLE' }).waitFor({ timeout: 30_000 });
    await runAt('SELECT nte FROM run_demo');
    await view.locator('#messages .ERROR', { hasText: '42703: column "nte" does not exist' }).waitFor({ timeout: 30_000 });
    await view.locator('#messages .ERROR', { hasText: 'HINT:  Perhaps you meant to reference the column "run_demo.note".' }).waitFor({ timeout: 10_000 });
    await page.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
    // dismiss the error notification's toast so the editor and the panel are what the picture shows
    await runCommand(page, 'Notifications: Clear All Notifications');
    // the hover on the squiggle, as a user reads the error where it happened
    await goTo(page, lineOf(text, 'SELECT nte FROM run_demo'), 9);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await page.locator('.monaco-hover', { hasText: 'column "nte" does not exist' }).first().waitFor({ timeout: 20_000 });
    lap('the error: squiggle on nte, hover and panel with ERROR 42703 and its HINT');
    // no mouse move here: it would close the hover
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(repoRoot, 'docs/screenshots/run-error.png') });
  } catch (err) {
    await saveDebugScreenshot(page);
    throw err;
  } finally {
    await wb.close();
    await runSql(databaseUrl, [`drop database if exists ${name} with (force)`]);
  }
}
