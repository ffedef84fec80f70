/**
 * The workspace schema follows its files: a migration created, edited (in an editor, unsaved,
 * or on disk) or deleted changes the diagnostics of open query files, over real LSP
 * (`workspace/didChangeWatchedFiles`, registered by the server the way VS Code expects). A
 * replay after one edit parses only that file; a long history loads in slices while the
 * server keeps answering and checking open documents.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { startInProcessServer, type LspHarness } from '../support/lspServer';
import { migrationHistory, writeFiles } from '../support/migrationHistory';
import type { WorkspaceSchemaStatus } from '../../shared/src/protocol';

const servers: LspHarness[] = [];
const dirs: string[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.shutdown()));
  for (const d of dirs) {
    fs.rmSync(d, { recursive: true, force: true });
  }
});

function tempRepo(count: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgsight-watch-'));
  dirs.push(dir);
  writeFiles(dir, migrationHistory(count));
  return dir;
}

/** Polls pgsight/status until the workspace schema has finished replay number `generation`. */
async function replayed(server: LspHarness, generation: number): Promise<WorkspaceSchemaStatus> {
  for (let i = 0; i < 600; i++) {
    const s = (await server.status()).workspaceSchema;
    if (s.generation >= generation && s.state !== 'loading') {
      return s;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`workspace schema replay ${generation} did not finish\n${server.stderr()}`);
}

const codes = (d: Diagnostic[]): string[] => d.map((x) => `${x.code} ${x.message.split('\n')[0]}`);
const watched = (server: LspHarness, changes: { uri: string; type: 1 | 2 | 3 }[]): void =>
  void server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });

test('migrations created, edited in an editor, edited on disk and deleted update open documents', async () => {
  const root = tempRepo(30);
  const registrations: unknown[] = [];
  const server = await startInProcessServer({
    connection: null,
    rootUri: pathToFileURL(root).toString(),
    settings: { schemaFiles: ['db/migration/*.sql'], diagnosticsDelay: 0 },
    watchFiles: true,
    handlers: { 'client/registerCapability': (p) => (registrations.push(p), null) },
  });
  servers.push(server);
  let status = await replayed(server, 1);
  assert.equal(status.state, 'loaded');
  assert.equal(status.files, 30);
  assert.deepEqual(registrations, [
    {
      registrations: [
        {
          id: registrations.length > 0 ? (registrations[0] as { registrations: { id: string }[] }).registrations[0]!.id : '',
          method: 'workspace/didChangeWatchedFiles',
          registerOptions: { watchers: [{ globPattern: '**/*.{sql,pgsql,psql}' }, { globPattern: '**/sqitch.plan' }] },
        },
      ],
    },
  ]);
  const query = pathToFileURL(path.join(root, 'queries.sql')).toString();
  const text = 'SELECT fresh FROM t1;\nSELECT name FROM t3;\n';
  assert.deepEqual(codes(await server.open(query, text)), ['42703 column "fresh" does not exist']);

  // a new migration on disk
  const v31 = path.join(root, 'db/migration/V31__add_fresh.sql');
  fs.writeFileSync(v31, 'ALTER TABLE t1 ADD COLUMN fresh int;\n');
  watched(server, [{ uri: pathToFileURL(v31).toString(), type: 1 }]);
  status = await replayed(server, 2);
  assert.equal(status.files, 31);
  assert.deepEqual(codes(await server.change(query, text)), []);
  assert.match(server.stderr(), /31 files replayed in \d+ ms \(1 parsed, from file 1\)/);

  // the same migration edited in an editor, not saved: its text counts
  const v31uri = pathToFileURL(v31).toString();
  await server.open(v31uri, 'ALTER TABLE t1 ADD COLUMN fresher int;\n');
  status = await replayed(server, 3);
  assert.deepEqual(codes(await server.change(query, text)), ['42703 column "fresh" does not exist']);
  // closed without saving: the disk text again
  server.close(v31uri);
  await replayed(server, 4);
  assert.deepEqual(codes(await server.change(query, text)), []);

  // edited on disk: an early migration creates t3 with another column name
  const v21 = path.join(root, 'db/migration/V21__create_t3.sql');
  assert.ok(fs.existsSync(v21), 'the history creates t3 in V21');
  fs.writeFileSync(v21, 'CREATE TABLE t3 (id bigint, title text, created_at timestamptz);\n');
  watched(server, [{ uri: pathToFileURL(v21).toString(), type: 2 }]);
  await replayed(server, 5);
  assert.deepEqual(codes(await server.change(query, text)), ['42703 column "name" does not exist']);

  // deleted: the column it added is gone again
  fs.rmSync(v31);
  watched(server, [{ uri: v31uri, type: 3 }]);
  status = await replayed(server, 6);
  assert.equal(status.files, 30);
  assert.deepEqual(codes(await server.change(query, text)), ['42703 column "fresh" does not exist', '42703 column "name" does not exist']);
});

test('a long history loads in slices: status answers and open documents are checked meanwhile', async () => {
  const root = tempRepo(1500);
  const server = await startInProcessServer({
    connection: null,
    rootUri: pathToFileURL(root).toString(),
    settings: { schemaFiles: ['db/migration/*.sql'], diagnosticsDelay: 0 },
  });
  servers.push(server);
  // while the replay runs, the server answers and publishes diagnostics for an open document
  let loading: WorkspaceSchemaStatus | undefined;
  for (let i = 0; i < 200 && !loading; i++) {
    const s = (await server.status()).workspaceSchema;
    if (s.state === 'loading') {
      loading = s;
    }
  }
  assert.ok(loading, 'the status answered during the replay');
  const diags = await server.open('untitled:q.sql', 'SELEC 1;\n');
  assert.equal((await server.status()).workspaceSchema.state, 'loading', 'diagnostics were published before the replay finished');
  assert.deepEqual(codes(diags), ['42601 syntax error at or near "SELEC"']);
  const status = await replayed(server, 1);
  assert.equal(status.files, 1500);
  assert.equal(status.relations, 150 + 48, '150 tables and the 48 views the history defines');
  assert.deepEqual(codes(await server.change('untitled:q.sql', 'SELECT c2, c12 FROM t1;\nSELECT nope FROM t150;\n')), ['42703 column "nope" does not exist']);
});
