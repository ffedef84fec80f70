// Runs the real pgsight server (dist/server.js --stdio, no database) over every .sql file in
// a folder and reports each syntax error (42601) it publishes. Meant for PostgreSQL's own
// regression SQL, which is valid statement by statement (e.g. the pganalyze/libpg_query
// repository's test/sql/postgres_regress/; never commit those files):
//   PGSIGHT_REGRESS_DIR=/path/to/postgres_regress node scripts/check-regress.mjs
// Without the variable it checks test/fixtures/regress-sample/. The regression suite also
// holds statements that are *meant* to fail; with PGSIGHT_TEST_URL set, each reported error
// is confirmed with that server by sending `SELECT 1/0; <statement>` as one simple query:
// PostgreSQL parses the whole string before running anything, so a statement it cannot
// parse fails with its syntax error and one it can parse never runs (1/0 fails first).
// Exits 1 when any reported syntax error is false (or, unconfirmed, when any was reported).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import rpc from 'vscode-jsonrpc/node.js';

// re-run through tsx so the server's own statement splitter can be imported
if (!process.env.PGSIGHT_REGRESS_CHILD) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    stdio: 'inherit',
    env: { ...process.env, PGSIGHT_REGRESS_CHILD: '1' },
  });
  process.exit(r.status ?? 1);
}
const { splitStatements } = await import('../shared/src/statementSplitter.ts');
const { loadParser, parseSql } = await import('../server/src/parser/pgQuery.ts');
await loadParser();
const pg = (await import('pg')).default;
const confirmer = process.env.PGSIGHT_TEST_URL ? new pg.Client({ connectionString: process.env.PGSIGHT_TEST_URL }) : null;
await confirmer?.connect();

/** PostgreSQL's own verdict on a statement's syntax, without running it. */
async function postgresSyntaxError(statement) {
  try {
    await confirmer.query(`SELECT 1/0; ${statement}`);
    return null;
  } catch (err) {
    return err.code === '22012' ? null : err.message;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(process.env.PGSIGHT_REGRESS_DIR ?? path.join(root, 'test/fixtures/regress-sample'));
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();

const child = spawn(process.execPath, [path.join(root, 'dist/server.js'), '--stdio'], {
  stdio: ['pipe', 'pipe', 'inherit'],
  env: { ...process.env, PGHOST: '/nonexistent', PGDATABASE: 'none' },
});
const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
const waiting = new Map();
connection.onNotification('textDocument/publishDiagnostics', (p) => {
  const resolve = waiting.get(p.uri);
  if (resolve) {
    waiting.delete(p.uri);
    resolve(p.diagnostics);
  }
});
connection.onRequest('workspace/configuration', () => []);
connection.onNotification('window/logMessage', () => undefined);
connection.listen();
await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { settings: { diagnosticsDelay: 0 } } });
await connection.sendNotification('initialized', {});

let errors = 0;
let confirmed = 0;
// 42601 also comes from later stages (e.g. "multiple assignments to same column"): those
// statements parse, so they are not the grammar's verdict and not counted here
let notGrammar = 0;
let statements = 0;
let bytes = 0;
const started = Date.now();
for (const f of files) {
  const text = fs.readFileSync(path.join(dir, f), 'utf8');
  bytes += text.length;
  const uri = pathToFileURL(path.join(dir, f)).href;
  const diagnostics = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no diagnostics for ${f} within 30 s`)), 30_000);
    waiting.set(uri, (d) => {
      clearTimeout(timer);
      resolve(d);
    });
    void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'postgres', version: 1, text } });
  });
  void connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  const spans = splitStatements(text);
  statements += spans.length;
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') {
      lineStarts.push(i + 1);
    }
  }
  for (const d of diagnostics.filter((x) => x.code === '42601')) {
    const offset = lineStarts[d.range.start.line] + d.range.start.character;
    const span = spans.find((s) => s.start <= offset && offset <= s.end);
    if (span && parseSql(span.text).ok) {
      notGrammar++;
      continue;
    }
    if (confirmer && span) {
      const theirs = await postgresSyntaxError(span.text);
      if (theirs !== null) {
        confirmed++;
        continue;
      }
    }
    errors++;
    const line = text.split('\n')[d.range.start.line] ?? '';
    console.log(`${f}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}\n    ${line.trim().slice(0, 160)}`);
  }
}
await connection.sendRequest('shutdown');
await connection.sendNotification('exit');
connection.dispose();
await confirmer?.end();
console.log(
  `${files.length} files, ${statements} statements, ${(bytes / 1024).toFixed(0)} KiB in ${Date.now() - started} ms: ` +
    (confirmer ? `${confirmed} syntax errors PostgreSQL also raises, ${errors} false` : `${errors} syntax errors reported`) +
    (notGrammar > 0 ? ` (and ${notGrammar} 42601 from analysis, not the grammar)` : ''),
);
process.exit(errors === 0 ? 0 : 1);
