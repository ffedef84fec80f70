/**
 * The PostgreSQL view's expansions on a real server: a cluster with 1,000 databases and a
 * schema with 10,000 tables. Measured: the data layer's query over an open session plus
 * building every node (what the TreeDataProvider hands to VS Code); VS Code's own rendering
 * is not included.
 *
 * This bench always starts a throwaway PostgreSQL of its own (fsync off), even when
 * PGSIGHT_TEST_URL names a server: 1,000 CREATE DATABASE on a shared server with fsync on
 * take many minutes and would leave it crowded. The server is deleted afterwards, so nothing
 * is dropped one by one.
 */
import pg from 'pg';
import { listDatabases } from '../client/src/tree/data/databases';
import { listSchemaObjects } from '../client/src/tree/data/schemaObjects';
import { databaseGroups, groupChildren, objectNode } from '../client/src/tree/data/treeModel';

interface Row {
  area: string;
  measure: string;
  value: number;
  unit: string;
  goal?: string;
}

const databases = 1_000;
const tables = 10_000;
const runs = 7;
const prefix = `bench_tree_${process.pid}`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm: plan cache, catalog caches
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function client(url: string, database?: string): Promise<pg.Client> {
  const u = new URL(url);
  if (database) {
    u.pathname = `/${database}`;
  }
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  return c;
}

interface Throwaway {
  url: string;
  stop(): Promise<void>;
}

export default async function treeBench(): Promise<Row[]> {
  // a runtime import: the helper is the plain .mjs the test runner uses
  const helper = '../scripts/lib/embeddedPg.mjs';
  const { startEmbeddedPostgres } = (await import(helper)) as { startEmbeddedPostgres(o?: object): Promise<Throwaway> };
  const server = await startEmbeddedPostgres();
  try {
    return await measure(server.url);
  } finally {
    await server.stop();
  }
}

async function measure(url: string): Promise<Row[]> {
  const admins = [await client(url), await client(url)];
  const names = Array.from({ length: databases }, (_, i) => `${prefix}_${String(i).padStart(4, '0')}`);
  const tablesDb = `${prefix}_tables`;
  const rows: Row[] = [];
  try {
    let t0 = performance.now();
    const queue = [...names];
    await Promise.all(
      admins.map(async (c) => {
        for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
          await c.query(`CREATE DATABASE "${name}" TEMPLATE template0`);
        }
      }),
    );
    console.error(`tree bench: ${databases} databases created in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const admin = admins[0]!;
    const clusterMs = await timed(async () => {
      const dbs = await listDatabases(admin);
      databaseGroups('bench', dbs);
      const nodes = groupChildren('bench', 'databases', dbs);
      groupChildren('bench', 'templates', dbs);
      if (nodes.length < databases) {
        throw new Error(`expected ${databases} databases, got ${nodes.length}`);
      }
    });
    rows.push({ area: 'tree', measure: `expand a cluster with ${databases.toLocaleString('en')} databases (pg_database query + nodes)`, value: clusterMs, unit: 'ms', goal: '≤ 500 ms' });

    t0 = performance.now();
    await admin.query(`CREATE DATABASE "${tablesDb}" TEMPLATE template0`);
    const db = await client(url, tablesDb);
    try {
      await db.query('create schema wide');
      // batches: one transaction holding 10,000 new relations would exhaust the lock table
      for (let start = 1; start <= tables; start += 500) {
        await db.query(`do $$ begin for i in ${start}..${Math.min(tables, start + 499)} loop
          execute format('create table wide.t%s (id int, name text)', i); end loop; end $$`);
      }
      console.error(`tree bench: ${tables} tables created in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const oid = Number((await db.query("select 'wide'::regnamespace::oid as oid")).rows[0].oid);
      const schemaMs = await timed(async () => {
        const objects = await listSchemaObjects(db, oid);
        const nodes = objects.map((o) => objectNode('bench', tablesDb, o));
        if (nodes.length !== tables) {
          throw new Error(`expected ${tables} tables, got ${nodes.length}`);
        }
      });
      rows.push({ area: 'tree', measure: `expand a schema with ${tables.toLocaleString('en')} tables (query + nodes)`, value: schemaMs, unit: 'ms', goal: '≤ 500 ms' });
    } finally {
      await db.end();
    }
  } finally {
    await Promise.all(admins.map((c) => c.end()));
  }
  return rows;
}
