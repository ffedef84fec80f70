/**
 * Misspellings whose right fix is known by construction: each valid statement of the
 * misspelled corpus is broken by a script (a column misspelled once or everywhere it is
 * written, an alias misspelled where it is defined or in every reference, the table's name
 * written for its alias), PostgreSQL confirms each mutant is rejected, and the preferred
 * quick fix is applied and run on PostgreSQL: how often does it give back a statement
 * PostgreSQL accepts? Counted for the builder's own first choice (pgsight before checked
 * fixes) and for the checked one (checkedFixes.ts); the checked one must restore at least as
 * many of every kind, and prefer no fix PostgreSQL rejects.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { connect, freshDatabase } from '../support/db';
import { loadCatalog } from '../../server/src/catalog/catalogLoader';
import { loadParser, ParsedDocumentCache, scanSql, splitStatements, type Token } from '../../server/src/parser';
import { analyzeDocument, type Fix } from '../../server/src/analysis/analyzeDocument';
import { checkedFixes } from '../../server/src/analysis/checkedFixes';
import { fixEdits } from '../../server/src/analysis/checks/fixes';
import { seededRandom } from '../support/seededRandom';

const dir = path.resolve(__dirname, '../fixtures/misspelled');

type Kind = 'column once' | 'column everywhere' | 'alias where defined' | 'alias in every reference' | 'table name for its alias';

/** A misspelling of `w` (a letter dropped, two swapped, one doubled), never another known name. */
function misspell(w: string, next: () => number, names: Set<string>): string | null {
  const i = 1 + Math.floor(next() * Math.max(1, w.length - 2));
  const variants = [
    w.slice(0, i) + w.slice(i + 1),
    w.slice(0, i) + (w[i + 1] ?? '') + (w[i] ?? '') + w.slice(i + 2),
    w.slice(0, i) + (w[i] ?? '') + w.slice(i),
  ];
  const m = variants[Math.floor(next() * variants.length)]!;
  return m !== w && m.length > 0 && !names.has(m) && /^[a-z_][a-z0-9_]*$/.test(m) ? m : null;
}

function replaceAt(q: string, tokens: readonly Token[], by: string): string {
  let out = q;
  for (const t of [...tokens].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, t.start) + by + out.slice(t.end);
  }
  return out;
}

function mutants(q: string, columns: Set<string>, tables: Set<string>, next: () => number): { kind: Kind; sql: string }[] {
  const names = new Set([...columns, ...tables]);
  const tokens = scanSql(q);
  const isDot = (t: Token | undefined): boolean => t?.text === '.';
  const out: { kind: Kind; sql: string }[] = [];
  const idents = tokens.map((t, i) => ({ t, i })).filter(({ t }) => t.kind === 'IDENT');
  // columns: one occurrence, and every occurrence of the same name
  for (const name of new Set(idents.filter(({ t, i }) => columns.has(t.text) && !isDot(tokens[i + 1])).map(({ t }) => t.text))) {
    const at = idents.filter(({ t, i }) => t.text === name && !isDot(tokens[i + 1])).map(({ t }) => t);
    const m = misspell(name, next, names);
    if (m) {
      out.push({ kind: 'column once', sql: replaceAt(q, [at[Math.floor(next() * at.length)]!], m) });
      if (at.length >= 2) {
        out.push({ kind: 'column everywhere', sql: replaceAt(q, at, m) });
      }
    }
  }
  // aliases: a name used as a qualifier and defined once in FROM (`table [AS] alias`)
  for (const alias of new Set(idents.filter(({ i }) => isDot(tokens[i + 1]) && !isDot(tokens[i - 1])).map(({ t }) => t.text))) {
    if (tables.has(alias)) {
      continue;
    }
    const refs = idents.filter(({ t, i }) => t.text === alias && isDot(tokens[i + 1]) && !isDot(tokens[i - 1])).map(({ t }) => t);
    const defs = idents.filter(({ t, i }) => t.text === alias && !isDot(tokens[i + 1]) && !isDot(tokens[i - 1]));
    if (defs.length !== 1) {
      continue;
    }
    const def = defs[0]!;
    const before = tokens[def.i - 1]?.text.toLowerCase() === 'as' ? tokens[def.i - 2] : tokens[def.i - 1];
    const m = misspell(alias, next, names) ?? `${alias}x`;
    if (names.has(m)) {
      continue;
    }
    out.push({ kind: 'alias where defined', sql: replaceAt(q, [def.t], m) });
    out.push({ kind: 'alias in every reference', sql: replaceAt(q, refs, m) });
    if (before && before.kind === 'IDENT' && tables.has(before.text)) {
      out.push({ kind: 'table name for its alias', sql: replaceAt(q, refs, before.text) });
    }
  }
  return out;
}

function applyFix(q: string, fix: Fix): string {
  let out = q;
  for (const e of fixEdits(fix).sort((a, b) => b.start - a.start)) {
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  }
  return out;
}

