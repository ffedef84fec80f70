/**
 * Catalog at scale (issue 15): a schema-per-tenant database of 1,000 schemas × 100 tables ×
 * 15 columns (test/support/tenantSchema.ts), created fresh on the bench's PostgreSQL and
 * dropped afterwards. Measured against `psql -f` of the same catalog queries in the same run:
 * the load (in process and the real server's start → `pgsight/status` loaded), the heap the
 * snapshot and completion index keep, completion over stdio on the search path, after
 * `tenant_0500.` and on a lazily loaded table's columns, a schema's columns loaded on first
 * use, and keystroke → diagnostics with this catalog against the same server with none.
 * PGSIGHT_BENCH_TENANTS=50 builds fewer schemas, for a quick try of the bench itself.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { catalogSql, loadCatalog } from '../server/src/catalog/catalogLoader';
import { createTenantSchema, scaleShape, tenantSchemaName } from '../test/support/tenantSchema';
import { startServer, type LspHarness } from '../test/support/lspServer';
import { settingDefaults } from '../shared/src/settings';

interface Row { area: string; measure: string; value: number | string; unit: string; ratio?: number; goal?: string }

const area = 'catalog at scale';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}

function rssOf(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** `psql -X -q -f file` with its output thrown away; the time it took in ms. */
function psqlFile(url: string, file: string): number {
  const t0 = performance.now();
  execFileSync('/usr/bin/psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', file], { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 });
  return performance.now() - t0;
}

/** Each keystroke a didChange then a completion request; the last 60 of 70 timed. */
async function completionTimes(server: LspHarness, uri: string, text: (i: number) => string, cursor?: number): Promise<number[]> {
  const samples: number[] = [];
  await server.open(uri, text(0));
  for (let i = 0; i < 70; i++) {
    const t = text(i);
    void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 1000 + i }, contentChanges: [{ text: t }] });
    const t0 = performance.now();
    const list = await server.request<{ items: { label: string }[] } | null>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: cursor ?? t.length } });
    if (i >= 10) {
      samples.push(performance.now() - t0);
    }
    if (i === 0 && !list?.items.length) {
      throw new Error(`no completion for ${t}`);
    }
  }
  return samples;
}

async function pollUntil<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== null) {
      return v;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setImmediate(r));
  }
}

