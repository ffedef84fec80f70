/**
 * EXPLAIN can never change data: every text of issue 10 that escaped BEGIN … ROLLBACK (an
 * EXPLAIN whose options hide a parenthesis in a string, a comment or a dollar quote; a backslash
 * quote on a database with standard_conforming_strings = off), plus a seeded family of
 * quote/comment/dollar-quote variants, with ANALYZE and plain EXPLAIN. After each run the
 * table still has all its rows and the user got a plan or a readable ExplainError.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { connect, freshDatabase, quoteIdent, testUrl } from '../support/db';
import { ExplainError, ExplainRun, type ExplainQuestion } from '../../client/src/explain/explainRunner';
import { parsePlan } from '../../shared/src/plan/planParse';

const setup = `create table t(id int primary key, v text);
  insert into t select g, 'row ' || g from generate_series(1, 100) g;`;
const database = freshDatabase('explain_attacks', setup);
// a database whose sessions start with standard_conforming_strings = off (ALTER DATABASE … SET)
const legacyDatabase = freshDatabase('explain_legacy', setup).then(async (url) => {
  const admin = await connect(testUrl());
  try {
    await admin.query(`alter database ${quoteIdent(new URL(url).pathname.slice(1))} set standard_conforming_strings = off`);
  } finally {
    await admin.end();
  }
  return url;
});

let client: pg.Client;
let legacy: pg.Client;

before(async () => {
  client = await connect(await database);
  legacy = await connect(await legacyDatabase);
});

after(async () => {
  await client.end();
  await legacy.end();
});

const payload = ';commit;delete from t where id > 5;--';

/** The texts of issue 10, as reported. */
const reported = [
  `explain (format '(') select 1 as "x)select 1${payload}"`,
  `explain (costs --(\n off) select 1 as "x)select 1${payload}"`,
];
/** On a database with standard_conforming_strings = off, `\'` ends nothing for pgsight's parser but closes the string for the server. */
const reportedLegacy = [`select 'a\\''; commit; delete from t where id > 5; --'`];

/** mulberry32: a small seeded generator, so a failure names a reproducible case. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** EXPLAIN texts whose options hide "(" from a pattern, and whose statement hides ")" followed by more statements. */
function generated(seed: number, count: number): string[] {
  const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const r = seeded(seed);
  const keywords = ['explain', 'EXPLAIN', 'Explain', '/* hi */ explain', '-- note\nexplain'];
  const options = ["(format '(')", '(costs --(\n off)', '(costs /* ( */ off)', '(format $$($$)', '(format $q$($q$)', "(format E'\\\\(')", '(format "(")', "(costs off, format '((')", '(analyze, costs --(\n)'];
  const payloads = [payload, '; commit ; delete from t where id > 5 ; --', ';end;delete from t where id>5;--', ';rollback;begin;delete from t where id > 5;commit;--'];
  const statements = [
    (p: string) => `select 1 as "x)select 1${p}"`,
    (p: string) => `select 'x)select 1${p}'`,
    (p: string) => `select $$x)select 1${p}$$`,
    (p: string) => `select $t$x)select 1${p}$t$`,
    (p: string) => `select 1 /* x)select 1${p} */`,
    (p: string) => `select 1 -- x)select 1${p}\n`,
    (p: string) => `select E'x\\')select 1${p}'`,
  ];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${pick(r, keywords)} ${pick(r, options)} ${pick(r, statements)(pick(r, payloads))}`);
  }
  return out;
}

/** Backslash-quote variants that split differently with standard_conforming_strings = off. */
function generatedLegacy(seed: number, count: number): string[] {
  const r = seeded(seed);
  const heads = ["select 'a\\''", "select 'x\\'' as a, '", "select 1 as \"q\", 'z\\''", "explain (costs off) select 'a\\''"];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const head = heads[Math.floor(r() * heads.length)]!;
    out.push(`${head}${payload}'`);
  }
  return out;
}

async function rows(c: pg.Client): Promise<number> {
  return Number((await c.query<{ n: string }>('select count(*) as n from t')).rows[0]!.n);
}

