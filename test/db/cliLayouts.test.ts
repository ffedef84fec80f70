/**
 * `pgsight check` with no `--schema`: each common layout in test/fixtures/layouts is detected
 * and replayed in the order its tool applies the files (Flyway by version, golang-migrate
 * without .down.sql, dbmate's up sections only, sqitch in plan order, Rails structure.sql, a
 * pg_dump file, schema.sql). The judge is the real server: the same files applied in that
 * order with psql, then the same queries run with psql; the check's output must be psql's.
 * Mixed mode (`--connection` with a schema): what the files create but the server lacks is a
 * warning naming the file and line, and does not fail the check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freshDatabase } from '../support/db';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist/cli.js');
const layouts = path.join(root, 'test/fixtures/layouts');

function check(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'check', ...args], { cwd, encoding: 'utf8', env: { ...process.env, PGPASSWORD: undefined } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function psqlErrors(url: string, cwd: string, file: string): string {
  const r = spawnSync('/usr/bin/psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=0', '-f', file, url], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stderr;
}

/** The schema as its tool runs it: dbmate runs only what precedes `-- migrate:down`. */
const upSection = (text: string): string => text.split(/^-- migrate:down/m)[0]!;

const cases: { dir: string; layout: string; files: string[] }[] = [
  {
    dir: 'flyway',
    layout: 'Flyway',
    files: [
      'db/migration/V1__customers.sql',
      'db/migration/V1.1__phone.sql',
      'db/migration/V2__orders.sql',
      'db/migration/V10__renames.sql',
      'db/migration/R__order_totals.sql',
    ],
  },
  {
    dir: 'golang-migrate',
    layout: 'golang-migrate',
    files: ['migrations/1_customers.up.sql', 'migrations/2_phone.up.sql', 'migrations/3_orders.up.sql', 'migrations/10_renames.up.sql'],
  },
  {
    dir: 'dbmate',
    layout: 'dbmate',
    files: [
      'db/migrations/20240105093000_customers.sql',
      'db/migrations/20240105093100_phone.sql',
      'db/migrations/20240210120000_orders.sql',
      'db/migrations/20241101080000_renames.sql',
    ],
  },
  { dir: 'sqitch', layout: 'sqitch', files: ['deploy/tables.sql', 'deploy/add_phone.sql', 'deploy/renames.sql'] },
  { dir: 'rails', layout: 'Rails structure.sql', files: ['db/structure.sql'] },
  { dir: 'pg_dump', layout: 'pg_dump', files: ['dump/shop.sql'] },
  { dir: 'schema-sql', layout: 'schema.sql', files: ['schema.sql'] },
];

for (const c of cases) {
  test(`${c.layout}: detected, replayed in the tool's order, output identical to psql's on the migrated server`, async () => {
    const cwd = path.join(layouts, c.dir);
    const json = check(['../queries.sql', '--format', 'json'], cwd);
    const out = JSON.parse(json.stdout) as { catalog: string; files: string[]; problems: { file: string }[] };
    assert.equal(out.catalog, 'workspace');
    assert.deepEqual(out.files, [...c.files, '../queries.sql']);
    assert.ok(json.stderr.includes(`pgsight: schema: detected ${c.layout} (${c.files.length} file`), json.stderr);
    // the schema files themselves are clean in that order
    assert.deepEqual(
      out.problems.filter((p) => p.file !== '../queries.sql'),
      [],
    );

    const schema = c.files.map((f) => upSection(fs.readFileSync(path.join(cwd, f), 'utf8'))).join('\n');
    const url = await freshDatabase(`pgsight_layout_${c.dir.replace(/\W/g, '_')}`, schema);
    const expected = psqlErrors(url, cwd, '../queries.sql');
    const text = check(['../queries.sql'], cwd);
    assert.equal(text.status, 1, text.stderr);
    assert.equal(expected.split('\n').filter((l) => l.startsWith('psql:')).length, 2, 'the queries have two mistakes');
    assert.equal(text.stdout, expected);
  });
}

test('--schema overrides detection', () => {
  const got = check(['../queries.sql', '--schema', 'db/migration/V1__customers.sql', '--format', 'json'], path.join(layouts, 'flyway'));
  const out = JSON.parse(got.stdout) as { files: string[] };
  assert.deepEqual(out.files, ['db/migration/V1__customers.sql', '../queries.sql']);
  assert.doesNotMatch(got.stderr, /detected/);
});

test('mixed mode: with a server behind the migrations, what they create is a pending-migration warning naming the file', async () => {
  const cwd = path.join(layouts, 'flyway');
  // the server has had V1 and V1.1 applied, not V2 (orders) nor V10 (the renames)
  const applied = ['db/migration/V1__customers.sql', 'db/migration/V1.1__phone.sql'].map((f) => fs.readFileSync(path.join(cwd, f), 'utf8')).join('\n');
  const url = await freshDatabase('pgsight_layout_mixed', applied);
  const got = check(['../queries.sql', '--connection', url], cwd);
  assert.deepEqual(
    got.stdout.split('\n').filter((l) => l.startsWith('psql:')),
    [
      'psql:../queries.sql:3: WARNING:  relation "shop_orders" is not on the server yet — pending migration? (created in db/migration/V10__renames.sql:1)',
      'psql:../queries.sql:5: WARNING:  relation "shop_orders" is not on the server yet — pending migration? (created in db/migration/V10__renames.sql:1)',
      // the server still calls it email: not a mistake against the server
    ],
  );
  assert.equal(got.status, 0, 'warnings do not fail the check');
  assert.match(got.stderr, /0 errors in 0 of \d+ files, 2 warnings \(catalog: server\)/);
  // a misspelling is still an error
  fs.mkdirSync(path.join(root, 'out'), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(root, 'out', 'mixed-'));
  try {
    fs.cpSync(path.join(cwd, 'db'), path.join(tmp, 'db'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'q.sql'), 'SELECT phone, emial FROM customers;\n');
    const bad = check(['q.sql', '--connection', url], tmp);
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /^psql:q\.sql:1: ERROR: {2}column "emial" does not exist$/m);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