export default async function (env: { databaseUrl(): Promise<string> }): Promise<Row[]> {
  const adminUrl = await env.databaseUrl();
  const rows: Row[] = [];
  const name = `pgsight_bench_tenants_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgsight-tenants-'));
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    const url = u.toString();
    const shape = { ...scaleShape, tenants: Number(process.env.PGSIGHT_BENCH_TENANTS ?? scaleShape.tenants) };
    const createdMs = await createTenantSchema(url, shape);
    rows.push({
      area,
      measure: `fixture: ${shape.tenants.toLocaleString('en')} schemas × ${shape.tablesPerTenant} tables × 15 columns created (2 sessions)`,
      value: createdMs / 1000,
      unit: 's',
    });

    // in process: the load the server does, and the same SQL through psql
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // a quick try's few schemas are lazy too
    const eagerColumns = process.env.PGSIGHT_BENCH_TENANTS ? 0 : settingDefaults['catalog.eagerColumns'];
    const mid = tenantSchemaName(Math.ceil(shape.tenants / 2));
    const late = tenantSchemaName(Math.ceil(shape.tenants * 0.7));
    let catalog = await loadCatalog(client, { timeoutMs: 600_000, eagerColumns });
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      catalog = await loadCatalog(client, { timeoutMs: 600_000, eagerColumns });
      times.push(performance.now() - t0);
    }
    await client.end();
    const eagerOids = catalog.relations.filter((r) => catalog.searchPath.includes(r.schema) || r.schema === 'information_schema').map((r) => r.oid);
    const sameQueries = path.join(dir, 'same.sql');
    fs.writeFileSync(
      sameQueries,
      [
        'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;',
        `${catalogSql.info};`,
        `${catalogSql.relations};`,
        `${catalogSql.columns.replace('$1::oid[]', `'{${eagerOids.join(',')}}'::oid[]`)};`,
        `${catalogSql.functions};`,
        `${catalogSql.types};`,
        `${catalogSql.foreignKeys};`,
        'COMMIT;',
      ].join('\n'),
    );
    const everyColumn = path.join(dir, 'every-column.sql');
    fs.writeFileSync(everyColumn, `${catalogSql.columns.replace('$1::oid[]', `'{${catalog.relations.map((r) => r.oid).join(',')}}'::oid[]`)};\n`);
    psqlFile(url, sameQueries);
    const psqlTimes = [psqlFile(url, sameQueries), psqlFile(url, sameQueries), psqlFile(url, sameQueries)];
    const everyColumnMs = psqlFile(url, everyColumn);
    const relationCount = `${catalog.relations.length.toLocaleString('en')} relations`;
    rows.push(
      { area, measure: `psql -f of the same catalog queries, ${relationCount} (reference, median of 3)`, value: median(psqlTimes), unit: 'ms' },
      { area, measure: `loadCatalog, ${relationCount}: names of all, columns of the search path (median of 3)`, value: median(times), unit: 'ms', ratio: median(times) / median(psqlTimes), goal: '≤ 5,000 ms' },
      { area, measure: 'psql -f of every column of every relation (what loading all at once reads; pgsight took 36.9 s and 194 MB before)', value: everyColumnMs, unit: 'ms' },
    );

    // heap, in fresh processes
    const probe = (mode: string, extra = 0): { before: number; after: number; ms: number; withMore: number | null } =>
      JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/catalogHeapProbe.ts', url, mode, String(extra), String(eagerColumns)], { encoding: 'utf8', maxBuffer: 1 << 26 })) as never;
    const lazyHeap = probe('server', 100);
    rows.push(
      { area, measure: 'heap kept by the snapshot and completion index (fresh process)', value: (lazyHeap.after - lazyHeap.before) / 1048576, unit: 'MB', goal: '≤ 400 MB' },
      { area, measure: '… and by the columns of 100 more schemas loaded on first use (shared column lists)', value: (lazyHeap.withMore ?? 0) / 1048576, unit: 'MB' },
    );
    const whole = probe('whole');
    rows.push({
      area,
      measure: `everything at once instead (catalog.eagerColumns above 1.5 M): load / heap`,
      value: `${(whole.ms / 1000).toFixed(1)} s / ${((whole.after - whole.before) / 1048576).toFixed(0)}`,
      unit: 'MB',
    });

    // the real server over stdio
    const idle = await startServer({ connection: null, settings: { diagnosticsDelay: 0 } });
    const diagnosticsText = (i: number): string =>
      `select c.${'x'.repeat(i % 3)}id, o.id, count(*)\nfrom customers c\njoin orders o on o.id = c.id\nwhere c.id > ${i}\ngroup by 1, 2;\nselect * from ${mid}.orders;`;
    const keystrokes = async (server: LspHarness, uri: string): Promise<number[]> => {
      await server.open(uri, diagnosticsText(0));
      const samples: number[] = [];
      for (let i = 1; i <= 60; i++) {
        const t0 = performance.now();
        await server.change(uri, diagnosticsText(i));
        if (i > 10) {
          samples.push(performance.now() - t0);
        }
      }
      return samples;
    };
    let idleDiagnostics: number[];
    try {
      idleDiagnostics = await keystrokes(idle, 'file:///bench/idle.sql');
    } finally {
      await idle.shutdown();
    }
    const start = performance.now();
    const server = await startServer({ connection: url, settings: { diagnosticsDelay: 0, catalogEagerColumns: eagerColumns } });
    try {
      const status = await server.waitForCatalog(120_000);
      if (status.state !== 'loaded') {
        throw new Error(`server catalog ${status.state}: ${status.error ?? ''}`);
      }
      rows.push({ area, measure: 'server start → `pgsight/status` loaded (stdio)', value: performance.now() - start, unit: 'ms', goal: '≤ 5,000 ms' });

      // a schema's columns on first use: a misspelled column there is reported once they arrive
      const uri = 'file:///bench/tenant.sql';
      const wrong = `select o.idd from ${late}.orders o`;
      const before = (await server.status()).catalog.columns;
      const t0 = performance.now();
      const first = await server.open(uri, wrong);
      if (first.length !== 0) {
        throw new Error(`columns not loaded yet, yet reported: ${JSON.stringify(first)}`);
      }
      await pollUntil('the columns of tenant_0700', async () => ((await server.status()).catalog.columns > before ? true : null));
      const loadedMs = performance.now() - t0;
      const again = await server.change(uri, wrong);
      if (!again.some((d) => d.message.startsWith('column o.idd does not exist'))) {
        throw new Error(`no 42703 after the columns arrived: ${JSON.stringify(again)}`);
      }
      rows.push({ area, measure: 'first use of an unloaded schema → its columns loaded (a short connection of its own)', value: loadedMs, unit: 'ms' });

      const bare = await completionTimes(server, 'file:///bench/bare.sql', (i) => `select * from ${'ord'.slice(0, (i % 3) + 1)}`);
      const qualified = await completionTimes(server, 'file:///bench/qualified.sql', (i) => `select * from ${mid}.${'cus'.slice(0, i % 3)}`);
      const columns = await completionTimes(server, 'file:///bench/columns.sql', (i) => `select o. from ${late}.orders o${' '.repeat(i % 2)}`, 'select o.'.length);
      const all = [...bare, ...qualified, ...columns];
      rows.push({
        area,
        measure: 'completion p50 / p95 over stdio: `from ord`, `from tenant_0500.cus`, `o.` on a lazily loaded table (3 × 60 keystrokes)',
        value: `${median(all).toFixed(1)} / ${percentile(all, 0.95).toFixed(1)}`,
        unit: 'ms',
        goal: 'p95 ≤ 20 ms',
      });
      const withCatalog = await keystrokes(server, 'file:///bench/diagnostics.sql');
      rows.push({
        area,
        measure: 'keystroke → `publishDiagnostics` over stdio, 6-line query: with this catalog / with none (same run)',
        value: `${median(withCatalog).toFixed(2)} / ${median(idleDiagnostics).toFixed(2)}`,
        unit: 'ms',
        ratio: median(withCatalog) / median(idleDiagnostics),
        goal: 'unchanged',
      });
      const rss = server.process.pid !== undefined ? rssOf(server.process.pid) : null;
      if (rss !== null) {
        rows.push({ area, measure: 'server resident memory with this catalog (after the above)', value: rss / 1048576, unit: 'MB' });
      }
    } finally {
      await server.shutdown();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
  return rows;
}
