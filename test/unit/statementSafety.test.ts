/** How each kind of statement may be explained, decided from PostgreSQL's own parse tree. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyStatement, type StatementSafety } from '../../client/src/explain/statementSafety';

/** The parts a test compares: what is sent and how it is treated. */
function sent(s: StatementSafety): { kind: string; sql?: string; offset?: number; reason?: string } {
  return s.kind === 'refused' ? { kind: s.kind, reason: s.reason } : { kind: s.kind, sql: s.sql, offset: s.offset, ...(s.kind === 'write' ? { reason: s.reason } : {}) };
}

test('reads run as reads, the EXPLAIN a user typed is unwrapped', async () => {
  for (const sql of ['select 1', 'values (1), (2)', 'table accounts', 'with x as (select 1) select * from x', 'select * from (select 1) s;']) {
    // run as written, without the trailing semicolon (the runner wraps it in EXPLAIN)
    assert.deepEqual(sent(await classifyStatement(sql)), { kind: 'read', sql: sql.replace(/;$/, ''), offset: 0 }, sql);
  }
  const text = '-- mine\nEXPLAIN (ANALYZE, BUFFERS) select * from t where a = (1)';
  assert.deepEqual(sent(await classifyStatement(text)), { kind: 'read', sql: 'select * from t where a = (1)', offset: text.indexOf('select') });
  assert.deepEqual(sent(await classifyStatement('explain analyse verbose select 2')), { kind: 'read', sql: 'select 2', offset: 24 });
});

test('writes are recognised wherever they hide', async () => {
  const cases: [string, string][] = [
    ['insert into t values (1)', 'INSERT changes data'],
    ['merge into t using s on t.a = s.a when matched then delete', 'MERGE changes data'],
    ['select * from (with d as (delete from t returning *) select * from d) x', 'its WITH clause runs DELETE, which changes data'],
    ['select * from t for no key update', 'SELECT … FOR NO KEY UPDATE locks the rows it reads'],
    ['select * from (select * from t for share) x', 'SELECT … FOR SHARE locks the rows it reads'],
    ['select * into t2 from t', 'SELECT … INTO creates and fills a table'],
    ['create materialized view mv as select 1', 'CREATE MATERIALIZED VIEW creates and fills a materialized view'],
    ['execute prepared_one(1)', 'EXECUTE runs a prepared statement pgsight cannot see, which may change data'],
  ];
  for (const [sql, reason] of cases) {
    assert.deepEqual(sent(await classifyStatement(sql)), { kind: 'write', sql, offset: 0, reason }, sql);
  }
  const insert = await classifyStatement('insert into s.t (a) select nextval($$q$$)');
  assert.ok(insert.kind === 'write');
  assert.deepEqual(insert.calls, { functions: [{ name: 'nextval', firstLiteral: 'q' }], operators: [], inserts: [{ schema: 's', relation: 't', columns: ['a'] }] });
});

test('what cannot run in a transaction block, or cannot be explained, is refused', async () => {
  const noTx = [
    'vacuum (analyze) t', 'create database d', 'drop database d', 'create tablespace ts location \'/x\'', 'alter system set work_mem = \'1MB\'',
    'create index concurrently i on t(a)', 'drop index concurrently i', 'reindex table concurrently t', 'reindex database d',
    'alter table t detach partition p concurrently', 'commit', 'begin',
  ];
  for (const sql of noTx) {
    const s = await classifyStatement(sql);
    assert.equal(s.kind, 'refused', sql);
    assert.equal(s.kind === 'refused' && s.sqlstate, '25001', sql);
    assert.match(s.kind === 'refused' ? s.reason : '', /cannot run inside a transaction block/);
  }
  for (const [sql, name] of [['call p()', 'CALL'], ['create table t (a int)', 'CREATE'], ['analyze t', 'ANALYZE'], ['copy t to stdout', 'COPY']] as const) {
    const s = await classifyStatement(sql);
    assert.equal(s.kind, 'refused', sql);
    assert.match(s.kind === 'refused' ? s.reason : '', new RegExp(`^EXPLAIN cannot show a plan for ${name}`), sql);
  }
  const bad = await classifyStatement('select from where');
  assert.equal(bad.kind, 'refused');
  assert.equal(bad.kind === 'refused' && bad.sqlstate, '42601');
  assert.equal(bad.kind === 'refused' && bad.position, 12, "PostgreSQL's cursor: at \"where\"");
  assert.match(bad.kind === 'refused' ? bad.reason : '', /syntax error at or near "where"/);
});
