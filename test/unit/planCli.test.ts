/**
 * Contract 5: `node dist/plan.js <plan> -o out.html` writes one self-contained HTML file with
 * no network resources, for JSON and text plans. Runs the built CLI (npm test builds dist/).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist/plan.js');
const fixture = (name: string) => path.join(root, 'test/fixtures/plans', name);

function run(args: string[], input?: string) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', input });
}

test('dist/plan.js renders JSON and text plans to one standalone HTML file', () => {
  assert.ok(fs.existsSync(cli), 'dist/plan.js is built (node esbuild.mjs)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgsight-plan-'));
  try {
    for (const name of ['parallel-hash-join.json', 'workers-not-launched.txt', 'parallel-aggregate.auto_explain.txt']) {
      const out = path.join(dir, `${name}.html`);
      const r = run([fixture(name), '-o', out]);
      assert.equal(r.status, 0, r.stderr);
      const html = fs.readFileSync(out, 'utf8');
      assert.match(html, /^<!DOCTYPE html>/);
      // no network: no http(s) URL anywhere in an attribute or CSS, and the CSP forbids loading
      assert.doesNotMatch(html, /(src|href)\s*=\s*["']?(https?:)?\/\//i);
      assert.doesNotMatch(html, /url\(\s*["']?(https?:)?\/\//i);
      assert.doesNotMatch(html, /@import/);
      assert.doesNotMatch(html, /<(link|iframe|img|object|embed)\b/i);
      assert.doesNotMatch(html, /sourceMappingURL/);
      const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1] ?? '';
      assert.match(csp, /default-src 'none'/);
      const nonce = csp.match(/script-src 'nonce-([^']+)'/)?.[1];
      assert.ok(nonce, 'script-src has a nonce');
      // every script and style carries the nonce; the plan script is inlined, not referenced
      const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
      assert.equal(scripts.filter((a) => a.includes(`nonce="${nonce}"`) && !a.includes('src=')).length, 1);
      assert.ok(scripts.every((a) => a.includes(`nonce="${nonce}"`) || a.includes('application/json')));
      assert.match(html, new RegExp(`<style nonce="${nonce.replace(/[+/=]/g, '\\$&')}">`));
      // the view itself: the tree, the lane view with one lane per planned process, the detail
      assert.match(html, /role="tree"/);
      assert.match(html, /class="lanes"/);
      assert.match(html, /id="detail"/);
    }
    const lost = fs.readFileSync(path.join(dir, 'workers-not-launched.txt.html'), 'utf8');
    assert.match(lost, /1 of 4 workers launched/);
    assert.equal((lost.match(/class="lane absent"/g) ?? []).length, 3, 'three empty lanes for workers never launched');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('dist/plan.js reads stdin, writes stdout, and rejects what is not a plan', () => {
  const r = run(['-'], fs.readFileSync(fixture('nonparallel-nestloop.txt'), 'utf8'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Index Scan/);
  const bad = run(['-'], 'select 1;\n');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /not an EXPLAIN plan/);
  assert.equal(run([]).status, 2);
});
