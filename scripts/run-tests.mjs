// `npm test`: builds dist/, starts one throwaway PostgreSQL for the whole run (unless
// PGSIGHT_TEST_URL is set), runs the unit, LSP, database and grammar tiers with node's test
// runner, and always stops and deletes the server, also when a test fails or on Ctrl+C.
//   node scripts/run-tests.mjs [unit|lsp|db|grammar ...] [-- extra node --test args]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres } from './lib/embeddedPg.mjs';

const allTiers = ['unit', 'lsp', 'db', 'grammar'];
const args = process.argv.slice(2);
const dash = args.indexOf('--');
const extra = dash >= 0 ? args.slice(dash + 1) : [];
const tiers = (dash >= 0 ? args.slice(0, dash) : args).filter((a) => allTiers.includes(a));
const selected = tiers.length > 0 ? tiers : allTiers;

function run(cmd, argv, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const build = spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
if (build.status !== 0) {
  process.exit(build.status ?? 1);
}

const files = [];
for (const tier of selected.filter((t) => t !== 'grammar')) {
  const dir = path.join('test', tier);
  if (fs.existsSync(dir)) {
    for (const f of fs.readdirSync(dir).sort()) {
      if (f.endsWith('.test.ts')) {
        files.push(path.join(dir, f));
      }
    }
  }
}

let server;
let exitCode = 0;
const stop = async () => {
  if (server) {
    const s = server;
    server = undefined;
    await s.stop().catch((e) => console.error('stopping PostgreSQL:', e.message));
  }
};
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => void stop().then(() => process.exit(130)));
}

try {
  const env = { ...process.env };
  const needsDb = selected.some((t) => t === 'db' || t === 'lsp');
  if (needsDb && !env.PGSIGHT_TEST_URL) {
    const t0 = Date.now();
    server = await startEmbeddedPostgres();
    env.PGSIGHT_TEST_URL = server.url;
    env.PGSIGHT_TEST_SOCKET_DIR = server.socketDir;
    console.log(`# throwaway PostgreSQL on 127.0.0.1:${server.port} (started in ${Date.now() - t0} ms)`);
  }
  if (files.length > 0) {
    exitCode = await run(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`, ...extra, ...files],
      env,
    );
  }
  if (selected.includes('grammar') && fs.existsSync('test/grammar') && exitCode === 0) {
    const grammarFiles = fs.readdirSync('test/grammar').filter((f) => /\.(sql|pgsql)$/.test(f));
    if (grammarFiles.length > 0) {
      const code = await run(process.execPath, [
        'node_modules/vscode-tmgrammar-test/dist/unit.js',
        '-g', 'syntaxes/pgsql.tmLanguage.json',
        ...grammarFiles.map((f) => path.join('test/grammar', f)),
      ]);
      console.log(code === 0 ? `grammar: ${grammarFiles.length} passed, 0 failed` : 'grammar: failed');
      exitCode ||= code;
    }
  }
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  await stop();
}
process.exit(exitCode);