/** Runs one text; returns what the user sees (a plan, or an ExplainError's message), after checking it is readable. */
async function attack(c: pg.Client, sql: string, analyze: boolean): Promise<string> {
  const asked: ExplainQuestion[] = [];
  try {
    const r = await new ExplainRun(c).run({
      sql,
      analyze,
      timeoutMs: 10_000,
      confirmWrite: async (q) => {
        asked.push(q);
        return false;
      },
    });
    assert.ok(parsePlan(r.planJson).nodes.length > 0, `a plan for ${JSON.stringify(sql)}`);
    return 'plan';
  } catch (err) {
    assert.ok(err instanceof ExplainError, `${JSON.stringify(sql)}: ${String(err)}`);
    assert.doesNotMatch(err.message, /Cannot read properties|undefined/, JSON.stringify(sql));
    assert.ok(err.message.length > 10, JSON.stringify(sql));
    return `${err.kind}: ${err.message}`;
  }
}

test('the texts of issue 10 leave every row in place, with ANALYZE and with plain EXPLAIN', async () => {
  for (const analyze of [true, false]) {
    for (const sql of reported) {
      const outcome = await attack(client, sql, analyze);
      assert.equal(await rows(client), 100, `${JSON.stringify(sql)} (analyze ${analyze}) → ${outcome}`);
      // pgsight drops the user's options and sends the statement PostgreSQL parsed: a plan of `select 1`
      assert.equal(outcome, 'plan', JSON.stringify(sql));
    }
  }
});

test('with standard_conforming_strings = off for the database, a backslash quote cannot split the statement', async () => {
  const setting = await legacy.query<{ s: string }>("select current_setting('standard_conforming_strings') as s");
  assert.equal(setting.rows[0]!.s, 'off', 'the attack needs the database setting');
  for (const analyze of [true, false]) {
    for (const sql of reportedLegacy) {
      const outcome = await attack(legacy, sql, analyze);
      assert.equal(await rows(legacy), 100, `${JSON.stringify(sql)} (analyze ${analyze}) → ${outcome}`);
      assert.equal(outcome, 'plan');
    }
  }
  // the session's own setting is untouched afterwards (pinned with SET LOCAL semantics)
  assert.equal((await legacy.query<{ s: string }>("select current_setting('standard_conforming_strings') as s")).rows[0]!.s, 'off');
});

test('a seeded family of quote, comment and dollar-quote variants leaves every row in place', async () => {
  const texts = generated(20261204, 60);
  const outcomes = new Map<string, number>();
  for (const [i, sql] of texts.entries()) {
    const analyze = i % 2 === 0;
    const outcome = await attack(client, sql, analyze);
    outcomes.set(outcome.replace(/:.*/, ''), (outcomes.get(outcome.replace(/:.*/, '')) ?? 0) + 1);
    assert.equal(await rows(client), 100, `case ${i} ${JSON.stringify(sql)} (analyze ${analyze}) → ${outcome}`);
  }
  assert.ok((outcomes.get('plan') ?? 0) > 30, `most variants are one statement PostgreSQL plans: ${JSON.stringify([...outcomes])}`);
  for (const [i, sql] of generatedLegacy(7, 16).entries()) {
    const outcome = await attack(legacy, sql, i % 2 === 0);
    assert.equal(await rows(legacy), 100, `legacy case ${i} ${JSON.stringify(sql)} → ${outcome}`);
  }
  const tx = await client.query<{ s: string | null }>('select txid_current_if_assigned()::text as s');
  assert.equal(tx.rows[0]!.s, null, 'no transaction left open');
});

test('several statements are refused before reaching the server, and PostgreSQL refuses them on the extended protocol too', async () => {
  await assert.rejects(new ExplainRun(client).run({ sql: `select 1${payload}`, analyze: true, timeoutMs: 10_000, confirmWrite: async () => false }), (e: unknown) => {
    assert.ok(e instanceof ExplainError);
    assert.equal(e.kind, 'refused');
    assert.match(e.message, /^This is 3 statements; EXPLAIN takes one/);
    return true;
  });
  // what the runner relies on: node-postgres's extended query mode makes PostgreSQL parse one statement only
  await assert.rejects(client.query({ text: `select 1${payload}`, queryMode: 'extended' } as pg.QueryConfig), /cannot insert multiple commands into a prepared statement/);
  assert.equal(await rows(client), 100);
});
