/**
 * Run's plain parts: errors written as psql writes them, `\c` never carrying one database's
 * password to another, and the connection lists matched by name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConnection } from '../../shared/src/libpq';
import { errorLines, titleOf } from '../../client/src/run/resultView';
import { listed, onDatabase } from '../../client/src/run/runTarget';

test('errors as psql prints them: ERROR with SQLSTATE, DETAIL, HINT, CONTEXT', () => {
  assert.deepEqual(errorLines({ kind: 'database', sqlstate: '23505', message: 'duplicate key value violates unique constraint "t_pkey"', detail: 'Key (id)=(1) already exists.', where: 'SQL statement "…"' }), [
    'ERROR:  23505: duplicate key value violates unique constraint "t_pkey"',
    'DETAIL:  Key (id)=(1) already exists.',
    'CONTEXT:  SQL statement "…"',
  ]);
  assert.deepEqual(errorLines({ kind: 'declined', message: 'Not run: UPDATE changes data.' }), ['Not run: UPDATE changes data.']);
  assert.equal(titleOf('-- a comment\n  select 1\n  from x'), 'select 1');
});

test('\\c: same server and user, another database, and no password carried over', () => {
  const r = resolveConnection('postgresql://alice:s3cret@db.example:6543/first?sslmode=disable&application_name=x', { env: {}, home: '/nonexistent' });
  const other = onDatabase(r, 'second');
  assert.equal(other.params.dbname, 'second');
  assert.equal(other.params.host, 'db.example');
  assert.equal(other.params.port, '6543');
  assert.equal(other.params.user, 'alice');
  assert.equal(other.params.password, undefined);
  assert.ok(!JSON.stringify(other).includes('s3cret'));
  for (const a of other.attempts) {
    assert.equal(a.host.password, null);
    assert.equal(a.config.database, 'second');
  }
});

test('connection lists match the tree name or the full "db on name" label', () => {
  assert.equal(listed('shop on prod', ['prod']), true);
  assert.equal(listed('shop on prod', ['shop on prod']), true);
  assert.equal(listed('shop on preprod', ['prod']), false);
  assert.equal(listed('shop on prod', ['']), false);
});
