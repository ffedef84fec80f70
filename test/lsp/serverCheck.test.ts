/**
 * The server-side check over real JSON-RPC against the real PostgreSQL: PostgreSQL's own
 * errors for statements the offline binder finds clean, word for word at its cursor (the
 * expected text is what the same server answers a plain client in this test), the cache
 * (counted on the wire by a proxy), the setting, statements naming document-only objects,
 * and hostile statements that must never execute.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { connect, freshDatabase } from '../support/db';
import { startInProcessServer } from '../support/lspServer';
import { captureProxy, frontendMessageTypes, type CaptureProxy } from '../support/captureProxy';

const setupSql = `
  create table t (a int, b text, c date);
  create table log (x int);
  insert into t values (1, 'keep', '2020-01-01');
  create function bump() returns int language plpgsql as $$ begin insert into log values (1); return 1; end $$;
`;

/** The database of the running test (each test has its own, dropped when it ends). */
let url = '';
async function database(): Promise<void> {
  url = await freshDatabase('servercheck', setupSql);
}

/**
 * What PostgreSQL answers a plain client that PREPAREs `sql` (another road than pgsight's
 * Parse message), in a read-only transaction rolled back; the position is made relative to `sql`.
 */
async function serverSays(sql: string): Promise<{ code: string; message: string; hint?: string; position?: number } | null> {
  const c = await connect(url);
  const prefix = 'prepare pgsight_expected as ';
  try {
    await c.query('begin read only');
    try {
      await c.query(prefix + sql);
      return null;
    } catch (err) {
      const e = err as pg.DatabaseError;
      const position = e.position ? Number(e.position) - prefix.length : undefined;
      return { code: e.code ?? '', message: e.message, ...(e.hint ? { hint: e.hint } : {}), ...(position !== undefined ? { position } : {}) };
    } finally {
      await c.query('rollback');
    }
  } finally {
    await c.end();
  }
}

function byCode(code: string) {
  return (ds: Diagnostic[]) => ds.some((d) => d.code === code);
}

/** The character offset of a 0-based UTF-16 LSP position on line 0. */
function lineOffset(text: string, d: Diagnostic): number {
  const lines = text.split('\n');
  let off = 0;
  for (let i = 0; i < d.range.start.line; i++) {
    off += lines[i]!.length + 1;
  }
  return off + d.range.start.character;
}

const cases: [string, string][] = [
  ['42883', 'select lower(1)'],
  ['42804', 'select b from t where a'],
  ['42803', 'select a, count(*) from t'],
  ['42P18', 'select 1 from t where $1 is null'],
  ['22P02', "select 'abc'::int"],
  ['42725', "select '1' + '2'"],
  ['42883', "select 'é😀' as x, a from t where a = 'x'::text"],
];

test('each SQLSTATE as PostgreSQL words it, at its cursor, mapped to the document', async () => {
  await database();
  const server = await startInProcessServer({ connection: url, settings: { diagnosticsDelay: 0 } });
  try {
    assert.equal((await server.waitForCatalog()).state, 'loaded');
    for (const [i, [code, stmt]] of cases.entries()) {
      const prefix = `-- case ${i}\nselect 1;\n`;
      const text = `${prefix}${stmt};\n`;
      const uri = `file:///servercheck-${i}.sql`;
      const offline = await server.open(uri, text);
      assert.deepEqual(offline, [], `the offline binder finds ${stmt} clean`);
      const expected = await serverSays(stmt);
      assert.ok(expected, `PostgreSQL rejects ${stmt}`);
      assert.equal(expected.code, code, stmt);
      const ds = await server.diagnosticsWhere(uri, byCode(code));
      assert.equal(ds.length, 1, JSON.stringify(ds));
      const d = ds[0]!;
      assert.equal(d.message, [expected.message, expected.hint ? `Hint: ${expected.hint}` : null].filter((l) => l !== null).join('\n'));
      if (expected.position !== undefined) {
        // PostgreSQL counts characters from 1; the document counts UTF-16 units
        const cursor = [...stmt].slice(0, expected.position - 1).join('').length;
        assert.equal(lineOffset(text, d), prefix.length + cursor, `${stmt}: cursor`);
      } else {
        assert.equal(lineOffset(text, d), prefix.length, `${stmt}: no cursor → the statement's first token`);
      }
      server.close(uri);
    }
  } finally {
    await server.shutdown();
  }
});

