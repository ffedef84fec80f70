/**
 * Checked quick fixes (server/src/analysis/checkedFixes.ts): what re-binding the statement
 * with each candidate costs. A 30-line query over the misspelled corpus's shop schema, its
 * alias `o` written `oo` in every reference (6 problems); each round types
 * a new version, so the first code-action request re-binds every candidate; the repeat of
 * the same request is answered from the cache. In process (the analysis alone) and over
 * stdio (textDocument/codeAction against dist/server.js with a catalog from PostgreSQL).
 * Also keystroke → problems for that broken query, where the fix inputs are kept.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { startServer } from '../test/support/lspServer';
import { loadCatalog } from '../server/src/catalog/catalogLoader';
import { loadParser, ParsedDocumentCache } from '../server/src/parser';
import { analyzeDocument } from '../server/src/analysis/analyzeDocument';
import { checkFixes } from '../server/src/analysis/checkedFixes';
import { reportQuery as query } from './reportQuery';

interface Row {
  area: string;
  measure: string;
  value: number | string;
  unit: string;
  goal?: string;
}

const root = path.resolve(__dirname, '..');

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}

export default async function quickFixBench(env: { databaseUrl(): Promise<string> }): Promise<Row[]> {
  await loadParser();
  const admin = new pg.Client({ connectionString: await env.databaseUrl(), connectionTimeoutMillis: 10_000 });
  await admin.connect();
  const dbName = `bench_quickfix_${process.pid}`;
  await admin.query(`drop database if exists ${dbName}`);
  await admin.query(`create database ${dbName}`);
  const url = new URL(await env.databaseUrl());
  url.pathname = `/${dbName}`;
  const rows: Row[] = [];
  try {
    const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 10_000 });
    await client.connect();
    let catalog;
    try {
      await client.query(fs.readFileSync(path.join(root, 'test/fixtures/misspelled/schema.sql'), 'utf8'));
      catalog = await loadCatalog(client);
    } finally {
      await client.end();
    }
    // two misspellings, alternated so each round is a new version with new problems
    const texts = [query('oo'), query('od')];

    // in process: analysis of the broken query, then re-binding every candidate of the first problem
    const analysis: number[] = [];
    const first: number[] = [];
    const again: number[] = [];
    let candidates = 0;
    const cache = new ParsedDocumentCache();
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      const problems = analyzeDocument(cache.get({ uri: 'bench:quickfix', version: i, getText: () => texts[i % 2]! }), catalog);
      const t1 = performance.now();
      const checked = checkFixes(problems[0]!);
      const t2 = performance.now();
      checkFixes(problems[0]!);
      again.push(performance.now() - t2);
      analysis.push(t1 - t0);
      first.push(t2 - t1);
      candidates = checked?.length ?? 0;
      if (checked?.[0]?.verdict !== 'binds') {
        throw new Error(`the bench's preferred fix should bind: ${JSON.stringify(checked?.[0])}`);
      }
    }
    const pair = (xs: number[]): string => `${percentile(xs, 0.5).toFixed(2)} / ${percentile(xs, 0.95).toFixed(2)}`;
    rows.push({
      area: 'quick fixes',
      measure: 'keystroke → problems in process, 30-line query with a misspelled alias (p50 / p95)',
      value: pair(analysis),
      unit: 'ms',
    });
    rows.push({
      area: 'quick fixes',
      measure: `re-bind every candidate of one problem (${candidates} kept after checking), in process (p50 / p95)`,
      value: pair(first),
      unit: 'ms',
      goal: 'p95 ≤ 20 ms',
    });
    rows.push({ area: 'quick fixes', measure: 'the same problem again (cached), in process (p50 / p95)', value: pair(again), unit: 'ms' });

    // over stdio: textDocument/codeAction on a fresh version, then the same request again
    const server = await startServer({ connection: url.toString(), settings: { diagnosticsDelay: 0 } });
    try {
      await server.waitForCatalog();
      const uri = 'file:///quickfix.sql';
      let diags = await server.open(uri, texts[0]!);
      const overStdio: number[] = [];
      const repeated: number[] = [];
      for (let i = 1; i <= 60; i++) {
        diags = await server.change(uri, texts[i % 2]!);
        const d: Diagnostic | undefined = diags[0];
        if (!d) {
          throw new Error('the bench query should have problems');
        }
        const params = { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } };
        const t0 = performance.now();
        const actions = await server.request<CodeAction[]>('textDocument/codeAction', params);
        overStdio.push(performance.now() - t0);
        const t1 = performance.now();
        await server.request<CodeAction[]>('textDocument/codeAction', params);
        repeated.push(performance.now() - t1);
        if (actions[0]?.isPreferred !== true) {
          throw new Error(`the first action should be preferred: ${JSON.stringify(actions[0])}`);
        }
      }
      rows.push({
        area: 'quick fixes',
        measure: 'codeAction over stdio, new version: every candidate re-bound (p50 / p95)',
        value: pair(overStdio),
        unit: 'ms',
        goal: 'p95 ≤ 50 ms',
      });
      rows.push({ area: 'quick fixes', measure: 'codeAction over stdio, the same request again (p50 / p95)', value: pair(repeated), unit: 'ms' });
    } finally {
      await server.shutdown();
    }
  } finally {
    await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
    await admin.end();
  }
  return rows;
}
