import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

// scripts/check-regress.mjs drives the real server over stdio; in CI it checks the sample
// (psql scripts, modern DDL and query grammar) and must find no syntax error.
test('the server reports no syntax error on valid PostgreSQL (regress sample)', () => {
  const root = path.resolve(__dirname, '../..');
  const env = { ...process.env };
  delete env.PGSIGHT_REGRESS_DIR;
  delete env.PGSIGHT_TEST_URL;
  const r = spawnSync(process.execPath, ['scripts/check-regress.mjs'], { cwd: root, env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /3 files, \d+ statements, .*: 0 syntax errors reported/);
});
