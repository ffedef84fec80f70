/**
 * `pgsight check` (DESIGN.md contract 6) run as a child process, `node dist/cli.js check`, on
 * the fixture repository test/fixtures/check (migrations in db/, queries in queries/). Its
 * text output must be byte for byte what psql prints when the same files run against the
 * real server with the same migrations applied.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freshDatabase } from '../support/db';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist/cli.js');
const fixture = path.join(root, 'test/fixtures/check');
const migrations = ['db/001_schema.sql', 'db/002_changes.sql'];

function check(args: string[], cwd = fixture): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'check', ...args], { cwd, encoding: 'utf8', env: { ...process.env, PGPASSWORD: undefined } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function psql(url: string, file: string): { status: number | null; stderr: string } {
  const r = spawnSync('/usr/bin/psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=0', '-f', file, url], { cwd: fixture, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

const schemaSql = migrations.map((f) => fs.readFileSync(path.join(fixture, f), 'utf8')).join('\n');

test('text output is what psql prints for the same file against the migrated server', async () => {
  const url = await freshDatabase('pgsight_cli', schemaSql);
  const expected = psql(url, 'queries/bad.sql');
  assert.equal(expected.status, 0, expected.stderr);
  const got = check(['queries/bad.sql', '--schema', 'db/*.sql']);
  assert.equal(got.status, 1, got.stderr);
  assert.equal(expected.stderr.split('\n').filter((l) => l.startsWith('psql:')).length, 12, 'the fixture has twelve mistakes');
  assert.equal(got.stdout, expected.stderr);
  // the file's cases are all there: hint, cut lines, a block comment, a tab, LINE 2, a syntax error
  assert.match(got.stdout, /HINT: {2}Perhaps you meant to reference the column "shop_orders\.orderid"\./);
  assert.match(got.stdout, /^LINE 1: \.\.\..*\.\.\.$/m);
  assert.match(got.stdout, /^LINE 2: {3}WHERE orderid = customer_id;$/m);
  assert.match(got.stdout, /ERROR: {2}relation "orders" does not exist/);
  assert.match(got.stdout, /ERROR: {2}syntax error at or near ";"/);
  assert.match(got.stderr, /12 errors in 1 of 3 files \(catalog: workspace\)/);
});

test('valid queries: exit 0 and no output, and psql raises nothing either', async () => {
  const url = await freshDatabase('pgsight_cli_ok', schemaSql);
  const expected = psql(url, 'queries/good.sql');
  assert.equal(expected.stderr, '');
  const got = check(['queries/good.sql', '--schema', 'db/001_schema.sql', '--schema', 'db/002_changes.sql']);
  assert.equal(got.status, 0, got.stdout + got.stderr);
  assert.equal(got.stdout, '');
});

test('the schema is replayed in file order: the same migrations in the wrong order give errors', () => {
  const got = check(['queries/good.sql', '--schema', 'db/002_changes.sql', '--schema', 'db/001_schema.sql', '--format', 'json']);
  assert.equal(got.status, 1);
  const out = JSON.parse(got.stdout) as { problems: { file: string; code: string; message: string }[] };
  // 002 alters tables 001 has not created yet: PostgreSQL's own complaint, in 002
  assert.ok(out.problems.some((p) => p.file === 'db/002_changes.sql' && p.code === '42P01' && p.message === 'relation "customers" does not exist'), got.stdout);
});

test('usage errors exit 2', () => {
  for (const args of [['--frobnicate'], ['--format', 'xml'], ['no-such-file.sql'], ['--schema', 'nothing/*.sql'], ['--schema']]) {
    const got = check(args);
    assert.equal(got.status, 2, `${args.join(' ')}: ${got.stderr}`);
    assert.match(got.stderr, /^pgsight: /);
    assert.equal(got.stdout, '');
  }
  const none = spawnSync(process.execPath, [cli, 'lint'], { encoding: 'utf8' });
  assert.equal(none.status, 2);
  const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--format text\|json\|sarif\|github/);
});

test('json: one object per problem with 1-based positions, the SQLSTATE, the hint and the fixes', () => {
  const got = check(['queries/bad.sql', '--schema', 'db/*.sql', '--format', 'json']);
  assert.equal(got.status, 1);
  const out = JSON.parse(got.stdout) as { version: number; catalog: string; files: string[]; problems: Record<string, unknown>[] };
  assert.equal(out.version, 1);
  assert.equal(out.catalog, 'workspace');
  assert.deepEqual(out.files, ['db/001_schema.sql', 'db/002_changes.sql', 'queries/bad.sql']);
  assert.equal(out.problems.length, 12);
  assert.deepEqual(out.problems[0], {
    file: 'queries/bad.sql',
    line: 2,
    column: 8,
    endLine: 2,
    endColumn: 16,
    severity: 'error',
    code: '42703',
    message: 'column "order_id" does not exist',
    hint: 'Perhaps you meant to reference the column "shop_orders.orderid".',
    fixes: ['orderid'],
  });
});

test('sarif: a SARIF 2.1.0 log with the required fields, rules for each SQLSTATE and regions', () => {
  const got = check(['queries/bad.sql', '--schema', 'db/*.sql', '--format', 'sarif']);
  assert.equal(got.status, 1);
  const log = JSON.parse(got.stdout) as {
    version: string;
    $schema: string;
    runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[];
  };
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-2\.1\.0/);
  assert.equal(log.runs.length, 1);
  const run = log.runs[0]!;
  assert.equal(run.tool.driver.name, 'pgsight');
  assert.deepEqual(run.tool.driver.rules.map((r) => r.id), ['42601', '42703', '42P01']);
  assert.equal(run.results.length, 12);
  for (const r of run.results) {
    assert.equal(run.tool.driver.rules[r.ruleIndex]!.id, r.ruleId);
    assert.equal(r.level, 'error');
    assert.ok(r.message.text.length > 0);
    assert.equal(r.locations[0]!.physicalLocation.artifactLocation.uri, 'queries/bad.sql');
    assert.ok(r.locations[0]!.physicalLocation.region.startLine >= 1 && r.locations[0]!.physicalLocation.region.startColumn >= 1);
  }
  assert.equal(run.results[0]!.message.text, 'column "order_id" does not exist\nHint: Perhaps you meant to reference the column "shop_orders.orderid".');
});

test('github: one ::error workflow command per problem, newlines and separators escaped', () => {
  const got = check(['queries/bad.sql', '--schema', 'db/*.sql', '--format', 'github']);
  assert.equal(got.status, 1);
  const lines = got.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 12);
  assert.equal(lines[0], '::error file=queries/bad.sql,line=2,col=8,endLine=2,endColumn=16,title=SQLSTATE 42703::column "order_id" does not exist%0AHint: Perhaps you meant to reference the column "shop_orders.orderid".');
  assert.ok(lines.every((l) => l.startsWith('::error file=queries/bad.sql,line=')));
});

test('--connection: the server catalog wins over the schema files', async () => {
  // the server has a table the migrations do not know, and lacks the renamed column
  const url = await freshDatabase('pgsight_cli_conn', `${schemaSql}\nCREATE TABLE server_only (id int);`);
  fs.mkdirSync(path.join(root, 'out'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, 'out', 'cli-'));
  try {
    fs.writeFileSync(path.join(dir, 'q.sql'), 'SELECT id FROM server_only;\nSELECT email FROM customers;\n');
    const workspace = check(['q.sql', '--schema', path.join(fixture, 'db/*.sql')], dir);
    assert.equal(workspace.status, 1);
    assert.match(workspace.stdout, /relation "server_only" does not exist/);
    const server = check(['q.sql', '--connection', url], dir);
    assert.equal(server.status, 1, server.stderr);
    assert.doesNotMatch(server.stdout, /server_only/);
    assert.match(server.stdout, /^psql:q\.sql:2: ERROR: {2}column "email" does not exist$/m);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a server that is not there: exit 2 with the connection error', () => {
  const got = check(['queries/good.sql', '--connection', 'host=127.0.0.1 port=1 connect_timeout=2 dbname=x user=x']);
  assert.equal(got.status, 2);
  assert.match(got.stderr, /^pgsight: .*(refused|127\.0\.0\.1)/m);
});