test('checked fixes restore more machine-misspelled statements than the first candidate did, judged by PostgreSQL', async (t) => {
  await loadParser();
  const schemaSql = fs.readFileSync(path.join(dir, 'schema.sql'), 'utf8');
  const columns = new Set([...schemaSql.matchAll(/^\s+([a-z_]+) (?:int|text|timestamptz|char|serial|numeric|date|boolean)/gm)].map((m) => m[1]!));
  const tables = new Set([...schemaSql.matchAll(/^create (?:table|view) (?:sales\.)?([a-z_]+)/gm)].map((m) => m[1]!));
  const corpus = splitStatements(fs.readFileSync(path.join(dir, 'corpus.sql'), 'utf8')).map((s) => s.text.replace(/;\s*$/, ''));
  const url = await freshDatabase('checked_fix_corpus', schemaSql);
  const client = await connect(url);
  /** null when PostgreSQL accepts the statement (run inside a savepoint, then rolled back) */
  const judge = async (sql: string): Promise<string | null> => {
    await client.query('savepoint s');
    try {
      await client.query(sql);
      return null;
    } catch (err) {
      return (err as Error).message;
    } finally {
      await client.query('rollback to savepoint s');
    }
  };
  const kinds: Kind[] = ['column once', 'column everywhere', 'alias where defined', 'alias in every reference', 'table name for its alias'];
  /** checked preferred fixes PostgreSQL rejects */
  const rejected: string[] = [];
  const stats = new Map(kinds.map((k) => [k, { mutants: 0, before: 0, after: 0, wrongBefore: 0, wrongAfter: 0, unpreferredAfter: 0 }]));
  try {
    const catalog = await loadCatalog(client);
    await client.query('begin');
    const next = seededRandom(12);
    const seen = new Set<string>();
    for (const q of corpus) {
      if ((await judge(q)) !== null) {
        continue;
      }
      for (const m of mutants(q, columns, tables, next)) {
        if (seen.has(m.sql) || (await judge(m.sql)) === null) {
          continue;
        }
        seen.add(m.sql);
        const [p] = analyzeDocument(ParsedDocumentCache.parseText(m.sql), catalog);
        const s = stats.get(m.kind)!;
        s.mutants++;
        const first = p?.fixes.find((f) => f.preferred);
        const checked = p ? checkedFixes(p).find((f) => f.preferred) : undefined;
        if (first) {
          if ((await judge(applyFix(m.sql, first))) === null) {
            s.before++;
          } else {
            s.wrongBefore++;
          }
        }
        if (checked) {
          const verdict = await judge(applyFix(m.sql, checked));
          if (verdict === null) {
            s.after++;
          } else {
            s.wrongAfter++;
            rejected.push(`${m.kind}: ${m.sql}\n  fixed: ${applyFix(m.sql, checked)}\n  PostgreSQL: ${verdict}`);
          }
        } else {
          s.unpreferredAfter++;
        }
      }
    }
  } finally {
    await client.query('rollback').catch(() => undefined);
    await client.end();
  }
  let total = { mutants: 0, before: 0, after: 0, wrongBefore: 0, wrongAfter: 0 };
  for (const [kind, s] of stats) {
    t.diagnostic(
      `${kind}: ${s.mutants} mutants; preferred fix accepted by PostgreSQL ${s.before} before, ${s.after} checked; ` +
        `preferred but rejected ${s.wrongBefore} before, ${s.wrongAfter} checked; no preferred fix ${s.unpreferredAfter} checked`,
    );
    assert.ok(s.mutants >= 10, `${kind}: only ${s.mutants} mutants`);
    assert.ok(s.after >= s.before, `${kind}: ${s.after} < ${s.before}`);
    assert.ok(s.wrongAfter <= s.wrongBefore, `${kind}: ${s.wrongAfter} wrong > ${s.wrongBefore}`);
    total = {
      mutants: total.mutants + s.mutants,
      before: total.before + s.before,
      after: total.after + s.after,
      wrongBefore: total.wrongBefore + s.wrongBefore,
      wrongAfter: total.wrongAfter + s.wrongAfter,
    };
  }
  t.diagnostic(
    `all: ${total.mutants} mutants; restored ${total.before} before, ${total.after} checked; wrong preferred ${total.wrongBefore} before, ${total.wrongAfter} checked`,
  );
  // a checked preferred fix PostgreSQL rejects is a bug (today there are none; before there were 209)
  assert.deepEqual(rejected, []);
  // the kinds a single nearest name cannot fix are where checking must pay off
  for (const kind of ['column everywhere', 'alias where defined', 'alias in every reference', 'table name for its alias'] as const) {
    const s = stats.get(kind)!;
    assert.ok(s.after >= s.mutants * 0.9, `${kind}: ${s.after} of ${s.mutants} restored`);
  }
});
