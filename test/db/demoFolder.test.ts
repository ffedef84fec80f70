/**
 * `npm start`'s demo PostgreSQL folder (scripts/lib/demoPg.mjs, the code start.mjs runs): each
 * folder gets a random superuser password of its own, kept in a 0600 file, the folder is 0700,
 * the old fixed password gets nobody in, and a restart finds its password again. Real clusters
 * of this file's own (initdb in temporary folders), logged into over TCP.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

interface DemoServer {
  url: string;
  port: number;
  password: string;
  fresh: boolean;
  passwordFile: string;
  stop(): Promise<void>;
}
interface DemoPg {
  legacyPassword: string;
  demoPgDir(cache: string): string;
  startDemoPostgres(o: { dir: string; log?: (m: string) => void }): Promise<DemoServer>;
}
interface EmbeddedPg {
  startEmbeddedPostgres(o: { dir: string; password: string }): Promise<DemoServer>;
}

let demoPg: DemoPg;
let embeddedPg: EmbeddedPg;
let tmp: string;
const running: DemoServer[] = [];

before(async () => {
  const demoHelper = '../../scripts/lib/demoPg.mjs';
  const embeddedHelper = '../../scripts/lib/embeddedPg.mjs';
  demoPg = (await import(demoHelper)) as DemoPg;
  embeddedPg = (await import(embeddedHelper)) as EmbeddedPg;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pgsight-demo-folder-'));
});

after(async () => {
  for (const s of running) {
    await s.stop().catch(() => {});
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function start(name: string, log?: (m: string) => void): Promise<DemoServer> {
  const server = await demoPg.startDemoPostgres({ dir: path.join(tmp, name, 'demo-pg'), log });
  running.push(server);
  return server;
}

async function stop(server: DemoServer): Promise<void> {
  await server.stop();
  running.splice(running.indexOf(server), 1);
}

/** Logs in as postgres over TCP; the error's SQLSTATE, or 'ok'. */
async function login(port: number, password: string): Promise<string> {
  const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  try {
    await c.connect();
    return 'ok';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  } finally {
    await c.end().catch(() => {});
  }
}

const mode = (file: string): string => (fs.statSync(file).mode & 0o777).toString(8);

test('two demo folders: each 0700 with a 0600 password file, random passwords that differ, the old one refused', async () => {
  const one = await start('one');
  const two = await start('two');
  const dirOne = path.join(tmp, 'one', 'demo-pg');
  assert.equal(mode(dirOne), '700');
  assert.equal(mode(path.join(tmp, 'two', 'demo-pg')), '700');
  assert.equal(mode(one.passwordFile), '600');
  assert.equal(path.dirname(one.passwordFile), dirOne, 'the password is kept in the data folder');
  assert.equal(fs.readFileSync(one.passwordFile, 'utf8').trim(), one.password);
  assert.notEqual(one.password, demoPg.legacyPassword);
  assert.notEqual(two.password, demoPg.legacyPassword);
  assert.notEqual(one.password, two.password);
  assert.ok(one.password.length >= 20);
  assert.equal(await login(one.port, one.password), 'ok');
  assert.equal(await login(one.port, demoPg.legacyPassword), '28P01');
  assert.equal(await login(one.port, two.password), '28P01', "another folder's password gets nobody in");
  assert.equal(await login(two.port, two.password), 'ok');
  // the data directory initdb made is the owner's alone as well
  assert.equal(mode(path.join(dirOne, 'data')), '700');
  await stop(two);

  // a restart of the same folder finds its password in the file
  await stop(one);
  const again = await start('one');
  assert.equal(again.fresh, false);
  assert.equal(again.password, one.password);
  assert.equal(await login(again.port, one.password), 'ok');
  await stop(again);
});

test('a folder made by an older pgsight (fixed password, no password file) is made again with a password of its own', async () => {
  const dir = path.join(tmp, 'old', 'demo-pg');
  const old = await embeddedPg.startEmbeddedPostgres({ dir, password: demoPg.legacyPassword });
  assert.equal(await login(old.port, demoPg.legacyPassword), 'ok');
  await old.stop();
  fs.chmodSync(dir, 0o755); // as older pgsight versions left it
  const said: string[] = [];
  const made = await start('old', (m) => said.push(m));
  assert.equal(made.fresh, true);
  assert.match(said.join('\n'), /older pgsight/);
  assert.equal(mode(dir), '700');
  assert.equal(await login(made.port, demoPg.legacyPassword), '28P01');
  assert.equal(await login(made.port, made.password), 'ok');
  await stop(made);
});

test('the demo folder belongs to its cache root: an empty HOME starts from nothing', () => {
  const a = demoPg.demoPgDir('/home/a/.cache/pgsight');
  const b = demoPg.demoPgDir('/tmp/empty-home/.cache/pgsight');
  assert.notEqual(a, b);
  assert.equal(demoPg.demoPgDir('/home/a/.cache/pgsight'), a);
  if (process.getuid?.() === 0) {
    assert.match(a, /^\/var\/tmp\/pgsight-root\/[0-9a-f]{12}\/demo-pg$/);
  } else {
    assert.equal(a, '/home/a/.cache/pgsight/demo-pg');
  }
});
