/**
 * The workspace schema at history scale: a generated 5,000-file Flyway history
 * (test/support/migrationHistory.ts) opened by the real server (`dist/server.js --stdio`,
 * `pgsight.schema.files` = its folder). Measured: start to the replayed catalog, the slowest
 * `pgsight/status` answer meanwhile (the server must never block), and the re-replay after
 * one migration is edited on disk (`workspace/didChangeWatchedFiles`) — the newest one (the
 * usual edit) and an early one (everything after it replays, from cached parses).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, type LspHarness } from '../test/support/lspServer';
import { migrationHistory, writeFiles } from '../test/support/migrationHistory';

interface Row {
  area: string;
  measure: string;
  value: number;
  unit: string;
  goal?: string;
}

const count = 5000;

/** Polls status until replay `generation` is done; returns the slowest status answer seen while it ran. */
async function until(server: LspHarness, generation: number): Promise<number> {
  let slowest = 0;
  for (;;) {
    const t = performance.now();
    const s = (await server.status()).workspaceSchema;
    // from the replay's start: the server's own start (the parser's WASM) is measured elsewhere
    if (s.state === 'loading' || s.generation >= generation) {
      slowest = Math.max(slowest, performance.now() - t);
    }
    if (s.generation >= generation && s.state !== 'loading') {
      return slowest;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

export default async function workspaceSchemaBench(): Promise<Row[]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pgsight-history-'));
  const files = migrationHistory(count);
  writeFiles(root, files);
  const rows: Row[] = [];
  const started = performance.now();
  const server = await startServer({ connection: null, rootUri: pathToFileURL(root).toString(), settings: { schemaFiles: ['db/migration/*.sql'] } });
  try {
    const slowest = await until(server, 1);
    const load = performance.now() - started;
    rows.push({
      area: 'workspace schema',
      measure: `${count.toLocaleString('en')}-file migration history: server start → catalog replayed`,
      value: load / 1000,
      unit: 's',
    });
    rows.push({ area: 'workspace schema', measure: 'slowest `pgsight/status` answer while the history replays', value: slowest, unit: 'ms', goal: '≤ 100 ms' });
    const edit = async (index: number, generation: number): Promise<number> => {
      const file = path.join(root, files[index]!.path);
      fs.appendFileSync(file, `\nALTER TABLE t1 ADD COLUMN bench_${generation} int;\n`);
      const t = performance.now();
      await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).toString(), type: 2 }] });
      await until(server, generation);
      return performance.now() - t;
    };
    const late = await edit(count - 1, 2);
    rows.push({
      area: 'workspace schema',
      measure: 'newest migration edited on disk → catalog replayed (50 ms debounce included)',
      value: late,
      unit: 'ms',
      goal: '≤ 300 ms',
    });
    const early = await edit(9, 3);
    rows.push({
      area: 'workspace schema',
      measure: '10th of 5,000 migrations edited → catalog replayed (4,991 files from cached parses)',
      value: early / 1000,
      unit: 's',
    });
  } finally {
    await server.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  }
  return rows;
}
