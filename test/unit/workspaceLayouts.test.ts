/**
 * Layout detection details the fixture repositories (test/db/cliLayouts.test.ts) do not
 * cover: sqitch's reworked changes, which layout wins when several are present, dbmate's down
 * section blanked with positions kept, and the globs written into pgsight.schema.files.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectLayout, globsFor, schemaText } from '../../server/src/workspace/layouts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) {
    fs.rmSync(d, { recursive: true, force: true });
  }
});

function repo(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgsight-layout-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test('sqitch: plan order; a reworked change runs its tagged earlier version first, then the current one', () => {
  const dir = repo({
    'db/sqitch.plan':
      '%project=x\n\nusers 2024-01-01T00:00:00Z A <a@b> # users\nfn 2024-01-02T00:00:00Z A <a@b>\n@v1 2024-01-03T00:00:00Z A <a@b>\nfn [fn@v1] 2024-02-01T00:00:00Z A <a@b> # rework\n',
    'db/deploy/users.sql': 'CREATE TABLE users (id int);',
    'db/deploy/fn@v1.sql': 'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;',
    'db/deploy/fn.sql': 'CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;',
    'db/revert/users.sql': 'DROP TABLE users;',
  });
  assert.deepEqual(detectLayout(dir), { layout: 'sqitch', files: ['db/deploy/users.sql', 'db/deploy/fn@v1.sql', 'db/deploy/fn.sql'] });
});

test('a migration tool wins over a dump in the same repository; nothing known gives null', () => {
  const dir = repo({
    'db/structure.sql': 'CREATE TABLE a (x int);',
    'migrations/2_b.up.sql': 'SELECT 1;',
    'migrations/10_c.up.sql': 'SELECT 1;',
    'migrations/2_b.down.sql': '',
  });
  assert.deepEqual(detectLayout(dir), { layout: 'golang-migrate', files: ['migrations/2_b.up.sql', 'migrations/10_c.up.sql'] });
  assert.equal(detectLayout(repo({ 'queries/a.sql': 'SELECT 1;', 'README.md': '' })), null);
});

test('dbmate: the down section is blanked, lines and offsets kept', () => {
  const text = '-- migrate:up\nCREATE TABLE a (x int);\n\n-- migrate:down\nDROP TABLE a;\n';
  const up = schemaText(text);
  assert.equal(up.length, text.length);
  assert.equal(up.split('\n').length, text.split('\n').length);
  assert.ok(up.startsWith('-- migrate:up\nCREATE TABLE a (x int);\n\n'));
  assert.doesNotMatch(up, /DROP/);
  // a file without dbmate's marker is left alone, even with a migrate:down comment
  assert.equal(schemaText('-- migrate:down\nDROP TABLE a;'), '-- migrate:down\nDROP TABLE a;');
});

test('globs for the setting: one glob when its numeric sort gives the same order, else the files', () => {
  const dir = repo({ 'm/1_a.up.sql': '', 'm/2_b.up.sql': '', 'm/10_c.up.sql': '', 'm/1_a.down.sql': '' });
  assert.deepEqual(globsFor(dir, ['m/1_a.up.sql', 'm/2_b.up.sql', 'm/10_c.up.sql']), ['m/*.up.sql']);
  // Flyway's repeatables come after every version, which no single glob sorts that way
  const fly = repo({ 'db/V1__a.sql': '', 'db/V2__b.sql': '', 'db/R__v.sql': '' });
  assert.deepEqual(globsFor(fly, ['db/V1__a.sql', 'db/V2__b.sql', 'db/R__v.sql']), ['db/V1__a.sql', 'db/V2__b.sql', 'db/R__v.sql']);
});
