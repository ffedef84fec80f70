// Runs the same suite on desktop VS Code with @vscode/test-electron, where VS Code can be
// downloaded (it cannot on machines that reach only npm and Debian: use run.mjs there).
//   npx tsx test/vscode/runTest.ts   (after `node test/vscode/run.mjs --suite-only` built out/vscode-suite)
import path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out/vscode-suite/index.js'),
    launchArgs: [path.join(root, 'test/vscode/workspace'), '--disable-extensions'],
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
