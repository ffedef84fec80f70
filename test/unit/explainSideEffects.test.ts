/**
 * The pure side of "what ROLLBACK does not undo": calls listed from the parse tree, then decided
 * from catalog facts passed in (as readSideEffectCatalog reads them from pg_proc, pg_operator
 * and pg_depend; the database tier checks those reads on a real server).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastingEffects, statementCalls, type SideEffectCatalog } from '../../client/src/explain/sideEffects';
import { statementBody } from '../../client/src/explain/statementBody';

async function calls(sql: string) {
  const b = await statementBody(sql);
  return statementCalls({ [b.type]: b.stmt });
}

const empty: SideEffectCatalog = { searchPath: ['pg_catalog', 'public'], functions: [], operators: [], insertSequences: [], sequenceNames: {} };

test('calls are found anywhere in the tree: subqueries, CTEs, function arguments, MERGE', async () => {
  const c = await calls("with x as (select f(g(1)) from t where a = 1 and b < any (select public.h())) select set_config('a', 'b', true), set_config('a', 'b', false) from x");
  assert.deepEqual(c.functions.map((f) => `${f.schema ?? ''}.${f.name}`).sort(), ['.f', '.g', '.set_config', '.set_config', 'public.h']);
  assert.deepEqual(c.functions.filter((f) => f.name === 'set_config').map((f) => f.localSetting), [true, false]);
  assert.deepEqual(c.operators, ['=', '<']);
  const m = await calls('merge into s.t using u on t.a = u.a when not matched then insert (b) values (1) when matched then update set b = 2');
  assert.deepEqual(m.inserts, [{ schema: 's', relation: 't', columns: ['b'] }]);
  const i = await calls('insert into t select 1');
  assert.deepEqual(i.inserts, [{ relation: 't', columns: undefined }]);
});

test('the catalog decides: volatile and not known harmless is asked about, by resolved schema', async () => {
  const c = await calls('select f(), other.f(), random(), now()');
  const catalog: SideEffectCatalog = {
    ...empty,
    functions: [
      { schema: 'public', name: 'f', volatility: 'v' },
      { schema: 'other', name: 'f', volatility: 's' },
      { schema: 'pg_catalog', name: 'random', volatility: 'v' },
      { schema: 'pg_catalog', name: 'now', volatility: 's' },
    ],
  };
  assert.deepEqual(lastingEffects(c, catalog), ['public.f() is volatile and may act outside the transaction']);
  // a volatile `random` that is not PostgreSQL's own is not harmless
  const shadow = { ...catalog, searchPath: ['myschema', 'pg_catalog'], functions: [...catalog.functions, { schema: 'myschema', name: 'random', volatility: 'v' }] };
  assert.deepEqual(lastingEffects(c, shadow), ['myschema.random() is volatile and may act outside the transaction']);
  // a schema outside the search path does not resolve an unqualified call
  assert.deepEqual(lastingEffects(c, { ...catalog, searchPath: ['pg_catalog'] }), []);
});

test('the hand list is asked about whatever the catalog says', async () => {
  const c = await calls("select dblink('x', 'y'), pg_terminate_backend(1), pg_advisory_lock(1), pg_advisory_xact_lock(1), pg_stat_reset_single_table_counters(1)");
  assert.deepEqual(lastingEffects(c, empty), [
    'dblink() runs SQL on another connection, which commits on its own',
    'pg_terminate_backend() ends another session',
    'pg_advisory_lock() takes a session-level advisory lock, which ROLLBACK does not release',
    'pg_stat_reset_single_table_counters() resets statistics counters',
  ]);
});

test('volatile operators are asked about; sequences are named', async () => {
  const op = await calls('select 1 ### 2');
  assert.deepEqual(lastingEffects(op, { ...empty, operators: [{ name: '###', schema: 'public', function: 'bump', volatility: 'v' }] }), ['operator ### calls volatile bump(), which may act outside the transaction']);
  const ins = await calls("insert into t(v) values ('x')");
  const seqs = { ...empty, insertSequences: [{ relation: 't', column: 'id', sequence: 'public.t_id_seq' }] };
  assert.deepEqual(lastingEffects(ins, seqs), ['INSERT into t advances sequence public.t_id_seq (column id), which ROLLBACK does not undo']);
  assert.deepEqual(lastingEffects(await calls("insert into t(id, v) values (1, 'x')"), seqs), []);
  const next = await calls("select nextval('s'), setval('s', 1), nextval(x) from y");
  assert.deepEqual(lastingEffects(next, { ...empty, sequenceNames: { s: 'app.s' } }), [
    'nextval() advances sequence app.s, which ROLLBACK does not undo',
    'setval() sets sequence app.s, which ROLLBACK does not undo',
    'nextval() advances a sequence, which ROLLBACK does not undo',
  ]);
});
