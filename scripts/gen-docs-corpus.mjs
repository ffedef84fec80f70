// Generates test/fixtures/docs-corpus.json: F1 selections built from what a real server has
// (pg_proc, pg_settings, information_schema, pg_catalog's relations and pg_type of an embedded
// PostgreSQL 18) and from the manuals' own indexes (bookindex.html of 15, 17, 18: commands,
// concepts), with the answer each manual's index gives, independently of pgsight's index.
//   node scripts/gen-docs-corpus.mjs [--url postgres://…]
// A name the manual of a version does not mention at all must answer null there. The manuals
// come from the same Debian packages as npm run docs:index (scripts/lib/debianDocs.mjs).
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { fetchManual, manualSuites } from './lib/debianDocs.mjs';
import { startEmbeddedPostgres } from './lib/embeddedPg.mjs';

const out = 'test/fixtures/docs-corpus.json';
const urlFlag = process.argv.indexOf('--url');

const entities = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const text = (html) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e) => (e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (entities[e] ?? m)))
    .replace(/\s+/g, ' ')
    .trim();

/** One manual: its index terms with their links, and every id's enclosing author-written ids. */
function readManual(dir) {
  const cache = new Map();
  const read = (page) => {
    if (!cache.has(page)) {
      cache.set(page, fs.existsSync(path.join(dir, page)) ? fs.readFileSync(path.join(dir, page), 'utf8') : '');
    }
    return cache.get(page);
  };
  const pages = fs.readdirSync(dir).filter((f) => f.endsWith('.html'));
  const terms = new Map();
  // an index mark of `name` on a page: <a id="id-…" class="indexterm"></a> right before it
  const markOf = (page, name) => {
    const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`<a id="(id-[^"]+)" class="indexterm"></a>\\s*<code class="(?:function|varname|type|structname)">${esc}</code>`).exec(read(page))?.[1] ?? null;
  };
  for (const m of read('bookindex.html').matchAll(/<dt id="ientry-([^"]*)">([^<]+?),\s*((?:<a class="indexterm" href="[^"]+">[\s\S]*?<\/a>(?:,\s*)?)+)<\/dt>/g)) {
    const term = text(m[2]);
    const name = term.replace(/ (function|configuration parameter|system view|system catalog|\(data type\))$/, '');
    // the entry's own place: the index mark the entry's id names (first link), else the mark
    // of the name on that page, else the section the index links
    const links = [...m[3].matchAll(/href="([^"#]+)(?:#([^"]+))?"/g)].map((l, n) => [
      l[1],
      (n === 0 && read(l[1]).includes(` id="${m[1]}"`) ? m[1] : null) ?? markOf(l[1], name) ?? l[2] ?? null,
    ]);
    terms.set(term, [...(terms.get(term) ?? []), ...links]);
  }
  /** The anchor and the author-written ids around it: an answer at any of them is "at the entry or its section". */
  const around = (page, anchor) => {
    if (!anchor) {
      return [];
    }
    const html = read(page);
    const at = html.indexOf(` id="${anchor}"`);
    const stack = [];
    for (const tag of html.slice(0, Math.max(at, 0)).matchAll(/<div\b[^>]*>|<\/div>/g)) {
      if (tag[0] === '</div>') {
        stack.pop();
      } else {
        stack.push(/\sid="([^"]+)"/.exec(tag[0])?.[1] ?? null);
      }
    }
    const sections = stack.filter((id) => id && !/^id-/.test(id)).reverse();
    // a mark inside a <dt id="GUC-…"> (a setting, a parameter): that entry is its own place too
    const before = html.slice(0, Math.max(at, 0));
    const dt = /<dt id="([^"]+)"[^>]*>(?![\s\S]*<\/dt>)[\s\S]*$/.exec(before.slice(-3000))?.[1];
    // the page's outermost id is the page itself: an answer without anchor is at the entry
    const root = /<div class="[^"]*" id="([^"]+)"/.exec(html)?.[1];
    const near = [anchor, ...(dt ? [dt] : []), ...sections.slice(0, 2)];
    return root && near.includes(root) ? [...near, ''] : near;
  };
  let words = null;
  const mentions = (name) => {
    words ??= new Set(pages.flatMap((p) => read(p).replace(/<[^>]*>/g, ' ').toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? []));
    return words.has(name.toLowerCase());
  };
  const version = /PostgreSQL ([\d.]+) Documentation/.exec(read('index.html'))?.[1];
  return { terms, around, mentions, read, pages: new Set(pages), version };
}

