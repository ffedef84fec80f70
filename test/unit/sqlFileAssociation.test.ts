/**
 * "Open .sql files as PostgreSQL? Yes" writes the user's own associations plus `*.sql` to
 * user settings; a workspace's associations (which `get()` merges in) are never copied there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { userAssociationsWithSql } from '../../client/src/sqlFileAssociation';

test('only *.sql is added to the user\'s own associations', () => {
  assert.deepEqual(userAssociationsWithSql(undefined), { '*.sql': 'postgres' });
  assert.deepEqual(userAssociationsWithSql({ '*.tmpl': 'html' }), { '*.tmpl': 'html', '*.sql': 'postgres' });
});

test('the workspace\'s associations never reach user settings', () => {
  const user = { '*.tmpl': 'html' };
  const workspace = { '*.txt': 'shellscript', 'Makefile.*': 'makefile' };
  // what files.get('associations') returns in that workspace: both scopes merged
  const merged = { ...user, ...workspace };
  const written = userAssociationsWithSql(user);
  assert.deepEqual(written, { '*.tmpl': 'html', '*.sql': 'postgres' });
  for (const key of Object.keys(workspace)) {
    assert.ok(!(key in written), `${key} copied from the workspace`);
  }
  assert.notDeepEqual(written, { ...merged, '*.sql': 'postgres' });
  // the input is not changed
  assert.deepEqual(user, { '*.tmpl': 'html' });
});
