/**
 * Misspellings made by a machine: every column and table name in the corpus's valid
 * controls is mutated (a letter dropped, two swapped, an "s" added; seeded, so the same every run) and
 * each mutant is judged by PostgreSQL. Whenever pgsight says something it must be exactly
 * what PostgreSQL says (code, message, hint, detail, cursor); where pgsight stays silent
 * (a polymorphic function result, say) that is counted, and must stay rare.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { connect, freshDatabase } from '../support/db';
import { loadCatalog } from '../../server/src/catalog/catalogLoader';
import { loadParser, ParsedDocumentCache, scanSql, splitStatements } from '../../server/src/parser';
import { analyzeDocument } from '../../server/src/analysis/analyzeDocument';
import { seededRandom } from '../support/seededRandom';

const dir = path.resolve(__dirname, '../fixtures/misspelled');

function mutants(statements: string[], names: Set<string>): string[] {
  const next = seededRandom(3);
  const out = new Set<string>();
  for (const q of statements) {
    for (const t of scanSql(q).filter((tok) => tok.kind === 'IDENT' && names.has(tok.text))) {
      const w = t.text;
      const i = 1 + Math.floor(next() * (w.length - 2));
      const variants = [w.slice(0, i) + w.slice(i + 1), w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2), `${w}s`];
      const m = variants[Math.floor(next() * variants.length)]!;
      if (m !== w && !names.has(m)) {
        out.add(q.slice(0, t.start) + m + q.slice(t.end));
      }
    }
  }
  return [...out];
}

test('machine-made misspellings: pgsight never contradicts PostgreSQL', async (t) => {
  await loadParser();
  const schemaSql = fs.readFileSync(path.join(dir, 'schema.sql'), 'utf8');
  const columns = [...schemaSql.matchAll(/^\s+([a-z_]+) (?:int|text|timestamptz|char|serial|numeric|date|boolean)/gm)].map((m) => m[1]!);
  const tables = [...schemaSql.matchAll(/^create (?:table|view) (?:sales\.)?([a-z_]+)/gm)].map((m) => m[1]!);
  const names = new Set([...columns, ...tables]);
  const corpus = splitStatements(fs.readFileSync(path.join(dir, 'corpus.sql'), 'utf8')).map((s) => s.text);
  const url = await freshDatabase('misspelled_mut', schemaSql);
  const client = await connect(url);
  let same = 0;
  let silent = 0;
  let valid = 0;
  const contradictions: string[] = [];
  try {
    const catalog = await loadCatalog(client);
    await client.query('begin');
    // only statements PostgreSQL accepts are mutated
    const controls: string[] = [];
    for (const q of corpus) {
      await client.query('savepoint s');
      try {
        await client.query(q);
        controls.push(q);
      } catch {
        // not a control
      }
      await client.query('rollback to savepoint s');
    }
    const all = mutants(controls, names);
    for (const q of all) {
      let theirs: Record<string, unknown> = { code: null };
      await client.query('savepoint s');
      try {
        await client.query(q);
      } catch (err) {
        const e = err as { code: string; message: string; hint?: string; detail?: string; position?: string };
        theirs = { code: e.code, message: e.message, hint: e.hint, detail: e.detail, position: e.position ? Number(e.position) : undefined };
      }
      await client.query('rollback to savepoint s');
      const [p] = analyzeDocument(ParsedDocumentCache.parseText(q), catalog);
      const ours: Record<string, unknown> = p
        ? { code: p.code, message: p.message, hint: p.hint, detail: p.detail, position: theirs.position === undefined ? undefined : Array.from(q.slice(0, p.start)).length + 1 }
        : { code: null };
      if (theirs.code === null) {
        valid++;
      }
      if (JSON.stringify(ours) === JSON.stringify(theirs)) {
        same++;
      } else if (ours.code === null) {
        silent++;
      } else {
        contradictions.push(`${q}\n  PostgreSQL: ${JSON.stringify(theirs)}\n  pgsight:    ${JSON.stringify(ours)}`);
      }
    }
    t.diagnostic(`mutants: ${same}/${all.length} identical to PostgreSQL, ${silent} left unjudged, ${contradictions.length} contradicting (${valid} still valid)`);
    assert.deepEqual(contradictions, []);
    assert.ok(all.length >= 150, `${all.length} mutants`);
    assert.ok(silent <= all.length * 0.05, `${silent} of ${all.length} unjudged`);
  } finally {
    await client.query('rollback').catch(() => undefined);
    await client.end();
  }
});
