/**
 * The tree's database actions against a real PostgreSQL: create from a template (and
 * PostgreSQL refusing while another session holds it, with the blocker reported and
 * terminated), the encoding rule, mark/unmark template, allow/disallow connections, rename,
 * drop with and without FORCE.
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
} from '../../client/src/tree/data/databaseActions';
import { pgErrorInfo, formatPgError } from '../../client/src/connections/session';
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
  assert.deepEqual(await terminateSessions(admin, [pid]), [pid]);
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
