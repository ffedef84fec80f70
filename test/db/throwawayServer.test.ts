import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, freshDatabase } from '../support/db';

test('the database tier talks to a real PostgreSQL', async () => {
  const c = await connect();
  try {
    const r = await c.query<{ v: string; n: string }>("select current_setting('server_version') as v, current_setting('server_version_num') as n");
    assert.ok(Number(r.rows[0]!.n) >= 150000, `server_version_num ${r.rows[0]!.n}`);
  } finally {
    await c.end();
  }
});

test('PostgreSQL itself reports a misspelled column with 42703, its hint and position', async () => {
  const url = await freshDatabase('tier', 'create table orders(orderid int, customer text)');
  const c = await connect(url);
  try {
    await assert.rejects(c.query('select * from orders where order_id = 5'), (err: { code: string; message: string; hint: string; position: string }) => {
      assert.equal(err.code, '42703');
      assert.equal(err.message, 'column "order_id" does not exist');
      assert.equal(err.hint, 'Perhaps you meant to reference the column "orders.orderid".');
      assert.equal(err.position, '28');
      return true;
    });
  } finally {
    await c.end();
  }
});
