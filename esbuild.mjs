// Bundles pgsight: dist/extension.js (node, vscode external), dist/server.js (node),
// dist/plan.js and dist/cli.js (node CLIs), dist/webview/*.js (browser). Copies libpg-query.wasm next to
// dist/server.js, where its loader looks for it (scriptDirectory = __dirname).
//   node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  define: { PGSIGHT_VERSION: JSON.stringify(pkg.version) },
  legalComments: 'none',
};

const nodeEntries = {
  extension: 'client/src/extension.ts',
  server: 'server/src/main.ts',
  plan: 'client/src/explain/planCli.ts',
};

const node = {
  ...common,
  entryPoints: Object.fromEntries(Object.entries(nodeEntries).filter(([, f]) => fs.existsSync(f))),
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // pg-native is an optional peer of pg that we never use
  external: ['vscode', 'pg-native'],
  mainFields: ['main', 'module'],
};

const webviewDir = 'webview/src/entries';
const webview = {
  ...common,
  entryPoints: fs.existsSync(webviewDir)
    ? fs.readdirSync(webviewDir).filter((f) => f.endsWith('.ts')).map((f) => path.join(webviewDir, f))
    : [],
  outdir: 'dist/webview',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
};

const copyWasm = {
  name: 'copy-wasm',
  setup(build) {
    build.onEnd(() => {
      fs.mkdirSync('dist', { recursive: true });
      fs.copyFileSync('node_modules/libpg-query/wasm/libpg-query.wasm', 'dist/libpg-query.wasm');
      // the built-in catalog snapshots (server/src/workspace/builtinCatalog.ts)
      fs.cpSync('server/builtins', 'dist/builtins', { recursive: true });
    });
  },
};

if (production) {
  // a release build starts clean: no source maps or stale bundles from a development build
  fs.rmSync('dist', { recursive: true, force: true });
}

const configs = [{ ...node, plugins: [copyWasm] }];
// `npx pgsight check` (package.json "bin"): its own build for the #! line
const cliEntry = 'server/src/cli/main.ts';
if (fs.existsSync(cliEntry)) {
  configs.push({ ...node, entryPoints: { cli: cliEntry }, banner: { js: '#!/usr/bin/env node' } });
}
if (webview.entryPoints.length > 0) {
  configs.push(webview);
}

if (watch) {
  for (const config of configs) {
    const ctx = await esbuild.context(config);
    await ctx.watch();
  }
  console.log('esbuild: watching');
} else {
  const t0 = Date.now();
  await Promise.all(configs.map((c) => esbuild.build(c)));
  console.log(`esbuild: built dist/ in ${Date.now() - t0} ms${production ? ' (production)' : ''}`);
}
