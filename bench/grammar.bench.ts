// Syntax highlighting cost: the TextMate grammar (syntaxes/pgsql.tmLanguage.json) run by
// vscode-textmate + vscode-oniguruma, the engine VS Code itself uses, over the demo SQL and
// psql script repeated to 10,000 lines, and over one very long line. VS Code tokenizes in
// time-sliced chunks on the renderer thread, so cost per 1,000 lines is what a user feels when
// a large migration opens. Goal: ≤ 100 ms per 1,000 lines, no line over 50 ms.
import fs from 'node:fs';
import path from 'node:path';
import { loadWASM, OnigScanner, OnigString } from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

type Row = { area: string; measure: string; value: number; unit: string; ratio?: number; goal?: string };

const root = path.resolve(__dirname, '..');

async function loadGrammar(): Promise<IGrammar> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s: string[]) => new OnigScanner(s), createOnigString: (s: string) => new OnigString(s) }),
    loadGrammar: async () => parseRawGrammar(fs.readFileSync(path.join(root, 'syntaxes/pgsql.tmLanguage.json'), 'utf8'), 'pgsql.tmLanguage.json'),
  });
  const grammar = await registry.loadGrammar('source.pgsql');
  if (!grammar) {
    throw new Error('source.pgsql did not load');
  }
  return grammar;
}

/** Tokenizes `lines` as one document; returns total ms and the slowest line's ms. */
function tokenize(grammar: IGrammar, lines: string[]): { total: number; worst: number } {
  let state = INITIAL;
  let worst = 0;
  const t0 = performance.now();
  for (const line of lines) {
    const t = performance.now();
    state = grammar.tokenizeLine(line, state).ruleStack;
    worst = Math.max(worst, performance.now() - t);
  }
  return { total: performance.now() - t0, worst };
}

export default async function grammarBench(): Promise<Row[]> {
  const grammar = await loadGrammar();
  const sources = [
    ...fs.readdirSync(path.join(root, 'demo')).filter((f) => /\.(sql|psql)$/.test(f)).map((f) => path.join(root, 'demo', f)),
    path.join(root, 'scripts/demo/shop.sql'),
    path.join(root, 'scripts/demo/template_demo.sql'),
  ];
  const text = sources.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  const lines: string[] = [];
  while (lines.length < 10_000) {
    lines.push(...text.split('\n'));
  }
  const first = tokenize(grammar, lines); // includes compiling the regular expressions
  const runs = [tokenize(grammar, lines), tokenize(grammar, lines), tokenize(grammar, lines)];
  const best = runs.reduce((a, b) => (b.total < a.total ? b : a));
  const worst = Math.max(...runs.map((r) => r.worst));
  const longLine = `select ${Array.from({ length: 2_000 }, (_, i) => `col${i} + coalesce(x${i}, 0)::numeric`).join(', ')} from t;`;
  tokenize(grammar, [longLine]);
  const long = tokenize(grammar, [longLine]);
  const per1k = (ms: number) => (ms / lines.length) * 1_000;
  return [
    { area: 'grammar', measure: `tokenize ${lines.length} lines of demo SQL, per 1,000 lines (first pass)`, value: per1k(first.total), unit: 'ms' },
    { area: 'grammar', measure: 'tokenize demo SQL, per 1,000 lines (warm)', value: per1k(best.total), unit: 'ms', goal: '≤ 100 ms' },
    { area: 'grammar', measure: 'slowest single line (warm)', value: worst, unit: 'ms', goal: '≤ 50 ms' },
    { area: 'grammar', measure: `one ${Math.round(longLine.length / 1000)} kB line`, value: long.total, unit: 'ms' },
  ];
}
