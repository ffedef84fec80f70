/**
 * The document renderer's safety: the webview variant loads its script only from the webview's
 * own resource root under a nonce, and hostile text in a plan (a filter, the query, an alias)
 * is escaped everywhere, including inside the embedded plan data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parsePlan } from '../../shared/src/plan/planParse';
import { renderPlanDocument } from '../../shared/src/plan/planHtml';

const captured = fs.readFileSync(path.resolve(__dirname, '../fixtures/plans/parallel-seqscan-filter.json'), 'utf8');

test('webview variant: CSP allows only the nonce and the webview resource root', () => {
  const plan = parsePlan(captured);
  const html = renderPlanDocument(plan, {
    nonce: 'abc123',
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/plan.js',
    source: captured,
  });
  const csp = html.match(/content="(default-src[^"]+)"/)![1]!;
  assert.equal(csp, "default-src 'none'; style-src 'nonce-abc123' https://file+.vscode-resource.vscode-cdn.net; script-src 'nonce-abc123' https://file+.vscode-resource.vscode-cdn.net; img-src data: https://file+.vscode-resource.vscode-cdn.net");
  assert.match(html, /<script nonce="abc123" src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\/plan\.js"><\/script>/);
  assert.match(html, /<body class="webview">/);
  assert.doesNotMatch(html, /\sstyle="/, 'no inline style attributes: the CSP would block them');
  assert.doesNotMatch(html, /\son[a-z]+="/, 'no inline event handlers');
});

test('hostile text in a plan is escaped, also inside the embedded plan data', () => {
  const evil = '</script><img src=x onerror="alert(1)"><script>alert(2)</script>';
  const raw = JSON.parse(captured) as [{ Plan: { Plans: Record<string, unknown>[] } }];
  raw[0].Plan.Plans[0]!.Filter = evil;
  raw[0].Plan.Plans[0]!.Alias = evil;
  const source = JSON.stringify(raw);
  const plan = parsePlan(source);
  const html = renderPlanDocument(plan, { nonce: 'n0', source, sql: `select * from t where c = '${evil}'`, title: evil, selected: 1 });
  assert.doesNotMatch(html, /<img/);
  assert.equal((html.match(/<script/g) ?? []).length, 1, 'only the JSON data block (no script was inlined here)');
  assert.equal((html.match(/<\/script>/g) ?? []).length, 1);
  const data = html.match(/<script type="application\/json" id="pgsight-plan-data">([\s\S]*?)<\/script>/)![1]!;
  assert.equal(JSON.parse(data).source, source, 'the embedded plan round-trips exactly');
  assert.ok(html.includes('&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'), 'shown as text in the detail panel');
});
