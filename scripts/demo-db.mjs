// Creates the demo databases on a PostgreSQL server, idempotently:
//   <prefix>shop           the shop (customers, orders, orderlines, products, a view, a
//                          materialized view) and tbl_parallel_test, with planner settings
//                          that make parallel plans appear
//   <prefix>template_demo  a custom template (datistemplate = true) with an audit schema
//   <prefix>analytics      a second database, created FROM the template
// A fingerprint of the SQL in scripts/demo/ is kept as the shop database's comment: when it
// matches, nothing is done (a warm `npm start` pays one query); when it does not, the demo
// databases are dropped and created again.
//   node scripts/demo-db.mjs [--url postgres://…] [--prefix p_] [--rows 100000] [--force]
// Without --url: PGSIGHT_DEMO_URL, else the libpq environment (PGHOST, PGPORT, …).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const sqlDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'demo');
const markerPrefix = 'pgsight demo';

/** Rows in tbl_parallel_test: ~1 kB each, enough that a parallel scan pays off. */
export const defaultParallelRows = 100_000;

/** Planner settings (ALTER DATABASE … SET) that make the demo's parallel plans appear. */
export const parallelSettings = {
  max_parallel_workers_per_gather: '4',
  parallel_setup_cost: '0',
  parallel_tuple_cost: '0',
  min_parallel_table_scan_size: '0',
};

/** The query whose plan shows a Gather with parallel workers. */
export const parallelQuery = "SELECT count(*) FROM tbl_parallel_test WHERE c2 LIKE 'row 1%'";

export function demoDatabaseNames(prefix = '') {
  return { shop: `${prefix}shop`, template: `${prefix}template_demo`, analytics: `${prefix}analytics` };
}

function quoteIdent(name) {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteLiteral(text) {
  return `'${text.replace(/'/g, "''")}'`;
}

function urlFor(url, database) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** database undefined: the maintenance connection (the URL's database, else `postgres`, never the demo's). */
async function withClient(connectionString, database, run) {
  const client = new pg.Client(connectionString
    ? { connectionString: database ? urlFor(connectionString, database) : connectionString }
    : { database: database ?? 'postgres' }); // the rest from the libpq environment (PGHOST, PGPORT, …)
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

function readSql(name) {
  return fs.readFileSync(path.join(sqlDir, name), 'utf8');
}

/**
 * Loads the demo unless it is already there with the same content. Returns
 * { loaded, databases, ms }: loaded is false when the existing demo was kept.
 */
export async function loadDemo({ url, prefix = '', parallelRows = defaultParallelRows, force = false, log = () => {} } = {}) {
  const t0 = Date.now();
  const names = demoDatabaseNames(prefix);
  const files = ['template_demo.sql', 'analytics.sql', 'shop.sql'];
  const fingerprint = crypto.createHash('sha256')
    .update(JSON.stringify({ files: files.map(readSql), parallelRows, parallelSettings }))
    .digest('hex').slice(0, 16);
  const marker = `${markerPrefix} ${fingerprint}`;

  const current = await withClient(url, undefined, async (admin) => {
    const r = await admin.query(
      `SELECT datname, shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = ANY($1)`,
      [Object.values(names)],
    );
    return new Map(r.rows.map((row) => [row.datname, row.comment]));
  });
  if (!force && current.size === 3 && current.get(names.shop) === marker) {
    return { loaded: false, databases: names, ms: Date.now() - t0 };
  }

  await withClient(url, undefined, async (admin) => {
    for (const db of [names.shop, names.analytics, names.template]) {
      if (current.has(db)) {
        log(`dropping ${db}`);
        // a template cannot be dropped until it is unmarked
        await admin.query(`ALTER DATABASE ${quoteIdent(db)} WITH IS_TEMPLATE false`);
        await admin.query(`DROP DATABASE ${quoteIdent(db)} WITH (FORCE)`);
      }
    }
    log(`creating ${names.template}`);
    await admin.query(`CREATE DATABASE ${quoteIdent(names.template)} TEMPLATE template0`);
  });
  await withClient(url, names.template, (c) => c.query(readSql('template_demo.sql')));

  await withClient(url, undefined, async (admin) => {
    await admin.query(`ALTER DATABASE ${quoteIdent(names.template)} WITH IS_TEMPLATE true`);
    await admin.query(`COMMENT ON DATABASE ${quoteIdent(names.template)} IS ${quoteLiteral('pgsight demo: a custom template (CREATE DATABASE … TEMPLATE template_demo)')}`);
    log(`creating ${names.analytics} from ${names.template}`);
    await admin.query(`CREATE DATABASE ${quoteIdent(names.analytics)} TEMPLATE ${quoteIdent(names.template)}`);
    await admin.query(`COMMENT ON DATABASE ${quoteIdent(names.analytics)} IS ${quoteLiteral(`pgsight demo: created from ${names.template}`)}`);
    log(`creating ${names.shop}`);
    await admin.query(`CREATE DATABASE ${quoteIdent(names.shop)} TEMPLATE template0`);
    for (const [key, value] of Object.entries(parallelSettings)) {
      await admin.query(`ALTER DATABASE ${quoteIdent(names.shop)} SET ${key} = ${value}`);
    }
  });
  await withClient(url, names.analytics, (c) => c.query(readSql('analytics.sql')));

  log(`loading ${names.shop} (${parallelRows} rows in tbl_parallel_test)`);
  const rows = Math.max(1, Math.floor(Number(parallelRows)));
  await withClient(url, names.shop, (c) => c.query(readSql('shop.sql').replace(/:parallel_rows\b/g, String(rows))));

  // written last: an interrupted load has no marker and is redone on the next start
  await withClient(url, undefined, (admin) => admin.query(`COMMENT ON DATABASE ${quoteIdent(names.shop)} IS ${quoteLiteral(marker)}`));
  return { loaded: true, databases: names, ms: Date.now() - t0 };
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--force') {
      opts.force = true;
    } else if (a === '--url' || a === '--prefix' || a === '--rows') {
      opts[a.slice(2)] = argv[++i];
    } else {
      throw new Error(`unknown argument ${a}\nusage: node scripts/demo-db.mjs [--url postgres://…] [--prefix p_] [--rows N] [--force]`);
    }
  }
  return opts;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseArgs(process.argv.slice(2));
  const result = await loadDemo({
    url: opts.url ?? process.env.PGSIGHT_DEMO_URL,
    prefix: opts.prefix ?? '',
    parallelRows: opts.rows ? Number(opts.rows) : defaultParallelRows,
    force: opts.force === true,
    log: (m) => console.log(`demo-db: ${m}`),
  });
  const { shop, template, analytics } = result.databases;
  console.log(`demo-db: ${result.loaded ? 'loaded' : 'already up to date:'} ${shop}, ${template}, ${analytics} in ${result.ms} ms`);
}
