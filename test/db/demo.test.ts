/**
 * The demo that `npm start` loads: runs scripts/demo-db.mjs (as npm start does, as a separate
 * process) against the test server under a unique prefix, then checks what a newcomer will
 * look at: the shop objects, the headline error, the template, the second database and a
 * real parallel plan. Then runs it again to prove it is idempotent.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type pg from 'pg';
import { connect, quoteIdent, testUrl, urlFor } from '../support/db';

const run = promisify(execFile);
const script = path.resolve(__dirname, '../../scripts/demo-db.mjs');
const prefix = `demo_${process.pid}_`;
const names = { shop: `${prefix}shop`, template: `${prefix}template_demo`, analytics: `${prefix}analytics` };
// fewer rows than npm start's 100k keep the suite fast; the planner settings still give a parallel plan
const rows = '20000';

async function loadDemo(): Promise<string> {
  const { stdout } = await run(process.execPath, [script, '--url', testUrl(), '--prefix', prefix, '--rows', rows]);
  return stdout;
}

async function inDatabase<T>(database: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = await connect(urlFor(database));
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

before(async () => {
  const out = await loadDemo();
  assert.match(out, /demo-db: loaded /);
});

after(async () => {
  const admin = await connect();
  try {
    for (const db of [names.shop, names.analytics, names.template]) {
      await admin.query(`ALTER DATABASE ${quoteIdent(db)} WITH IS_TEMPLATE false`).catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(db)} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
});

test('the shop has its tables, view, materialized view and a few thousand rows', async () => {
  await inDatabase(names.shop, async (c) => {
    const r = await c.query<{ relname: string; relkind: string }>(
      `SELECT relname, relkind::text FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'v', 'm') ORDER BY relname`,
    );
    assert.deepEqual(r.rows.map((x) => `${x.relname}:${x.relkind}`), [
      'customers:r', 'monthly_sales:m', 'order_totals:v', 'orderlines:r', 'orders:r', 'products:r', 'tbl_parallel_test:r',
    ]);
    const counts = await c.query<{ customers: number; orders: number; orderlines: number; products: number; parallel: number }>(
      `SELECT (SELECT count(*) FROM customers)::int AS customers, (SELECT count(*) FROM orders)::int AS orders,
              (SELECT count(*) FROM orderlines)::int AS orderlines, (SELECT count(*) FROM products)::int AS products,
              (SELECT count(*) FROM tbl_parallel_test)::int AS parallel`,
    );
    assert.deepEqual(counts.rows[0], { customers: 500, orders: 3000, orderlines: 9000, products: 200, parallel: Number(rows) });
    const mv = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM monthly_sales');
    assert.ok(mv.rows[0]!.n > 0, 'the materialized view is populated');
  });
});

test("the headline example fails the way PostgreSQL says: order_id → orders.orderid", async () => {
  await inDatabase(names.shop, async (c) => {
    await assert.rejects(c.query('select * from orders where order_id = 5'), (err: { code?: string; hint?: string }) => {
      assert.equal(err.code, '42703');
      assert.equal(err.hint, 'Perhaps you meant to reference the column "orders.orderid".');
      return true;
    });
  });
});

test('template_demo is a template, and the second database was created from it', async () => {
  const admin = await connect();
  try {
    const r = await admin.query<{ datname: string; datistemplate: boolean }>(
      'SELECT datname, datistemplate FROM pg_database WHERE datname = ANY($1) ORDER BY datname',
      [[names.template, names.analytics]],
    );
    assert.deepEqual(r.rows, [
      { datname: names.analytics, datistemplate: false },
      { datname: names.template, datistemplate: true },
    ]);
  } finally {
    await admin.end();
  }
  await inDatabase(names.analytics, async (c) => {
    const r = await c.query<{ action: string }>('SELECT action FROM audit.log');
    assert.deepEqual(r.rows, [{ action: 'analytics database created from template_demo' }]);
    const views = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM page_views');
    assert.equal(views.rows[0]!.n, 2000);
  });
});

test('the demo query gets a parallel plan: a Gather with workers planned', async () => {
  await inDatabase(names.shop, async (c) => {
    const settings = await c.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('max_parallel_workers_per_gather', 'parallel_setup_cost', 'parallel_tuple_cost', 'min_parallel_table_scan_size') ORDER BY name`,
    );
    assert.deepEqual(settings.rows.map((s) => `${s.name}=${s.setting}`), [
      'max_parallel_workers_per_gather=4', 'min_parallel_table_scan_size=0', 'parallel_setup_cost=0', 'parallel_tuple_cost=0',
    ]);
    const r = await c.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      "EXPLAIN (FORMAT JSON) SELECT count(*) FROM tbl_parallel_test WHERE c2 LIKE 'row 1%'",
    );
    const gather = find(r.rows[0]!['QUERY PLAN'][0].Plan, (n) => n['Node Type'] === 'Gather');
    assert.ok(gather, 'no Gather node in the plan');
    assert.ok((gather['Workers Planned'] ?? 0) > 0, `workers planned: ${gather['Workers Planned']}`);
    assert.ok(find(gather, (n) => n['Node Type'] === 'Seq Scan' && n['Parallel Aware'] === true), 'no Parallel Seq Scan under the Gather');
  });
});

test('running the script again keeps the demo as it is', async () => {
  const before = await inDatabase(names.shop, async (c) => (await c.query<{ oid: number }>("SELECT 'orders'::regclass::oid AS oid")).rows[0]!.oid);
  const out = await loadDemo();
  assert.match(out, /already up to date/);
  const afterOid = await inDatabase(names.shop, async (c) => (await c.query<{ oid: number }>("SELECT 'orders'::regclass::oid AS oid")).rows[0]!.oid);
  assert.equal(afterOid, before);
});

/**
 * The demo files say what PostgreSQL answers (`--   Hint: …` under a statement). Runs each
 * statement of the file in one transaction that is rolled back, and checks that the statements
 * with a hint comment fail with exactly that hint and the others succeed.
 */
