/**
 * Run in a fresh process (`node --expose-gc --import tsx bench/catalogHeapProbe.ts <url>`) so
 * nothing else the bench did is on the heap: prints the heap a loaded catalog snapshot keeps.
 */
import pg from 'pg';
import { loadCatalog } from '../server/src/catalog/catalogLoader';

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
  const client = new pg.Client({ connectionString: process.argv[2] });
  await client.connect();
  await client.query('SELECT 1');
  const before = heapUsed();
  const catalog = await loadCatalog(client, { timeoutMs: 60_000 });
  await client.end();
  const after = heapUsed();
  process.stdout.write(JSON.stringify({ before, after, relations: catalog.relations.length }) + '\n');
}

void main();
