// The PostgreSQL view in real VS Code: add a connection through the quick-input steps (the
// password goes to SecretStorage), expand the cluster to Databases and Templates (template0,
// template1 and a custom template, shown as pg_database has them), open a database down to
// columns, and bind a New Query editor (status bar). Screenshots: docs/screenshots/tree-*.png.
import pg from 'pg';
import { waitForWorkbench, runCommand, screenshot, widenSideBar } from './workbench.mjs';

// names of our own, so a run against a shared server never touches someone else's database
const customTemplate = 'pgsight_app_template';
const shop = 'pgsight_shop';

async function admin(databaseUrl, database) {
  const u = new URL(databaseUrl);
  if (database) {
    u.pathname = `/${database}`;
  }
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  return c;
}

async function prepare(databaseUrl) {
  const c = await admin(databaseUrl);
  try {
    for (const db of [customTemplate, shop]) {
      await c.query(`ALTER DATABASE ${db} IS_TEMPLATE false`).catch(() => {});
      await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    }
    await c.query(`CREATE DATABASE ${customTemplate} TEMPLATE template0 IS_TEMPLATE true`);
    await c.query(`CREATE DATABASE ${shop} TEMPLATE template0`);
  } finally {
    await c.end();
  }
  const s = await admin(databaseUrl, shop);
  try {
    await s.query(`create table customers (id int generated always as identity primary key, name text not null, email text);
      create table orders (id bigserial primary key, customer_id int not null references customers(id), total numeric(10,2) default 0, placed_at timestamptz default now());
      create view big_orders as select * from orders where total > 100;
      create sequence invoice_numbers;
      create function order_count(c int) returns bigint language sql as 'select count(*) from orders where customer_id = c';`);
  } finally {
    await s.end();
  }
}

async function cleanup(databaseUrl) {
  const c = await admin(databaseUrl);
  try {
    await c.query(`ALTER DATABASE ${customTemplate} IS_TEMPLATE false`).catch(() => {});
    for (const db of [customTemplate, shop]) {
      await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    }
  } finally {
    await c.end();
  }
}

async function quickInput(page, titlePart, text) {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: titlePart }).first().waitFor({ timeout: 15_000 });
  const input = page.locator('.quick-input-widget input').first();
  await input.fill(text);
  await page.keyboard.press('Enter');
}

function row(page, label) {
  return page.locator('.pane-body .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first();
}

async function expand(page, label) {
  const r = row(page, label);
  await r.waitFor({ timeout: 30_000 });
  if ((await r.getAttribute('aria-expanded')) !== 'true') {
    await r.click();
  }
}

export default async function tree({ page, url, databaseUrl, lap }) {
  await prepare(databaseUrl);
  try {
    await waitForWorkbench(page, url);
    const u = new URL(databaseUrl);
    // opening the view activates the extension (onView)
    await page.locator('.activitybar .action-item a[aria-label^="PostgreSQL"]').first().click();
    await page.locator('.pane-body .monaco-list-row').first().waitFor({ timeout: 60_000 });
    await runCommand(page, 'PostgreSQL: Add Connection');
    await quickInput(page, '(1/7)', 'local PostgreSQL');
    await quickInput(page, '(2/7)', `postgresql://${u.username}@${u.hostname}:${u.port}/postgres?sslmode=disable`);
    await quickInput(page, '(7/7)', decodeURIComponent(u.password));
    lap('connection added through the quick-input steps');

    await expand(page, 'local PostgreSQL');
    await expand(page, 'Templates');
    await row(page, 'template0').waitFor({ timeout: 30_000 });
    await row(page, customTemplate).waitFor({ timeout: 30_000 });
    await expand(page, 'Databases');
    await expand(page, shop);
    await expand(page, 'public');
    await expand(page, 'orders');
    await row(page, 'customer_id').waitFor({ timeout: 30_000 });
    lap('cluster > Databases / Templates > shop > public > orders > columns');
    // the description of the cluster row carries its version once probed
    await page.locator('.pane-body .monaco-list-row', { hasText: 'online' }).first().waitFor({ timeout: 30_000 });
    await widenSideBar(page);
    await screenshot(page, 'tree-templates');
    const box = await row(page, 'template0').boundingBox();
    const at = [box.x + 60, box.y + box.height / 2];
    await page.mouse.move(at[0], at[1]);
    await page.locator('.monaco-hover', { hasText: 'does not accept connections' }).first().waitFor({ timeout: 10_000 });
    await screenshot(page, 'tree-template0-tooltip', { mouse: at });

    await row(page, shop).hover();
    await row(page, shop).locator('.action-label[aria-label="New Query"]').click();
    await page.locator('.statusbar-item', { hasText: `${shop} · local PostgreSQL` }).first().waitFor({ timeout: 30_000 });
    lap('New Query bound the editor (status bar)');
    await screenshot(page, 'tree-new-query');
  } finally {
    await cleanup(databaseUrl);
  }
}