test('42883 keeps PostgreSQL\'s "No function matches …" hint', async () => {
  await database();
  const expected = await serverSays('select lower(1)');
  assert.equal(expected?.hint, 'No function matches the given name and argument types. You might need to add explicit type casts.');
});

/** The frontend messages of the check's own session (its startup packet names it). */
function checkSessionMessages(proxy: CaptureProxy): { types: string[]; bytes: Buffer }[] {
  return proxy.sessions.filter((s) => s.sent.includes('pgsight check')).map((s) => ({ types: frontendMessageTypes(s.sent), bytes: s.sent }));
}

async function throughProxy(): Promise<{ proxy: CaptureProxy; proxied: string }> {
  const u = new URL(url);
  const proxy = await captureProxy({ host: u.hostname, port: Number(u.port) });
  u.port = String(proxy.port);
  return { proxy, proxied: u.toString() };
}

test('a statement asked about before costs no round trip: cached by text and catalog', async () => {
  await database();
  const { proxy, proxied } = await throughProxy();
  const server = await startInProcessServer({ connection: proxied, settings: { diagnosticsDelay: 0 } });
  try {
    await server.waitForCatalog();
    const text = 'select lower(1);\nselect 1;\n';
    await server.open('file:///cache-a.sql', text);
    await server.diagnosticsWhere('file:///cache-a.sql', byCode('42883'));
    const parses = () => checkSessionMessages(proxy).reduce((n, s) => n + s.types.filter((t) => t === 'P').length, 0);
    // one Parse per distinct statement (plus the session's own set-up query)
    const afterFirst = parses();
    assert.equal(afterFirst, 3);
    // the same statements in another document: published with the offline diagnostics, no new Parse
    const again = await server.open('file:///cache-b.sql', `${text}select 2;\n`);
    assert.ok(
      again.some((d) => d.code === '42883'),
      'the cached answer comes with the first publish',
    );
    await server.diagnosticsWhere('file:///cache-b.sql', () => parses() === afterFirst + 1);
    assert.equal(parses(), afterFirst + 1, 'only `select 2` was new');
    // never Bind or Execute on that session: parse analysis only
    for (const s of checkSessionMessages(proxy)) {
      assert.equal(s.types.filter((t) => t === 'B').length, 1, 'only the set-up query is bound');
      assert.equal(s.types.filter((t) => t === 'E').length, 1, 'only the set-up query is executed');
    }
  } finally {
    await server.shutdown();
    await proxy.close();
  }
});

test('pgsight.diagnostics.serverCheck off: nothing is sent', async () => {
  await database();
  const { proxy, proxied } = await throughProxy();
  const on = await startInProcessServer({ connection: url, settings: { diagnosticsDelay: 0 } });
  const off = await startInProcessServer({ connection: proxied, settings: { diagnosticsDelay: 0, serverCheck: false } });
  try {
    await Promise.all([on.waitForCatalog(), off.waitForCatalog()]);
    const text = "select lower(1);\nselect 'abc'::int;\n";
    const offDiagnostics = await off.open('file:///off.sql', text);
    await on.open('file:///on.sql', text);
    // the server with the check on answered: the one with it off had the same time
    await on.diagnosticsWhere('file:///on.sql', (ds) => ds.length === 2);
    assert.deepEqual(offDiagnostics, []);
    assert.deepEqual(await off.diagnosticsWhere('file:///off.sql', () => true), []);
    assert.equal(checkSessionMessages(proxy).length, 0, 'no check session was opened');
  } finally {
    await on.shutdown();
    await off.shutdown();
    await proxy.close();
  }
});

test('statements naming objects the document creates are not sent; nothing after a SET is', async () => {
  await database();
  const { proxy, proxied } = await throughProxy();
  const server = await startInProcessServer({ connection: proxied, settings: { diagnosticsDelay: 0 } });
  try {
    await server.waitForCatalog();
    const text = [
      'create table newt (a int);',
      "select 'zz_newt'::int from newt;",
      'alter table t add column d int;',
      "select 'zz_alter'::int from t;",
      'select lower(1);',
      "set datestyle = 'DMY';",
      "select 'zz_after_set'::int;",
    ].join('\n');
    const uri = 'file:///docobjects.sql';
    await server.open(uri, text);
    const ds = await server.diagnosticsWhere(uri, byCode('42883'));
    assert.deepEqual(
      ds.map((d) => d.code),
      ['42883'],
    );
    const sent = checkSessionMessages(proxy)
      .map((s) => s.bytes.toString('utf8'))
      .join('');
    assert.ok(sent.includes('select lower(1)'));
    for (const marker of ['zz_newt', 'zz_alter', 'zz_after_set', 'create table', 'alter table', 'datestyle']) {
      assert.ok(!sent.includes(marker), `${marker} never reaches the server`);
    }
  } finally {
    await server.shutdown();
    await proxy.close();
  }
});

