/**
 * Where an editor's EXPLAIN runs: its own binding, else pgsight.explain.connection, else a libpq
 * environment that names a server, else the user is asked — never the database bound last in
 * another editor. Sessions get TCP keepalives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConnection } from '../../shared/src/libpq';
import { chooseExplainTarget, keepAliveDelayMs, withKeepAlive } from '../../client/src/explain/explainTargetChoice';

const bound = resolveConnection('host=bound.example dbname=app user=u', { env: {} });

test("the editor's own binding wins over the setting and the environment", () => {
  const c = chooseExplainTarget({ kind: 'bound', label: 'app on prod', connection: bound }, 'host=elsewhere', { PGHOST: 'env.example' });
  assert.equal(c.kind, 'binding');
  assert.equal(c.kind === 'binding' && c.connection.params.host, 'bound.example');
});

test('an unbound editor uses the setting, else an environment naming a server, else asks', () => {
  assert.deepEqual(chooseExplainTarget({ kind: 'unbound' }, '  host=explain.example dbname=x ', { PGHOST: 'env.example' }), { kind: 'setting', conninfo: 'host=explain.example dbname=x' });
  for (const v of ['PGHOST', 'PGHOSTADDR', 'PGDATABASE', 'PGSERVICE']) {
    assert.deepEqual(chooseExplainTarget({ kind: 'unbound' }, '', { [v]: 'x' }), { kind: 'environment' }, v);
  }
  for (const env of [{}, { PGUSER: 'me', PGPASSWORD: 'secret' }, { PGHOST: '' }]) {
    const c = chooseExplainTarget({ kind: 'unbound' }, '', env);
    assert.equal(c.kind, 'ask', JSON.stringify(env));
    assert.match(c.kind === 'ask' ? c.why : '', /not bound to a database/);
  }
});

test('an editor bound to a connection that is gone asks instead of falling back', () => {
  const c = chooseExplainTarget({ kind: 'stale', label: 'app on old', problem: 'the connection "old" no longer exists' }, 'host=explain.example', { PGHOST: 'env.example' });
  assert.deepEqual(c, { kind: 'ask', why: 'This editor is bound to app on old, which cannot be used: the connection "old" no longer exists.' });
});

test('every connection attempt gets TCP keepalives', () => {
  const r = withKeepAlive(resolveConnection('host=a,b dbname=x sslmode=prefer', { env: {} }));
  assert.ok(r.attempts.length >= 2);
  for (const a of r.attempts) {
    assert.equal(a.config.keepAlive, true);
    assert.equal(a.config.keepAliveInitialDelayMillis, keepAliveDelayMs);
  }
  assert.equal(r.pgConfig.keepAlive, true);
});
