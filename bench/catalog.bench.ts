/**
 * Catalog load on a 10,000-table / 150,000-column database (bench/largeSchema.ts): time of
 * loadCatalog in process (median of 3 after a warm-up), the heap the snapshot keeps, and the
 * time the real server (`dist/server.js --stdio`) takes from start to `pgsight/status`
 * loaded, with its resident memory. Goals: ≤ 2 s and ≤ 100 MB.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';
import { catalogCounts, loadCatalog } from '../server/src/catalog/catalogLoader';
import type { Catalog } from '../server/src/catalog/model';
import { startServer } from '../test/support/lspServer';
import { rememberLargeCatalog, withLargeDatabase } from './largeSchema';

interface Row { area: string; measure: string; value: number; unit: string; goal?: string }

/** One timed load; its snapshot is not kept. */
async function timeLoad(client: pg.Client): Promise<number> {
  const before = performance.now();
  await loadCatalog(client, { timeoutMs: 60_000 });
  return performance.now() - before;
}

/**
 * pg keeps its last query until the next one, and with it the continuation of the async
 * function that awaited it — a frame that may still hold the snapshot. A trivial query,
 * awaited from a frame that holds none, lets that go. (The server never sees this: it ends
 * each catalog connection after the load.)
 */
async function releaseLastQuery(client: pg.Client): Promise<void> {
  await client.query('SELECT 1');
}

/**
 * Heap kept by a loaded snapshot, measured in a fresh process (bench/catalogHeapProbe.ts):
 * in this one, earlier loads and pg's buffers blur a before/after difference.
 */
function snapshotHeapInFreshProcess(url: string): number {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/catalogHeapProbe.ts', url], { encoding: 'utf8' });
  const { before, after } = JSON.parse(out) as { before: number; after: number };
  console.error(`catalog bench: heap ${(before / 1048576).toFixed(1)} MB before, ${(after / 1048576).toFixed(1)} MB with the snapshot`);
  return after - before;
}

/**
 * Completion as an editor sees it: request → JSON-RPC over stdio → the server's answer (up
 * to 200 items) parsed by the client, on the server holding the 10k-table catalog. Each
 * keystroke is a didChange followed by a completion request.
 */
async function completionOverStdio(server: Awaited<ReturnType<typeof startServer>>): Promise<Row[]> {
  const uri = 'file:///bench/completion.sql';
  const base = 'select a.code_1 from app_01.customer_0001 a join invoice_li';
  await server.open(uri, base);
  const samples: number[] = [];
  for (let i = 0; i < 70; i++) {
    const text = `${base}${'ne'.slice(0, i % 3)}`;
    void server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: i + 2 },
      contentChanges: [{ text }],
    });
    const t0 = performance.now();
    await server.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: text.length } });
    if (i >= 10) {
      samples.push(performance.now() - t0);
    }
  }
  const sorted = samples.sort((a, b) => a - b);
  return [
    { area: 'completion', measure: 'keystroke → completion list over stdio, 10k-table catalog, p50', value: sorted[Math.floor(sorted.length / 2)]!, unit: 'ms' },
    { area: 'completion', measure: 'keystroke → completion list over stdio, 10k-table catalog, p95', value: sorted[Math.floor(sorted.length * 0.95)]!, unit: 'ms', goal: '≤ 15 ms' },
  ];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Resident set size of a process, from /proc (Linux); null elsewhere. */
function rssOf(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export default async function (env: { databaseUrl(): Promise<string> }): Promise<Row[]> {
  const adminUrl = await env.databaseUrl();
  const rows: Row[] = [];
  const t0 = performance.now();
  await withLargeDatabase(adminUrl, async (url) => {
    const created = performance.now() - t0;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let catalog: Catalog;
    const times: number[] = [];
    try {
      await timeLoad(client);
      for (let i = 0; i < 3; i++) {
        times.push(await timeLoad(client));
      }
      await releaseLastQuery(client);
      catalog = await loadCatalog(client, { timeoutMs: 60_000 });
      const heap = { retained: snapshotHeapInFreshProcess(url) };
      const counts = catalogCounts(catalog);
      const shape = `${counts.relations.toLocaleString('en')} relations / ${counts.columns.toLocaleString('en')} columns`;
      rows.push(
        { area: 'catalog', measure: `loadCatalog, ${shape} (median of 3)`, value: median(times), unit: 'ms', goal: '≤ 2000 ms' },
        { area: 'catalog', measure: `snapshot heap, ${shape}`, value: heap.retained / 1024 / 1024, unit: 'MB', goal: '≤ 100 MB' },
      );
      rememberLargeCatalog(catalog);
    } finally {
      await client.end();
    }

    // baseline: the same server with the parser loaded and no catalog
    const idle = await startServer({ connection: null });
    try {
      await idle.waitForCatalog();
      await idle.open('file:///bench/idle.sql', 'select 1');
      const rss = idle.process.pid !== undefined ? rssOf(idle.process.pid) : null;
      if (rss !== null) {
        rows.push({ area: 'catalog', measure: 'server resident memory without a catalog (baseline)', value: rss / 1024 / 1024, unit: 'MB' });
      }
    } finally {
      await idle.shutdown();
    }

    // the real server: process start → connect → load → status loaded
    const start = performance.now();
    const server = await startServer({ connection: url });
    try {
      const status = await server.waitForCatalog(60_000);
      if (status.state !== 'loaded') {
        throw new Error(`server catalog ${status.state}: ${status.error ?? ''}`);
      }
      rows.push({ area: 'catalog', measure: 'server start to pgsight/status loaded (stdio, 10k tables)', value: performance.now() - start, unit: 'ms' });
      rows.push(...(await completionOverStdio(server)));
      const rss = server.process.pid !== undefined ? rssOf(server.process.pid) : null;
      if (rss !== null) {
        rows.push({ area: 'catalog', measure: 'server resident memory with the 10k-table catalog', value: rss / 1024 / 1024, unit: 'MB' });
      }
    } finally {
      await server.shutdown();
    }
    console.error(`catalog bench: large schema created in ${(created / 1000).toFixed(1)} s`);
  });
  return rows;
}
