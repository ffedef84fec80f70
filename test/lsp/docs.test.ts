import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startInProcessServer } from '../support/lspServer';
import { DocsRequest } from '../../shared/src/protocol';
import { testUrl } from '../support/db';

/** Position (line, character) of the n-th occurrence of `needle` in `text`, plus `into` characters. */
function pos(text: string, needle: string, into = 0, nth = 1): { line: number; character: number } {
  let at = -1;
  for (let k = 0; k < nth; k++) {
    at = text.indexOf(needle, at + 1);
  }
  assert.ok(at >= 0, `${needle} not in text`);
  const before = text.slice(0, at + into);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}

const sql = [
  'CREATE DATABASE shop TEMPLATE template0;',
  'EXPLAIN ANALYZE SELECT o.id, row_number() OVER (ORDER BY o.placed) FROM orders o',
  '  LEFT JOIN customers c ON c.id = o.customer_id ORDER BY o.id;',
  'UPDATE orders SET total = 0;',
  'SET work_mem = \'64MB\';',
  '',
].join('\n');

test('pgsight/docs answers over real JSON-RPC: commands, context, functions, settings, null', async () => {
  const server = await startInProcessServer({ connection: null });
  try {
    const uri = 'file:///tmp/pgsight-docs-test.sql';
    await server.open(uri, sql);
    const ask = (start: { line: number; character: number }, end = start) =>
      server.request<DocsRequest.Result>(DocsRequest.method, { textDocument: { uri }, range: { start, end } });

    const db = await ask(pos(sql, 'DATABASE', 2));
    assert.deepEqual(db, {
      url: 'https://www.postgresql.org/docs/18/sql-createdatabase.html',
      page: 'sql-createdatabase.html',
      anchor: null,
      title: 'CREATE DATABASE',
    });
    assert.equal((await ask(pos(sql, 'template0', 3)))?.page, 'manage-ag-templatedbs.html');
    assert.equal((await ask(pos(sql, 'ANALYZE', 1)))?.page, 'sql-explain.html');

    const windowOrder = await ask(pos(sql, 'ORDER BY', 1, 1));
    assert.equal(windowOrder?.anchor, 'SYNTAX-WINDOW-FUNCTIONS');
    const queryOrder = await ask(pos(sql, 'ORDER BY', 1, 2));
    assert.equal(queryOrder?.page, 'queries-order.html');

    const leftJoin = await ask(pos(sql, 'LEFT JOIN'), pos(sql, 'LEFT JOIN', 'LEFT JOIN'.length));
    assert.equal(leftJoin?.url, 'https://www.postgresql.org/docs/18/queries-table-expressions.html#QUERIES-JOIN');
    assert.equal((await ask(pos(sql, ' ON ', 2)))?.anchor, 'QUERIES-JOIN');

    const fn = await ask(pos(sql, 'row_number', 4));
    assert.deepEqual(
      // the function's own row, as the manual's index links it
      [fn?.page, /^id-[\d.]+$/.test(fn?.anchor ?? ''), fn?.title, fn?.url.startsWith('https://www.postgresql.org/docs/18/functions-window.html#id-')],
      ['functions-window.html', true, 'row_number', true],
    );
    assert.equal((await ask(pos(sql, 'SET total', 1)))?.page, 'sql-update.html');
    assert.equal((await ask(pos(sql, 'SET work_mem', 1)))?.page, 'sql-set.html');
    assert.equal((await ask(pos(sql, 'work_mem', 2)))?.url, 'https://www.postgresql.org/docs/18/runtime-config-resource.html#GUC-WORK-MEM');

    // a user's column and blank space have no page
    assert.equal(await ask(pos(sql, 'customer_id', 3)), null);
    assert.equal(await ask({ line: 5, character: 0 }), null);
    // a document the server does not know
    const unknown = await server.request<DocsRequest.Result>(DocsRequest.method, {
      textDocument: { uri: 'file:///nope.sql' },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    });
    assert.equal(unknown, null);
  } finally {
    await server.shutdown();
  }
});

test('pgsight/docs uses the docs version setting when no server is connected (the nearest manual)', async () => {
  const server = await startInProcessServer({ connection: null, settings: { docsVersion: '16' } });
  try {
    const uri = 'file:///tmp/pgsight-docs-version.sql';
    const text = 'SELECT generate_series(1, 3);';
    await server.open(uri, text);
    const r = await server.request<DocsRequest.Result>(DocsRequest.method, {
      textDocument: { uri },
      range: { start: { line: 0, character: 9 }, end: { line: 0, character: 9 } },
    });
    // no manual of 16 in the index: the nearest (17), its own anchors, and the title says so
    assert.match(r?.url ?? '', /^https:\/\/www\.postgresql\.org\/docs\/17\/functions-srf\.html#id-[\d.]+$/);
    assert.equal(r?.title, 'generate_series — PostgreSQL 17 manual, the nearest to 16');
  } finally {
    await server.shutdown();
  }
});

test('pgsight/docs links to the connected server\'s major version', async () => {
  const server = await startInProcessServer({ connection: testUrl() });
  try {
    const catalog = await server.waitForCatalog();
    assert.equal(catalog.state, 'loaded', catalog.error);
    const major = /^(\d+)/.exec(catalog.serverVersion ?? '')?.[1];
    assert.ok(major, `server version ${catalog.serverVersion}`);
    const uri = 'file:///tmp/pgsight-docs-major.sql';
    await server.open(uri, 'VACUUM FULL orders;');
    const r = await server.request<DocsRequest.Result>(DocsRequest.method, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 11 } },
    });
    assert.equal(r?.url, `https://www.postgresql.org/docs/${major}/sql-vacuum.html`);
    assert.equal(r?.title, 'VACUUM FULL');
  } finally {
    await server.shutdown();
  }
});
