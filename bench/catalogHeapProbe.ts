/**
 * Run in a fresh process (`node --expose-gc --import tsx bench/catalogHeapProbe.ts <url> [mode]`)
 * so nothing else the bench did is on the heap: prints the heap a loaded catalog snapshot keeps.
 * Modes: `whole` (default) loads every column; `server` loads as the language server does
 * (settings' catalog.eagerColumns, or the 4th argument), builds the completion index, then reads the columns of
 * `extra` more schemas on first use and measures again.
 */
import pg from 'pg';
import { loadCatalog, loadColumns } from '../server/src/catalog/catalogLoader';
import { lazyColumnsOf } from '../server/src/catalog/lazyColumns';
import { CatalogIndex } from '../server/src/analysis/tokens/catalogIndex';
import { settingDefaults } from '../shared/src/settings';

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  if (!gc) {
    throw new Error('run with --expose-gc');
  }
  const [url, mode = 'whole', extra = '0', eagerColumns = String(settingDefaults['catalog.eagerColumns'])] = process.argv.slice(2);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('SELECT 1');
  const before = heapUsed();
  const t0 = performance.now();
  const catalog = await loadCatalog(client, { timeoutMs: 600_000, ...(mode === 'server' ? { eagerColumns: Number(eagerColumns) } : {}) });
  const ms = performance.now() - t0;
  if (mode === 'server') {
    CatalogIndex.for(catalog);
  }
  // pg keeps its last result until the next query
  await client.query('SELECT 1');
  const after = heapUsed();
  let withMore: number | null = null;
  const lazy = mode === 'server' ? lazyColumnsOf(catalog) : undefined;
  if (lazy) {
    lazy.connect(
      (oids) => loadColumns(client, oids, lazy.interner, { timeoutMs: 600_000 }),
      () => undefined,
    );
    for (const schema of lazy.pendingSchemas().slice(0, Number(extra))) {
      lazy.want(schema);
    }
    await lazy.loadWanted();
    await client.query('SELECT 1');
    withMore = heapUsed() - after;
  }
  await client.end();
  process.stdout.write(JSON.stringify({ before, after, ms, withMore, relations: catalog.relations.length }) + '\n');
  // keep the snapshot alive up to the last measurement
  void catalog;
}

void main();