/** What a manual expects for a term: [pages, anchors around each link] or undefined when it has no entry. */
function expectation(manual, termNames, pageFilter = () => true) {
  for (const t of termNames) {
    const links = (manual.terms.get(t) ?? []).filter(([p]) => pageFilter(p));
    if (links.length > 0) {
      return [[...new Set(links.map(([p]) => p))], [...new Set(links.flatMap(([p, a]) => manual.around(p, a)))]];
    }
  }
  return undefined;
}

const server = urlFlag >= 0 ? null : await startEmbeddedPostgres();
const client = new pg.Client({ connectionString: urlFlag >= 0 ? process.argv[urlFlag + 1] : server.url });
await client.connect();
const names = async (sql) => (await client.query(sql)).rows.map((r) => r.name);
const functions = await names(`SELECT DISTINCT proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = 'pg_catalog' AND proname ~ '^[a-z_][a-z0-9_]*$' ORDER BY 1`);
const settings = await names(`SELECT name FROM pg_settings WHERE name ~ '^[a-z_][a-z0-9_]*$' ORDER BY 1`);
const infoViews = await names(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'information_schema' ORDER BY 1`);
const relations = await names(`SELECT relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'pg_catalog' AND relkind IN ('r', 'v') ORDER BY 1`);
const types = await names(`SELECT typname AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE n.nspname = 'pg_catalog' AND typrelid = 0 AND typname !~ '^_' AND typtype IN ('b', 'r', 'm', 'p', 'd') ORDER BY 1`);
const serverVersion = (await client.query('SHOW server_version')).rows[0].server_version;
await client.end();
await server?.stop();

const manuals = Object.fromEntries(Object.keys(manualSuites).map((v) => [v, readManual(fetchManual(Number(v)))]));
const versions = Object.keys(manuals);
const mid = (name) => Math.max(1, Math.floor(name.length / 2));
const cursorIn = (before, name, after = '') => `${before}${name.slice(0, mid(name))}‸${name.slice(mid(name))}${after}`;
const cases = [];

/** One selection per version: the manual's entry, null when the manual never mentions it, skipped otherwise. */
function addCase(category, marked, expectFor) {
  const expect = {};
  for (const v of versions) {
    const e = expectFor(manuals[v]);
    if (e !== undefined) {
      expect[v] = e;
    }
  }
  const found = Object.keys(expect);
  if (found.length === 0) {
    return;
  }
  // the same expectation in every manual is written once, under "15,17,18"
  const same = found.length === versions.length && found.every((v) => JSON.stringify(expect[v]) === JSON.stringify(expect[found[0]]));
  cases.push([category, marked, same ? { [versions.join(',')]: expect[found[0]] } : expect]);
}
const orNull = (manual, name, e) => e ?? (manual.mentions(name) ? undefined : null);

for (const fn of functions) {
  addCase('function', cursorIn('SELECT ', fn, '(1)'), (m) => orNull(m, fn, expectation(m, [fn, `${fn} function`])));
  // the name alone, selected: where `lpad` used to open LOAD
  addCase('function selected', `«${fn}»`, (m) => orNull(m, fn, expectation(m, [fn, `${fn} function`])));
}
for (const name of settings) {
  addCase('setting', cursorIn('SHOW ', name), (m) => orNull(m, name, expectation(m, [`${name} configuration parameter`])));
}
for (const view of infoViews) {
  const page = `infoschema-${view.replace(/_/g, '-')}.html`;
  addCase('information_schema', cursorIn('SELECT * FROM information_schema.', view), (m) => (m.pages.has(page) ? [[page], []] : undefined));
}
for (const rel of relations) {
  const category = rel.startsWith('pg_stat_progress_') ? 'progress view' : 'catalog or view';
  const progress = (m) => {
    if (category !== 'progress view' || !m.pages.has('progress-reporting.html')) {
      return undefined;
    }
    const html = m.read('progress-reporting.html');
    const id = [...html.matchAll(/<div class="sect2" id="([A-Z-]+-PROGRESS-REPORTING)">/g)].find((s) => html.slice(s.index, s.index + 3000).includes(`>${rel}<`))?.[1];
    return id ? [['progress-reporting.html'], [id]] : undefined;
  };
  addCase(category, cursorIn('SELECT * FROM ', rel), (m) => progress(m) ?? orNull(m, rel, expectation(m, [rel, `${rel} system view`, `${rel} system catalog`])));
}
const modifiers = { numeric: '(12,2)', varchar: '(50)', bpchar: '(10)', bit: '(3)', varbit: '(8)', time: '(3)', timestamp: '(3)', timestamptz: '(3)', interval: '(6)', timetz: '(3)' };
for (const type of types) {
  const expect = (m) => expectation(m, [`${type} (data type)`, type], (p) => /^(datatype|rangetypes|extend-type|functions-)/.test(p));
  addCase('type', cursorIn('SELECT a::', type, ' FROM t'), expect);
  addCase('type', `CREATE TABLE t (a «${type}[]»)`, expect);
  if (modifiers[type]) {
    addCase('type', `SELECT a::«${type}${modifiers[type]}» FROM t`, expect);
  }
}
{
  // commands: every entry of the SQL Commands reference of each manual, cursor on the last word
  const commands = new Map();
  for (const v of versions) {
    for (const m of manuals[v].read('sql-commands.html').matchAll(/<span class="refentrytitle"><a href="([^"#]+)">([^<]+)<\/a>/g)) {
      commands.set(text(m[2]).toUpperCase(), m[1]);
    }
  }
  for (const [title, page] of commands) {
    const words = title.split(' ');
    const last = words.pop();
    addCase('command', `${words.length ? `${words.join(' ')} ` : ''}${cursorIn('', last)} x`, (m) => (m.pages.has(page) && m.read('sql-commands.html').includes(`href="${page}"`) ? [[page], []] : undefined));
  }
}
{
  // concepts: the manual's index terms that are words rather than names (parallel query, HOT…)
  const concepts = new Set();
  for (const v of versions) {
    for (const term of manuals[v].terms.keys()) {
      if (/^[A-Za-z][A-Za-z -]{2,40}$/.test(term) && (term.includes(' ') || term.includes('-') || /^[A-Z]{2,}$/.test(term)) && term.split(' ').length <= 4) {
        concepts.add(term);
      }
    }
  }
  for (const term of [...concepts].sort()) {
    addCase('concept', `«${term}»`, (m) => expectation(m, [term]));
  }
}

const expectIn = (e, v) => Object.entries(e).find(([k]) => k.split(',').includes(v))?.[1];
const count = (v, pred) => cases.filter(([, , e]) => expectIn(e, v) !== undefined && pred(expectIn(e, v))).length;
const json = {
  generatedFrom: { server: `PostgreSQL ${serverVersion}`, manuals: Object.fromEntries(versions.map((v) => [v, manuals[v].version])) },
  cases,
};
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify(json).replace(/\],\["/g, '],\n["')}\n`);
console.log(
  `${cases.length} selections → ${out} (${fs.statSync(out).size} bytes); ` +
    versions.map((v) => `${v}: ${count(v, (e) => e !== null)} with an entry, ${count(v, (e) => e === null)} not in the manual`).join('; '),
);
