// Generates server/src/docs/docs-index.json: one F1 index per PostgreSQL major version, built
// from that version's HTML manual (Debian's postgresql-doc-N, fetched by scripts/lib/debianDocs.mjs
// through a private apt configuration). Entries equal in every version are stored once
// ("shared", as the newest manual has them); the rest per version ("only": a whole entry, or
// just the anchor where only that differs). Every page and anchor is checked against the HTML.
//   node scripts/gen-docs-index.mjs [-o out.json] [--check] [N=html-dir …]
// N=html-dir uses a manual already unpacked for version N. --check regenerates in memory and
// fails when the committed index differs.
import fs from 'node:fs';
import path from 'node:path';
import { buildIndex } from './lib/docsIndexBuilder.mjs';
import { fetchManual, manualSuites } from './lib/debianDocs.mjs';

const args = process.argv.slice(2);
const outFlag = args.indexOf('-o');
const out = outFlag >= 0 ? args[outFlag + 1] : 'server/src/docs/docs-index.json';
const check = args.includes('--check');
const given = Object.fromEntries(args.filter((a) => /^\d+=/.test(a)).map((a) => a.split(/=(.*)/s).slice(0, 2)));

const built = {};
for (const major of Object.keys(manualSuites)) {
  const html = given[major] ?? fetchManual(Number(major));
  const { version, index } = buildIndex(html);
  if (!version.startsWith(`${major}.`)) {
    throw new Error(`${html} is the PostgreSQL ${version} manual, not ${major}`);
  }
  built[major] = { version, index };
  console.log(`PostgreSQL ${version}: ${Object.entries(index).map(([k, e]) => `${Object.keys(e).length} ${k}`).join(', ')}`);
}

const majors = Object.keys(built).sort((a, b) => Number(a) - Number(b));
const kinds = [...new Set(majors.flatMap((m) => Object.keys(built[m].index)))];
const sortKeys = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const shared = {};
const only = Object.fromEntries(majors.map((m) => [m, {}]));
for (const kind of kinds) {
  const keys = new Set(majors.flatMap((m) => Object.keys(built[m].index[kind] ?? {})));
  shared[kind] = {};
  for (const m of majors) {
    only[m][kind] = {};
  }
  for (const key of keys) {
    const values = majors.map((m) => built[m].index[kind]?.[key]);
    if (values.some((v) => v === undefined)) {
      majors.forEach((m, i) => values[i] !== undefined && (only[m][kind][key] = values[i]));
      continue;
    }
    // in every version: stored once; a version whose entry differs only by its anchor (the
    // manual's generated ids move between releases) keeps just that anchor, a string
    const newest = values[values.length - 1];
    shared[kind][key] = newest;
    majors.forEach((m, i) => {
      const v = values[i];
      if (JSON.stringify(v) === JSON.stringify(newest)) {
        return;
      }
      const anchorOnly = kind !== 'operator' && v[0] === newest[0] && v[2] === newest[2] && v[3] === newest[3] && typeof v[1] === 'string';
      only[m][kind][key] = anchorOnly ? v[1] : v;
    });
  }
  shared[kind] = sortKeys(shared[kind]);
  for (const m of majors) {
    only[m][kind] = sortKeys(only[m][kind]);
  }
}

const json = {
  versions: Object.fromEntries(majors.map((m) => [m, `PostgreSQL ${built[m].version} HTML documentation`])),
  shared,
  only,
};
// one entry a line, so a new manual shows as a readable diff
const serialized = `${JSON.stringify(json).replace(/\],"/g, '],\n"').replace(/\},"/g, '},\n"')}\n`;
if (check) {
  const committed = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  if (committed !== serialized) {
    console.error(`${out} is not what the generator makes from the manuals: run npm run docs:index`);
    process.exit(1);
  }
  console.log(`${out} is up to date`);
  process.exit(0);
}
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, serialized);
const count = (o) => Object.values(o).reduce((n, e) => n + Object.keys(e).length, 0);
console.log(
  `${fs.statSync(out).size} bytes → ${out}: ${count(shared)} entries shared, ${majors.map((m) => `${count(only[m])} only in ${m}`).join(', ')}`,
);
