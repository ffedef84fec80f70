/**
 * Run File against psql itself: the same script runs through `psql -X -v ON_ERROR_STOP=1 -f`
 * and through pgsight on twin databases of the same server, and the databases must end up
 * the same (variables substituted with psql's quoting, `\c` switching the database, the first
 * error stopping the script). Unsupported meta-commands stop the script and are never sent.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, freshDatabase } from '../support/db';
import { RunSession } from '../../client/src/run/runSession';
import { runScript } from '../../client/src/run/scriptRunner';

const sessions: RunSession[] = [];
after(async () => {
  for (const s of sessions) {
    await s.close();
  }
});

async function open(url: string): Promise<RunSession> {
  const s = await RunSession.open(await connect(url), { statementTimeoutMs: 0, readOnly: false });
  sessions.push(s);
  return s;
}

const dbName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));
const withDb = (url: string, db: string) => {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(db)}`;
  return u.toString();
};

/** The script, for a pair of databases (the second reached with \c). */
const script = (other: string) => `
\\set name 'O''Brien \\\\ co'
\\set tbl 'Mixed Case'
\\set n 3
create table :"tbl" (id int, who text);
insert into :"tbl" select g, :'name' from generate_series(1, :n) g;
-- a colon in a string, a cast and a slice are not variables
insert into :"tbl" values (length(':n') + 7, (array['x','y'])[1:1]::text);
\\c ${other}
create table landed(v text);
insert into landed values (:'name');
select no_such_column;
insert into landed values ('never');
`;

async function contents(url: string, sql: string): Promise<unknown[]> {
  const c = await connect(url);
  try {
    return (await c.query({ text: sql, rowMode: 'array' })).rows;
  } catch (err) {
    return [(err as { code?: string }).code];
  } finally {
    await c.end();
  }
}

test('a script ends in the same state under pgsight as under psql -v ON_ERROR_STOP=1', async () => {
  const [psqlA, psqlB, oursA, oursB] = await Promise.all([freshDatabase('scr_pa'), freshDatabase('scr_pb'), freshDatabase('scr_oa'), freshDatabase('scr_ob')]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pgsight-run-')), 'script.sql');
  fs.writeFileSync(file, script(dbName(psqlB!)));
  let psqlFailed = false;
  try {
    execFileSync('/usr/bin/psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', psqlA!, '-f', file], { stdio: 'pipe' });
  } catch {
    psqlFailed = true; // the error stops it with status 3
  }
  assert.ok(psqlFailed, 'psql stopped at the error');

  const text = script(dbName(oursB!));
  const outcome = await runScript(text, await open(oursA!), {
    pageSize: 100,
    connect: async (db) => open(withDb(oursA!, db ?? dbName(oursA!))),
  });
  sessions.push(outcome.session);
  assert.equal(outcome.stopped, true);
  const last = outcome.steps.at(-1)!;
  assert.equal(last.kind, 'statement');
  assert.equal(last.kind === 'statement' && last.result.error?.sqlstate, '42703');
  assert.equal(last.kind === 'statement' && last.errorAt, text.indexOf('no_such_column'));

  const q1 = 'select id, who from "Mixed Case" order by id';
  const q2 = 'select v from landed order by v';
  assert.deepEqual(await contents(oursA!, q1), await contents(psqlA!, q1));
  assert.deepEqual(await contents(oursB!, q2), await contents(psqlB!, q2));
  assert.deepEqual(await contents(oursA!, q1), [[1, 'O\'Brien \\ co'], [2, 'O\'Brien \\ co'], [3, 'O\'Brien \\ co'], [9, '{x}']]);
  assert.deepEqual(await contents(oursB!, q2), [['O\'Brien \\ co']]);
  // the tags of the steps, as psql would print them
  const tags = outcome.steps.flatMap((s) => (s.kind === 'statement' ? [s.result.tag] : []));
  assert.deepEqual(tags, ['CREATE TABLE', 'INSERT 0 3', 'INSERT 0 1', 'CREATE TABLE', 'INSERT 0 1', null]);
});

test('an unsupported meta-command stops the script and nothing after it reaches the server', async () => {
  const url = await freshDatabase('scr_meta', 'create table t(a int)');
  const outcome = await runScript('insert into t values (1);\n\\copy t from data.csv\ninsert into t values (2);\n', await open(url), {
    pageSize: 100,
    connect: async () => {
      throw new Error('no');
    },
  });
  sessions.push(outcome.session);
  assert.equal(outcome.stopped, true);
  const meta = outcome.steps.at(-1)!;
  assert.equal(meta.kind, 'meta');
  assert.match(meta.kind === 'meta' ? (meta.error ?? '') : '', /\\copy is a psql meta-command that pgsight does not run/);
  assert.deepEqual(await contents(url, 'select a from t'), [[1]]);
});

test('\\echo prints with variables; \\unset makes a reference literal again', async () => {
  const url = await freshDatabase('scr_echo');
  const outcome = await runScript("\\set v 'x y'\n\\echo [:v] [:'v']\n\\unset v\nselect ':v' as lit;\n", await open(url), { pageSize: 100, connect: async () => open(url) });
  sessions.push(outcome.session);
  const echo = outcome.steps[1]!;
  assert.equal(echo.kind === 'meta' && echo.output, "[x y] ['x y']");
  const sel = outcome.steps.at(-1)!;
  assert.deepEqual(sel.kind === 'statement' && sel.result.rows, [[':v']]);
});

test('demo/6-run-sql.sql runs as its comments say: every step, then the error it ends with', async () => {
  const url = await freshDatabase('scr_demo');
  const text = fs.readFileSync(path.resolve(__dirname, '../../demo/6-run-sql.sql'), 'utf8');
  const outcome = await runScript(text, await open(url), { pageSize: 500, connect: async () => open(url) });
  sessions.push(outcome.session);
  const statements = outcome.steps.flatMap((s) => (s.kind === 'statement' ? [s] : []));
  assert.deepEqual(
    statements.map((s) => s.result.tag),
    ['SELECT 1', 'SELECT 1000000', 'CREATE TABLE', 'INSERT 0 3', 'UPDATE 2', 'DROP TABLE', 'BEGIN', 'DELETE 1', 'ROLLBACK', 'SELECT 1', null],
  );
  const values = statements[0]!.result;
  assert.deepEqual(values.rows![0]!.filter((_, i) => i !== 3), ['1.10', null, '', '\\x00ff', '{"a": [1, 2]}', '{1,NULL,3}']);
  assert.deepEqual(statements.at(-2)!.result.rows, [['2024-01-04']]);
  assert.equal(statements[5]!.result.notices[0]?.message, 'table "no_such_table" does not exist, skipping');
  const last = statements.at(-1)!;
  assert.equal(last.result.error?.sqlstate, '42703');
  assert.equal(last.result.error?.hint, 'Perhaps you meant to reference the column "run_demo.note".');
  assert.equal(last.errorAt, text.indexOf('nte FROM'));
  assert.equal(outcome.stopped, true);
});
