/**
 * The tree's database actions against a real PostgreSQL: create from a template (and
 * PostgreSQL refusing while another session holds it, with the blocker reported and
 * terminated), the encoding rule, mark/unmark template, allow/disallow connections, rename,
 * drop with and without FORCE; names over 63 bytes refused, terminate only the very session
 * listed, drop only the database listed (by oid), and a template stays one unless dropped.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { connect, quoteIdent, urlFor } from '../support/db';
import { listDatabases, serverInfo } from '../../client/src/tree/data/databases';
import {
  createDatabase,
  createDatabaseSql,
  sessionsOn,
  terminateSessions,
  setTemplate,
  setAllowConnections,
  renameDatabase,
  dropDatabase,
  supportsDropForce,
  describeSession,
  objectInUse,
  databaseNameProblem,
} from '../../client/src/tree/data/databaseActions';
import { DatabaseChangedError, dropListedDatabase, type ListedDatabase } from '../../client/src/tree/data/dropListedDatabase';
import { pgErrorInfo, formatPgError } from '../../client/src/pgError';
import { runWithBlockers } from '../../client/src/tree/data/blockers';

const prefix = `act_${process.pid}`;
let admin: pg.Client;
const created = new Set<string>();

async function flags(name: string) {
  const db = (await listDatabases(admin)).find((d) => d.name === name);
  return db && { isTemplate: db.isTemplate, allowConnections: db.allowConnections };
}

before(async () => {
  admin = await connect();
});

after(async () => {
  for (const name of created) {
    await admin.query(`ALTER DATABASE ${quoteIdent(name)} IS_TEMPLATE false`).catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  }
  await admin.end();
});

test('CREATE DATABASE is built by the server with its quoting rules', async () => {
  const sql = await createDatabaseSql(admin, { name: 'My "DB"', owner: 'postgres', template: 'template0', encoding: 'LATIN1', locale: 'C', connectionLimit: 5 });
  assert.equal(sql, `CREATE DATABASE "My ""DB""" OWNER postgres TEMPLATE template0 ENCODING 'LATIN1' LOCALE 'C' CONNECTION LIMIT 5`);
  assert.equal(await createDatabaseSql(admin, { name: 'plain_name' }), 'CREATE DATABASE plain_name');
  assert.equal(await createDatabaseSql(admin, { name: 'select' }), 'CREATE DATABASE "select"');
});

test('create from a custom template copies it; refused while the template is in use, blocker reported, terminated, retried', async () => {
  const template = `${prefix}_tpl`;
  created.add(template);
  await createDatabase(admin, { name: template, template: 'template0' });
  const t = await connect(urlFor(template));
  await t.query("create table seeded(x int); insert into seeded values (42); set application_name = 'blocking-app'");
  await setTemplate(admin, template, true);

  const copy = `${prefix}_copy`;
  created.add(copy);
  await assert.rejects(createDatabase(admin, { name: copy, template }), (err: unknown) => {
    const info = pgErrorInfo(err);
    assert.equal(info.sqlstate, objectInUse);
    assert.equal(info.message, `source database "${template}" is being accessed by other users`);
    assert.equal(info.detail, 'There is 1 other session using the database.');
    assert.match(formatPgError(info), new RegExp(`^ERROR:  55006: source database .*\\nDETAIL:  There is 1 other session using the database\\.$`));
    return true;
  });
  const blockers = await sessionsOn(admin, template);
  const pid = Number((await t.query('select pg_backend_pid() as p')).rows[0].p);
  assert.deepEqual(blockers.map((b) => [b.pid, b.user, b.application, b.state]), [[pid, 'postgres', 'blocking-app', 'idle']]);
  assert.match(describeSession(blockers[0]!), new RegExp(`^pid ${pid} · postgres · blocking-app · 127\\.0\\.0\\.1:\\d+ · idle since `));

  t.on('error', () => undefined); // the terminated session reports FATAL 57P01
  const ended = new Promise<void>((resolve) => t.once('end', () => resolve()));
  assert.deepEqual(await terminateSessions(admin, blockers), [pid]);
  await ended;
  await createDatabase(admin, { name: copy, template });
  const c = await connect(urlFor(copy));
  try {
    assert.equal((await c.query('select x from seeded')).rows[0].x, 42);
  } finally {
    await c.end();
  }
});

test('encoding/locale other than the template\'s: PostgreSQL\'s rule, and template0 allows it', async () => {
  const name = `${prefix}_latin1`;
  created.add(name);
  const template1 = (await listDatabases(admin)).find((d) => d.name === 'template1')!;
  const other = template1.encoding === 'LATIN1' ? 'UTF8' : 'LATIN1';
  await assert.rejects(createDatabase(admin, { name, template: 'template1', encoding: other, locale: 'C' }), (err: unknown) => {
    const info = pgErrorInfo(err);
    assert.equal(info.sqlstate, '22023');
    assert.equal(info.message, `new encoding (${other}) is incompatible with the encoding of the template database (${template1.encoding})`);
    assert.equal(info.hint, 'Use the same encoding as in the template database, or use template0 as template.');
    return true;
  });
  await createDatabase(admin, { name, template: 'template0', encoding: other, locale: 'C' });
  assert.equal((await listDatabases(admin)).find((d) => d.name === name)?.encoding, other);
});

test('mark / unmark template and allow / disallow connections change pg_database', async () => {
  const name = `${prefix}_flags`;
  created.add(name);
  await createDatabase(admin, { name, template: 'template0' });
  assert.deepEqual(await flags(name), { isTemplate: false, allowConnections: true });
  await setTemplate(admin, name, true);
  assert.deepEqual(await flags(name), { isTemplate: true, allowConnections: true });
  await setAllowConnections(admin, name, false);
  assert.deepEqual(await flags(name), { isTemplate: true, allowConnections: false });
  await assert.rejects(connect(urlFor(name)), (err: unknown) => {
    assert.equal(pgErrorInfo(err).sqlstate, '55000');
    assert.equal(pgErrorInfo(err).message, `database "${name}" is not currently accepting connections`);
    return true;
  });
  await setAllowConnections(admin, name, true);
  await setTemplate(admin, name, false);
  assert.deepEqual(await flags(name), { isTemplate: false, allowConnections: true });
  await assert.rejects(dropDatabase(admin, 'template1', false), { message: 'cannot drop a template database' });
});

test('rename quotes the new name; drop refuses with sessions, WITH (FORCE) on 13+ ends them', async () => {
  const name = `${prefix}_old`;
  const renamed = `${prefix} New Name`;
  created.add(name);
  created.add(renamed);
  await createDatabase(admin, { name, template: 'template0' });
  assert.equal(await renameDatabase(admin, name, renamed), `ALTER DATABASE ${name} RENAME TO "${renamed}"`);
  assert.ok((await listDatabases(admin)).some((d) => d.name === renamed));

  const s = await connect(urlFor(renamed));
  s.on('error', () => undefined);
  await assert.rejects(dropDatabase(admin, renamed, false), (err: unknown) => {
    assert.equal(pgErrorInfo(err).sqlstate, objectInUse);
    assert.equal(pgErrorInfo(err).message, `database "${renamed}" is being accessed by other users`);
    return true;
  });
  const info = await serverInfo(admin);
  assert.equal(supportsDropForce(info.versionNum), info.versionNum >= 130000);
  assert.equal(await dropDatabase(admin, renamed, true), `DROP DATABASE "${renamed}" WITH (FORCE)`);
  assert.ok(!(await listDatabases(admin)).some((d) => d.name === renamed));
  await s.end().catch(() => undefined);
});

test('runWithBlockers: reports who holds the template, retries after terminating them, or stops on cancel', async () => {
  const template = `${prefix}_held`;
  created.add(template);
  await createDatabase(admin, { name: template, template: 'template0' });
  const holder = await connect(urlFor(template));
  holder.on('error', () => undefined);
  await holder.query("set application_name = 'holder'");
  const holderPid = Number((await holder.query('select pg_backend_pid() as p')).rows[0].p);

  const cancelled = `${prefix}_cancelled`;
  const seen: string[] = [];
  const result = await runWithBlockers(admin, template, () => createDatabase(admin, { name: cancelled, template }), async (db, sessions, message) => {
    seen.push(`${db}|${sessions.map((s) => `${s.pid}:${s.application}`).join(',')}|${message}`);
    return 'cancel';
  });
  assert.equal(result, undefined);
  assert.deepEqual(seen, [`${template}|${holderPid}:holder|source database "${template}" is being accessed by other users\nThere is 1 other session using the database.`]);
  assert.ok(!(await listDatabases(admin)).some((d) => d.name === cancelled));

  const copy = `${prefix}_after_terminate`;
  created.add(copy);
  const answers: string[] = [];
  const sql = await runWithBlockers(admin, template, () => createDatabase(admin, { name: copy, template }), async (_db, sessions) => {
    answers.push(sessions.map((s) => s.pid).join(','));
    return 'terminate';
  });
  assert.equal(sql, `CREATE DATABASE ${copy} TEMPLATE ${template}`);
  assert.deepEqual(answers, [String(holderPid)]);
  assert.ok((await listDatabases(admin)).some((d) => d.name === copy));
});

async function listed(name: string): Promise<ListedDatabase> {
  const db = (await listDatabases(admin)).find((d) => d.name === name);
  assert.ok(db, `${name} is not listed`);
  return { oid: db.oid, name: db.name };
}

async function names(): Promise<string[]> {
  return (await listDatabases(admin)).map((d) => d.name);
}

test('rename and create refuse names over 63 bytes (UTF-8) instead of letting PostgreSQL cut them', async () => {
  const name = `${prefix}_long`;
  created.add(name);
  await createDatabase(admin, { name, template: 'template0' });
  const tooLong = 'é'.repeat(32); // 32 characters, 64 bytes
  assert.match(databaseNameProblem(tooLong)!, /^The name is 64 bytes in UTF-8; PostgreSQL keeps at most 63 \(NAMEDATALEN − 1\) and would cut it to "é{31}"\. Choose a shorter name\.$/);
  await assert.rejects(renameDatabase(admin, name, tooLong), /64 bytes in UTF-8/);
  await assert.rejects(renameDatabase(admin, name, 'a'.repeat(64)), /64 bytes in UTF-8; .* cut it to "a{63}"/);
  await assert.rejects(createDatabase(admin, { name: `${'b'.repeat(63)}x`, template: 'template0' }), /64 bytes/);
  const all = await names();
  assert.ok(all.includes(name), 'the database keeps its name');
  assert.ok(!all.some((n) => n.startsWith('éééé') || n === 'a'.repeat(63) || n === 'b'.repeat(63)), 'no truncated name was created');

  // 63 bytes is kept exactly as typed
  const longest = `${'é'.repeat(31)}x`;
  created.add(longest);
  assert.equal(databaseNameProblem(longest), null);
  await renameDatabase(admin, name, longest);
  assert.ok((await names()).includes(longest));
});

test('terminate acts only on the session listed: a pid whose backend_start changed is left alone', async () => {
  const name = `${prefix}_term`;
  created.add(name);
  await createDatabase(admin, { name, template: 'template0' });
  const kept = await connect(urlFor(name));
  const ended = await connect(urlFor(name));
  ended.on('error', () => undefined);
  const gone = new Promise<void>((resolve) => ended.once('end', () => resolve()));
  try {
    const sessions = await sessionsOn(admin, name);
    assert.equal(sessions.length, 2);
    const keptPid = Number((await kept.query('select pg_backend_pid() as p')).rows[0].p);
    const keptListed = sessions.find((x) => x.pid === keptPid)!;
    const endedListed = sessions.find((x) => x.pid !== keptPid)!;
    // the same pid as listed, but another backend than the one listed (as after pid reuse)
    const { rows } = await admin.query<{ earlier: string }>("select ($1::timestamptz - interval '1 second')::text as earlier", [keptListed.backendStart]);
    const reused = { ...keptListed, backendStart: rows[0]!.earlier };
    assert.deepEqual(await terminateSessions(admin, [reused, endedListed]), [endedListed.pid]);
    await gone;
    assert.equal((await kept.query('select 1 as one')).rows[0].one, 1, 'the session not listed is still alive');
    assert.deepEqual((await sessionsOn(admin, name)).map((x) => x.pid), [keptPid]);
    // an ended session listed earlier: nothing to terminate
    assert.deepEqual(await terminateSessions(admin, [endedListed]), []);
  } finally {
    await kept.end();
  }
});

test('drop of a template: a cancelled drop leaves it a template', async () => {
  const name = `${prefix}_tpl_cancel`;
  created.add(name);
  await createDatabase(admin, { name, template: 'template0' });
  await setTemplate(admin, name, true);
  const holder = await connect(urlFor(name));
  holder.on('error', () => undefined);
  try {
    const asked: string[] = [];
    const result = await dropListedDatabase(admin, await listed(name), false, async (db) => {
      asked.push(db);
      // while the user is asked, it is unmarked (PostgreSQL refuses to drop a template)
      assert.deepEqual(await flags(name), { isTemplate: false, allowConnections: true });
      return 'cancel';
    });
    assert.equal(result, undefined);
    assert.deepEqual(asked, [name]);
    assert.deepEqual(await flags(name), { isTemplate: true, allowConnections: true });
  } finally {
    await holder.end();
  }
});

test('drop of a template: a failed drop leaves it a template; a drop that succeeds removes it', async () => {
  const name = `${prefix}_tpl_fail`;
  created.add(name);
  await createDatabase(admin, { name, template: 'template0' });
  await setTemplate(admin, name, true);
  // another transaction holds a lock on the database object: DROP waits, and times out
  const locker = await connect();
  await locker.query('begin');
  await locker.query(`comment on database ${quoteIdent(name)} is 'locked'`);
  await admin.query("set lock_timeout = '200ms'");
  try {
    await assert.rejects(
      dropListedDatabase(admin, await listed(name), false, async () => 'cancel'),
      (err: unknown) => pgErrorInfo(err).sqlstate === '55P03',
    );
    assert.deepEqual(await flags(name), { isTemplate: true, allowConnections: true });
  } finally {
    await admin.query('reset lock_timeout');
    await locker.query('rollback');
    await locker.end();
  }
  assert.equal(await dropListedDatabase(admin, await listed(name), false, async () => 'cancel'), `DROP DATABASE ${name}`);
  assert.ok(!(await names()).includes(name));
});

test('drop acts on the database as listed (its oid): renamed or replaced meanwhile, it fails and drops nothing', async () => {
  const name = `${prefix}_oid`;
  const moved = `${prefix}_oid_moved`;
  created.add(name);
  created.add(moved);
  await createDatabase(admin, { name, template: 'template0' });
  const before = await listed(name);
  // behind the tree's back: the listed database is renamed and another takes its name
  await renameDatabase(admin, name, moved);
  await createDatabase(admin, { name, template: 'template0' });
  await assert.rejects(dropListedDatabase(admin, before, true, async () => 'cancel'), (err: unknown) => {
    assert.ok(err instanceof DatabaseChangedError);
    assert.equal(err.message, `The database listed as "${name}" (oid ${before.oid}) is now named "${moved}". Nothing was dropped: refresh the PostgreSQL view and try again.`);
    return true;
  });
  assert.ok((await names()).includes(name) && (await names()).includes(moved));
  await dropDatabase(admin, moved, false);
  await assert.rejects(dropListedDatabase(admin, { oid: before.oid, name: moved }, false, async () => 'cancel'), /\(oid \d+\) no longer exists\. Nothing was dropped/);
  assert.ok((await names()).includes(name), 'the database now called that is untouched');
});
