/**
 * The real server under hostile input: a 5 MB document (statements, a huge dollar-quoted
 * body, COPY data, comments) and a stream of garbage edits. It must keep answering requests
 * while it works and report the one real error at the right place. (How fast is measured in
 * bench/keystroke.bench.ts, not asserted here.)
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startInProcessServer, type LspHarness } from '../support/lspServer';

let server: LspHarness;
before(async () => {
  server = await startInProcessServer({ connection: null, settings: { diagnosticsDelay: 0 } });
});
after(async () => {
  await server.shutdown();
});

function fiveMegabytes(): { text: string; errorLine: number } {
  const parts: string[] = ['create table t (id int, name text, amount numeric);\n'];
  let size = 0;
  let i = 0;
  while (size < 600_000) {
    const chunk = `insert into t (id, name, amount) values (${i}, 'row ${i} 😀', ${i}.5) returning id, amount; -- note ${i}\nselect id, name from t where amount > ${i} order by id;\n`;
    parts.push(chunk);
    size += chunk.length;
    i++;
  }
  parts.push(`do $body$ begin ${'perform 1; '.repeat(150_000)} end $body$;\n`);
  parts.push(`copy t from stdin;\n${'1\tx; y\t2\n'.repeat(200_000)}\\.\n`);
  parts.push(`/* ${'comment; '.repeat(200_000)} */\n`);
  const head = parts.join('');
  const errorLine = head.split('\n').length - 1;
  return { text: `${head}select * from t wher id = 1;\n`, errorLine };
}

test('a 5 MB document: the server keeps answering and finds the one error', async () => {
  const { text, errorLine } = fiveMegabytes();
  assert.ok(text.length >= 5_000_000, `${text.length} chars`);
  const diagnostics = server.open('file:///huge.sql', text);
  // answered while the document is being checked (the work is sliced)
  const status = await server.status();
  assert.equal(typeof status.version, 'string');
  const diags = await diagnostics;
  assert.deepEqual(
    diags.map((d) => [d.code, d.message, d.range.start.line]),
    [['42601', 'syntax error at or near "id"', errorLine]],
  );
});

test('garbage edits in quick succession: the last version wins, the server stays up', async () => {
  const uri = 'file:///garbage.sql';
  await server.open(uri, 'select 1;');
  const edits = ["select 'unterminated", 'select $$', '/* /* */', '\u0000\ufffd\ud800', 'select ((((((', 'copy t from stdin;\n1\t2', '\\set x\n:x :y'];
  for (const e of edits) {
    void server.change(uri, e);
  }
  const last = await server.change(uri, 'select * from t wher id;');
  assert.deepEqual(last.map((d) => d.message), ['syntax error at or near "id"']);
  assert.equal((await server.waitForCatalog()).state, 'error');
});