test('attack: statements that would write are parsed, never executed', async () => {
  await database();
  const u = new URL(url);
  const dbName = decodeURIComponent(u.pathname.slice(1));
  const admin = await connect(url);
  // a database whose sessions read backslashes in strings the old way
  await admin.query(`alter database "${dbName}" set standard_conforming_strings = off`);
  await admin.end();
  const server = await startInProcessServer({ connection: url, settings: { diagnosticsDelay: 0 } });
  try {
    await server.waitForCatalog();
    const text = [
      'select bump();',
      'insert into log values (2);',
      'with w as (insert into log values (3) returning x) select * from w;',
      'delete from t;',
      "update t set b = 'x';",
      // one statement to libpg-query; with standard_conforming_strings off it would be three
      "select '\\' as a, '; insert into log values (666); --' as b;",
      'merge into log using (select 4 as x) s on false when not matched then insert values (s.x);',
      'select lower(1);',
    ].join('\n');
    const uri = 'file:///attack.sql';
    await server.open(uri, text);
    // the last statement's answer arrives after every statement before it was sent
    await server.diagnosticsWhere(uri, byCode('42883'));
    const c = await connect(url);
    try {
      const r = await c.query<{ n: string }>('select count(*) as n from log');
      assert.equal(r.rows[0]!.n, '0', 'nothing was written');
      const kept = await c.query<{ b: string }>('select b from t');
      assert.deepEqual(
        kept.rows.map((row) => row.b),
        ['keep'],
        'the row was neither updated nor deleted',
      );
    } finally {
      await c.end();
    }
  } finally {
    await server.shutdown();
    const a = await connect(url);
    await a.query(`alter database "${dbName}" reset standard_conforming_strings`);
    await a.end();
  }
});

test('a table another session keeps locked: no error about the lock, the next statement still answered, asked again later', async () => {
  await database();
  const locker = await connect(url);
  const server = await startInProcessServer({ connection: url, settings: { diagnosticsDelay: 0 } });
  try {
    await server.waitForCatalog();
    await locker.query('begin');
    await locker.query('lock table t in access exclusive mode');
    const uri = 'file:///locked.sql';
    const text = "select 'abc'::int from t;\nselect lower(1);\n";
    await server.open(uri, text);
    // PostgreSQL waits lock_timeout, then 55P03 for the first statement: never shown, not cached
    const ds = await server.diagnosticsWhere(uri, byCode('42883'));
    assert.deepEqual(
      ds.map((d) => d.code),
      ['42883'],
    );
    await locker.query('rollback');
    await server.change(uri, `${text}-- edited\n`);
    const after = await server.diagnosticsWhere(uri, byCode('22P02'));
    assert.deepEqual(
      after.map((d) => d.code),
      ['22P02', '42883'],
    );
  } finally {
    await locker.end();
    await server.shutdown();
  }
});

/** Polls `condition` until it holds (or fails after `timeoutMs`). */
async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

test('a lost connection is silence: offline diagnostics and cached answers keep coming, nothing about the session', async () => {
  await database();
  const { proxy, proxied } = await throughProxy();
  const server = await startInProcessServer({ connection: proxied, settings: { diagnosticsDelay: 0 } });
  try {
    await server.waitForCatalog();
    const uri = 'file:///lost.sql';
    await server.open(uri, 'select lower(1);\n');
    await server.diagnosticsWhere(uri, byCode('42883'));
    await proxy.close(); // the check's session (and any other) is cut; reconnecting is refused
    const first = await server.change(uri, 'select lower(1);\nselect ordrid from t;\nselect lower(2);\n');
    assert.deepEqual(first.map((d) => d.code).sort(), ['42703', '42883'], 'the offline problem and the cached answer, at once');
    await until(() => server.stderr().includes('server-side check: no session'), 'the check to find no server');
    const later = await server.change(uri, 'select lower(1);\nselect ordrid2 from t;\nselect lower(3);\n');
    assert.deepEqual(later.map((d) => d.code).sort(), ['42703', '42883']);
    const last = await server.diagnosticsWhere(uri, () => true);
    assert.ok(!last.some((d) => /^(08|57)/.test(String(d.code))), JSON.stringify(last));
  } finally {
    await server.shutdown();
  }
});
