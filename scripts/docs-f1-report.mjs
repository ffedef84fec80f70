// Rewrites the table of docs/f1-manual.md from the F1 corpus (test/fixtures/docs-corpus.json):
// page and anchor rates per version and category, as test/unit/docsCorpus.test.ts checks them.
//   node scripts/docs-f1-report.mjs
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';

if (!process.env.PGSIGHT_F1_REPORT_CHILD) {
  // through tsx: the scoring reads the lookup's TypeScript like the tests do
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/docs-f1-report.mjs'], {
    stdio: 'inherit',
    env: { ...process.env, PGSIGHT_F1_REPORT_CHILD: '1' },
  });
  process.exit(r.status ?? 1);
}

const { loadParser } = await import('../server/src/parser/index.ts');
const { scoreCorpus, renderScores } = await import('../test/unit/docsCorpusScore.ts');
await loadParser();
const table = renderScores(scoreCorpus());
const file = 'docs/f1-manual.md';
const doc = fs.readFileSync(file, 'utf8');
const start = '<!-- f1-corpus-table -->';
const end = '<!-- /f1-corpus-table -->';
const before = doc.slice(0, doc.indexOf(start) + start.length);
const after = doc.slice(doc.indexOf(end));
if (doc.indexOf(start) < 0 || doc.indexOf(end) < 0) {
  throw new Error(`${file} has no ${start} … ${end} markers`);
}
fs.writeFileSync(file, `${before}\n${table}\n${after}`);
console.log(`${file}: table rewritten`);
