/**
 * Scores F1 against test/fixtures/docs-corpus.json (scripts/gen-docs-corpus.mjs): per version
 * and category, how many selections open the manual's page, how many its entry's anchor (or
 * the section around it), and how many names the manual never mentions open a page at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { lookupDocs } from '../../server/src/docs/docsLookup';
import { withDocsIndex, type DocsTarget } from '../../server/src/docs/docsIndex';

/** [pages, anchors]: the entry's pages, and its anchor with the sections around it (empty: the page itself). */
type Expectation = [pages: string[], anchors: string[]] | null;
/** expect: per version ("15"), or one expectation for several ("15,17,18") */
type Case = [category: string, marked: string, expect: Record<string, Expectation>];
interface Corpus {
  generatedFrom: { server: string; manuals: Record<string, string> };
  cases: Case[];
}

export interface Score {
  version: string;
  category: string;
  /** selections whose name has an entry in that version's manual */
  entries: number;
  page: number;
  anchor: number;
  /** selections of names that manual never mentions */
  absent: number;
  /** …of which opened a page (a wrong page) */
  wrong: number;
  misses: string[];
}

export function loadCorpus(): Corpus {
  return JSON.parse(fs.readFileSync(path.resolve('test', 'fixtures', 'docs-corpus.json'), 'utf8')) as Corpus;
}

function locate(marked: string): { text: string; start: number; end: number } {
  const open = marked.indexOf('«');
  const text = marked.replace(/[«»‸]/g, '');
  const start = open >= 0 ? open : marked.indexOf('‸');
  return { text, start, end: open >= 0 ? marked.indexOf('»') - 1 : start };
}

const show = (t: DocsTarget | null): string => (t ? `${t.page}#${t.anchor ?? ''}` : 'null');

export function scoreCorpus(corpus = loadCorpus()): Score[] {
  const scores = new Map<string, Score>();
  for (const [category, marked, expect] of corpus.cases) {
    const { text, start, end } = locate(marked);
    // "15,17,18": the same expectation in every manual
    for (const [version, e] of Object.entries(expect).flatMap(([vs, e]) => vs.split(',').map((v) => [v, e] as const))) {
      const key = `${version}\u0000${category}`;
      let s = scores.get(key);
      if (!s) {
        s = { version, category, entries: 0, page: 0, anchor: 0, absent: 0, wrong: 0, misses: [] };
        scores.set(key, s);
      }
      const got = withDocsIndex(version, () => lookupDocs(text, start, end));
      if (e === null) {
        s.absent++;
        if (got) {
          s.wrong++;
          s.misses.push(`${marked} → ${show(got)} (not in the manual)`);
        }
        continue;
      }
      s.entries++;
      const [pages, anchors] = e;
      const pageOk = got !== null && pages.includes(got.page);
      const anchorOk = pageOk && (anchors.length === 0 || anchors.includes(got.anchor ?? '') || anchors.includes(got.section ?? ''));
      s.page += pageOk ? 1 : 0;
      s.anchor += anchorOk ? 1 : 0;
      if (!anchorOk) {
        s.misses.push(`${marked} → ${show(got)} (manual: ${pages.join(' ')} ${anchors.join(' ')})`);
      }
    }
  }
  return [...scores.values()].sort((a, b) => a.version.localeCompare(b.version) || a.category.localeCompare(b.category));
}

const pct = (n: number, d: number): string => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);

/** The markdown table docs/f1-manual.md quotes: one row per version and category, and totals. */
export function renderScores(scores: Score[]): string {
  const rows = ['| version | category | selections | page | anchor | not in the manual | wrong pages |', '|---|---|---:|---:|---:|---:|---:|'];
  const versions = [...new Set(scores.map((s) => s.version))];
  for (const v of versions) {
    const mine = scores.filter((s) => s.version === v);
    for (const s of mine) {
      rows.push(`| ${v} | ${s.category} | ${s.entries + s.absent} | ${pct(s.page, s.entries)} | ${pct(s.anchor, s.entries)} | ${s.absent} | ${s.wrong} |`);
    }
    const sum = (f: (s: Score) => number): number => mine.reduce((n, s) => n + f(s), 0);
    rows.push(
      `| **${v}** | **all** | **${sum((s) => s.entries + s.absent)}** | **${pct(sum((s) => s.page), sum((s) => s.entries))}** | ` +
        `**${pct(sum((s) => s.anchor), sum((s) => s.entries))}** | **${sum((s) => s.absent)}** | **${sum((s) => s.wrong)}** |`,
    );
  }
  return rows.join('\n');
}