for (const file of ['1-fix-a-column.sql', '3-explain-parallel.sql', '4-migration.sql']) {
  test(`demo/${file} does what its comments say, against the demo database`, async () => {
    const text = fs.readFileSync(path.resolve(__dirname, '../../demo', file), 'utf8');
    // statements end with ; at the end of a line; the comment lines after one describe it
    const parts = text.split(/;[ \t]*\n/);
    const statements = parts.slice(0, -1).map((sql, i) => {
      const code = sql.split('\n').filter((l) => !/^\s*--/.test(l)).join('\n').trim();
      const after = parts[i + 1]!.split('\n');
      const described = after.slice(0, Math.max(0, after.findIndex((l) => !/^--\s{3}/.test(l))));
      const hint = described.map((l) => /^--\s+Hint: (.*)$/.exec(l)?.[1]).find((h) => h !== undefined);
      return { sql: code, hint };
    }).filter((s) => s.sql !== '');
    assert.ok(statements.length >= 4, `${statements.length} statements in ${file}`);
    assert.equal(statements.filter((s) => s.hint).length, (text.match(/^--\s+Hint: /gm) ?? []).length, 'every hint comment belongs to a statement');
    await inDatabase(names.shop, async (c) => {
      await c.query('BEGIN');
      try {
        for (const s of statements) {
          await c.query('SAVEPOINT demo_statement');
          if (s.hint) {
            await assert.rejects(c.query(s.sql), (err: { hint?: string }) => {
              assert.equal(err.hint, s.hint, s.sql);
              return true;
            });
            await c.query('ROLLBACK TO SAVEPOINT demo_statement');
          } else {
            await c.query(s.sql);
            await c.query('RELEASE SAVEPOINT demo_statement');
          }
        }
      } finally {
        await c.query('ROLLBACK');
      }
    });
  });
}

interface PlanNode {
  'Node Type': string;
  'Parallel Aware'?: boolean;
  'Workers Planned'?: number;
  Plans?: PlanNode[];
}

function find(node: PlanNode, pred: (n: PlanNode) => boolean): PlanNode | undefined {
  if (pred(node)) {
    return node;
  }
  for (const child of node.Plans ?? []) {
    const hit = find(child, pred);
    if (hit) {
      return hit;
    }
  }
  return undefined;
}
