// Entry loaded by the real extension host through `extensionTestsPath` (the run() contract of
// @vscode/test-electron, so the same suite runs on desktop VS Code too). The extension host's
// console only reaches the browser, so it is teed to $E2E_LOG_FILE for the runner to print.
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';

function teeConsole(file: string | undefined): () => void {
  if (!file) {
    return () => undefined;
  }
  const saved: Record<string, PropertyDescriptor | undefined> = {};
  for (const k of ['log', 'info', 'warn', 'error'] as const) {
    // the extension host defines console.* as a getter with a no-op setter: assignment is ignored
    saved[k] = Object.getOwnPropertyDescriptor(console, k);
    const orig = console[k].bind(console);
    Object.defineProperty(console, k, {
      configurable: true,
      enumerable: true,
      writable: true,
      value: (...args: unknown[]) => {
        fs.appendFileSync(file, util.format(...args) + '\n');
        orig(...args);
      },
    });
  }
  return () => {
    for (const [k, d] of Object.entries(saved)) {
      if (d) {
        Object.defineProperty(console, k, d);
      }
    }
  };
}

export function run(): Promise<void> {
  const untee = teeConsole(process.env.E2E_LOG_FILE);
  // load mocha after the tee: its reporter captures console.log when it loads
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Mocha = require('mocha') as typeof import('mocha');
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
  const only = process.env.PGSIGHT_VSCODE_GREP;
  if (only) {
    mocha.grep(only);
  }
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js')) {
      mocha.addFile(path.join(__dirname, f));
    }
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      console.log(`extension host: ${mocha.suite.total() - failures} passed, ${failures} failed`);
      untee();
      if (failures > 0) {
        reject(new Error(`${failures} tests failed`));
      } else {
        resolve();
      }
    });
  });
}
