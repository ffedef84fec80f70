// `npm run bench`: runs every bench/*.bench.ts (each exports `default async function
// (env) => rows`), with one throwaway PostgreSQL for those that need it, and prints the
// table the README quotes. A row is { area, measure, value, unit, ratio?, goal? }.
//   npm run bench [-- name-filter[,name-filter…]]   e.g. npm run bench -- catalog,plan
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { startEmbeddedPostgres } from './lib/embeddedPg.mjs';

const filter = process.argv[2];
const build = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { stdio: 'inherit' });
if (build.status !== 0) {
  process.exit(1);
}
// run through tsx so the bench files are TypeScript like the code they measure
if (!process.env.PGSIGHT_BENCH_CHILD) {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'scripts/bench.mjs', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, PGSIGHT_BENCH_CHILD: '1' },
  });
  process.exit(r.status ?? 1);
}

const files = fs
  .readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts') && (!filter || filter.split(',').some((part) => f.includes(part))))
  .sort();
let server;
const env = {
  async databaseUrl() {
    if (process.env.PGSIGHT_TEST_URL) {
      return process.env.PGSIGHT_TEST_URL;
    }
    server ??= await startEmbeddedPostgres();
    return server.url;
  },
};
const rows = [];
try {
  for (const f of files) {
    const mod = await import(pathToFileURL(path.resolve('bench', f)).href);
    const t0 = Date.now();
    const out = await mod.default(env);
    rows.push(...out);
    console.error(`bench ${f}: ${out.length} rows in ${Date.now() - t0} ms`);
  }
} finally {
  await server?.stop();
}
const fmt = (v) => (typeof v === 'number' ? (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) : String(v ?? ''));
const table = [
  '| area | measure | value | ratio to raw parse | goal |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.area} | ${r.measure} | ${fmt(r.value)} ${r.unit} | ${r.ratio === undefined ? '' : `${fmt(r.ratio)}×`} | ${r.goal ?? ''} |`),
];
console.log(table.join('\n'));
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/latest.md', `${table.join('\n')}\n`);
