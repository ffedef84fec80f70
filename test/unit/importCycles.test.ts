/**
 * No import cycles anywhere in the sources (client, server, shared, webview): a module that
 * needs something back from its importer takes it as a parameter or from a types file.
 * Type-only imports count too: they are erased at run time, but a reader still has to hold
 * both files in mind at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const roots = ['client/src', 'server/src', 'shared/src', 'webview/src'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

function resolve(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, 'index.ts'), base].find((p) => p.endsWith('.ts') && fs.existsSync(p));
}

/** Relative imports of a file (with `runtimeOnly`, those that survive compilation). */
export function relativeImports(file: string, runtimeOnly = false): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /^(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.[^'"]+)['"]/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // `import { type A, type B } from` is erased too
    const clause = /\{([^}]*)\}/.exec(m[0])?.[1];
    const typeOnly = m[1] !== undefined || (clause !== undefined && !/\*/.test(m[0]) && clause.split(',').every((s) => /^\s*(type\s|$)/.test(s)));
    if (runtimeOnly && typeOnly) {
      continue;
    }
    const target = resolve(file, m[2]!);
    if (target) {
      out.push(target);
    }
  }
  return out;
}

/** Strongly connected components with more than one module (Tarjan). */
export function importCycles(files: string[], runtimeOnly = false): string[][] {
  const graph = new Map(files.map((f) => [f, relativeImports(f, runtimeOnly)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(path.relative(root, w));
      } while (w !== v);
      if (scc.length > 1) {
        out.push(scc.sort());
      }
    }
  };
  for (const f of files) {
    if (!index.has(f)) {
      visit(f);
    }
  }
  return out;
}

test('no import cycles in client, server, shared or webview', () => {
  const files = roots.flatMap((r) => sourceFiles(path.join(root, r)));
  assert.ok(files.length > 100, `found the sources (${files.length})`);
  assert.deepEqual(importCycles(files), []);
});

test('the cycle check sees a cycle, type-only imports included', () => {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'cycles-'));
  fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b';\nexport const a = b;\n");
  fs.writeFileSync(path.join(dir, 'b.ts'), "import { c } from './c';\nexport const b = c;\n");
  fs.writeFileSync(path.join(dir, 'c.ts'), "import type { A } from './a';\nimport { type B } from './b';\nexport const c = 1 as unknown as A & B;\n");
  const files = ['a.ts', 'b.ts', 'c.ts'].map((f) => path.join(dir, f));
  assert.deepEqual(importCycles(files, true), [], 'no cycle at run time');
  assert.deepEqual(
    importCycles(files).map((c) => c.length),
    [3],
    'a cycle through type imports',
  );
  fs.writeFileSync(path.join(dir, 'c.ts'), 'export const c = 1;\n');
  assert.deepEqual(importCycles(files), []);
  fs.writeFileSync(path.join(dir, 'c.ts'), "import { a } from './a';\nexport const c = a;\n");
  assert.deepEqual(
    importCycles(files, true).map((c) => c.length),
    [3],
  );
  fs.rmSync(dir, { recursive: true });
});
