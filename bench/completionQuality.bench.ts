/**
 * Does completion offer the name the user meant, and how high? Places are built by
 * completionPlaces.ts from SQL the project already has (the misspelled-column corpus, the
 * demo's queries and migration, the regression sample), each against the catalog of its
 * schema loaded into the bench's PostgreSQL and captured with the server's own loader.
 * Prints the full table per place kind and prefix length (both variants) and returns the
 * headline rows. Goals (issue 17): one character typed, rest kept: top-1 ≥ 75 %, top-5 ≥ 92 %;
 * nothing typed: top-5 ≥ 75 %.
 */
import fs from 'node:fs';
import pg from 'pg';
import { prepareCompletion } from '../server/src/analysis/completion/completeAt';
import { loadCatalog } from '../server/src/catalog/catalogLoader';
import type { Catalog } from '../server/src/catalog/model';
import { loadParser } from '../server/src/parser';
import { placesOf, qualityTable, runPlace, summarize, type Outcome } from './completionPlaces';

interface Row {
  area: string;
  measure: string;
  value: number;
  unit: string;
  goal?: string;
}

/** A database built from schema files, and the SQL files whose statements are the places. */
export interface Dataset {
  name: string;
  schema: string[];
  queries: string[];
}

export const datasets: Dataset[] = [
  { name: 'misspelled', schema: ['test/fixtures/misspelled/schema.sql'], queries: ['test/fixtures/misspelled/corpus.sql'] },
  {
    name: 'demo shop',
    schema: ['scripts/demo/template_demo.sql', 'scripts/demo/shop.sql'],
    queries: ['scripts/demo/shop.sql', 'demo/1-fix-a-column.sql', 'demo/2-press-f1.sql', 'demo/3-explain-parallel.sql', 'demo/4-migration.sql'],
  },
  { name: 'demo analytics', schema: ['scripts/demo/template_demo.sql', 'scripts/demo/analytics.sql'], queries: ['scripts/demo/analytics.sql'] },
  { name: 'catalog fixture', schema: ['test/fixtures/catalog/shop.sql'], queries: ['test/fixtures/catalog/shop.sql'] },
  {
    name: 'regress sample',
    schema: [],
    queries: ['test/fixtures/regress-sample/ddl.sql', 'test/fixtures/regress-sample/queries.sql', 'test/fixtures/misspelled/offline/migration.sql'],
  },
];

/** Loads each dataset's schema into a fresh database and captures its catalog. */
export async function datasetCatalogs(adminUrl: string): Promise<Map<string, Catalog>> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const catalogs = new Map<string, Catalog>();
  try {
    for (const [k, ds] of datasets.entries()) {
      const db = `pgsight_bench_quality_${k}_${process.pid}`;
      await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${db} TEMPLATE template0`);
      try {
        const u = new URL(adminUrl);
        u.pathname = `/${db}`;
        const c = new pg.Client({ connectionString: u.toString() });
        await c.connect();
        try {
          for (const file of ds.schema) {
            // the demo's psql variable: a few rows are enough for a catalog
            await c.query(fs.readFileSync(file, 'utf8').replace(/:parallel_rows\b/g, '10'));
          }
          catalogs.set(ds.name, await loadCatalog(c, { timeoutMs: 60_000 }));
        } finally {
          await c.end();
        }
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
      }
    }
  } finally {
    await admin.end();
  }
  return catalogs;
}

/** Every place of every dataset, completed. */
export function runDatasets(catalogs: Map<string, Catalog>): Outcome[] {
  const outcomes: Outcome[] = [];
  for (const ds of datasets) {
    const catalog = catalogs.get(ds.name)!;
    prepareCompletion(catalog);
    for (const file of ds.queries) {
      for (const place of placesOf(fs.readFileSync(file, 'utf8'), catalog, ds.schema.includes(file))) {
        outcomes.push(runPlace(place, catalog));
      }
    }
  }
  return outcomes;
}

export function report(outcomes: Outcome[]): string {
  return `${qualityTable(outcomes, 'rest kept')}\n\n${qualityTable(outcomes, 'rest deleted')}\n`;
}

export default async function (env: { databaseUrl(): Promise<string> }): Promise<Row[]> {
  await loadParser();
  const catalogs = await datasetCatalogs(await env.databaseUrl());
  const outcomes = runDatasets(catalogs);
  const text = report(outcomes);
  console.error(text);
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/completion-quality.md', text);
  const pick = (variant: string, prefix: number) => summarize(outcomes.filter((o) => o.place.variant === variant && o.place.prefix === prefix));
  const one = pick('rest kept', 1);
  const none = pick('rest kept', 0);
  const all = summarize(outcomes);
  return [
    { area: 'completion quality', measure: `places (${outcomes.length}, from ${datasets.length} SQL sets)`, value: outcomes.length, unit: '' },
    { area: 'completion quality', measure: '1 character typed, rest kept: top-1', value: one.top1, unit: '%', goal: '≥ 75 %' },
    { area: 'completion quality', measure: '1 character typed, rest kept: top-5', value: one.top5, unit: '%', goal: '≥ 92 %' },
    { area: 'completion quality', measure: '1 character typed, rest kept: offered', value: one.offered, unit: '%' },
    { area: 'completion quality', measure: 'nothing typed, rest kept: top-5', value: none.top5, unit: '%', goal: '≥ 75 %' },
    { area: 'completion quality', measure: 'nothing typed, rest kept: top-1', value: none.top1, unit: '%' },
    { area: 'completion quality', measure: 'p50 latency, all places', value: all.p50, unit: 'ms' },
    { area: 'completion quality', measure: 'p95 latency, all places', value: all.p95, unit: 'ms', goal: '≤ 5 ms' },
  ];
}
