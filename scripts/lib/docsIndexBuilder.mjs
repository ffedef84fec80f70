// Builds the F1 index of one PostgreSQL HTML manual (the html directory of Debian's
// postgresql-doc-NN package). Every page and anchor it returns is checked against the ids present
// in the HTML; it throws when one is missing. Anchors: the ids the manual's authors wrote
// (FUNCTIONS-SRF-SERIES, GUC-WORK-MEM, …) and, for entries of the manual's own index
// (bookindex.html: every function), the id that index links to. Those generated ids
// (id-1.5.8.10.5.2.2.8.1.1.1) change between major versions, so the index is per version and
// its URLs name the version it was built from.
import fs from 'node:fs';
import path from 'node:path';
import { curatedEntries, preferredFunctionPages } from './docsCurated.mjs';
import { addManualEntries } from './docsManualEntries.mjs';

/** DocBook's generated ids: valid anchors for the version built from, not across versions. */
export const isGeneratedId = (id) => /^id-|^id\d/i.test(id);

export function buildIndex(htmlDir) {
  const read = (page) => fs.readFileSync(path.join(htmlDir, page), 'utf8');
  const pages = fs.readdirSync(htmlDir).filter((f) => f.endsWith('.html'));
  const pageSet = new Set(pages);

  const entities = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  function text(html) {
    return html
      .replace(/<[^>]*>/g, '')
      .replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e) =>
        e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (entities[e] ?? m),
      )
      .replace(/\s+/g, ' ')
      .trim();
  }


  /** Every id in a page, for verification. */
  const idCache = new Map();
  function idsOf(page) {
    let ids = idCache.get(page);
    if (!ids) {
      ids = new Set([...read(page).matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
      idCache.set(page, ids);
    }
    return ids;
  }

  /**
   * For each offset in `offsets` (ascending), the innermost enclosing element with an
   * author-written id. DocBook's HTML nests sections and tables as <div>s, and puts the id of a
   * varlistentry on its <dt>; both are tracked.
   */
  function enclosingIds(html, offsets) {
    const result = [];
    const stack = [];
    const tags = [...html.matchAll(/<div\b[^>]*>|<\/div>/g)];
    let t = 0;
    for (const offset of offsets) {
      while (t < tags.length && tags[t].index < offset) {
        const tag = tags[t][0];
        if (tag === '</div>') {
          stack.pop();
        } else {
          const id = /\sid="([^"]+)"/.exec(tag)?.[1];
          stack.push(id && !isGeneratedId(id) ? id : null);
        }
        t++;
      }
      result.push([...stack].reverse().find((id) => id) ?? null);
    }
    return result;
  }

  const index = {
    command: {},
    construct: {},
    function: {},
    operator: {},
    type: {},
    guc: {},
    catalog: {},
    view: {},
    sqlstate: {},
    condition: {},
    app: {},
    term: {},
  };

  // the manual's one-line summaries, for the hover: "kind:key" → [summary]
  index.summary = {};
  const firstSentence = (html) => {
    const t = text(html);
    const m = /^(.*?[.!?])(?:\s|$)(?![a-z0-9])/.exec(t);
    const sentence = (m?.[1] ?? t).trim();
    return sentence.length > 200 ? `${sentence.slice(0, 199).replace(/\s+\S*$/, '')}…` : sentence;
  };
  const summarize = (kind, key, html) => {
    const line = html ? firstSentence(html) : '';
    // a line that introduces a list or a syntax block ("target can be:") summarizes nothing
    if (line && !/:$/.test(line) && !(`${kind}:${key}` in index.summary)) {
      index.summary[`${kind}:${key}`] = [line];
    }
  };

  // [page, anchor, title?, section?]: the section (an author-written id around a generated
  // anchor) is where the entry stands in the manual's outline
  function add(kind, key, page, anchor, title, section) {
    if (key in index[kind]) {
      return false;
    }
    const named = title && title !== key ? title : null;
    const around = section && section !== anchor ? section : null;
    index[kind][key] = around ? [page, anchor ?? null, named, around] : named ? [page, anchor ?? null, named] : [page, anchor ?? null];
    return true;
  }

  // --- SQL commands: the "SQL Commands" reference, one page per command --------------------
  const tocEntry = /<span class="refentrytitle"><a href="([^"#]+)">([^<]+)<\/a>/g;
  for (const m of read('sql-commands.html').matchAll(tocEntry)) {
    const name = text(m[2]).toUpperCase();
    add('command', name, m[1], null);
    // "SELECT, TABLE, WITH — retrieve rows from a table or view"
    const purpose = /<div class="refnamediv">[\s\S]*?<p>([\s\S]*?)<\/p>/.exec(read(m[1]))?.[1];
    const line = purpose ? text(purpose).split(/\s+—\s+/)[1] : undefined;
    if (line) {
      index.summary[`command:${name}`] = [line.charAt(0).toUpperCase() + line.slice(1)];
    }
  }
  // client and server applications (psql, pg_dump, initdb…)
  for (const toc of ['reference-client.html', 'reference-server.html']) {
    for (const m of read(toc).matchAll(/<span class="refentrytitle"><a href="([^"#]+)">([\s\S]*?)<\/a>/g)) {
      add('app', text(m[2]), m[1], null);
    }
  }

  const operatorChars = /^[-+*/<>=~!@#%^&|`?:]+$/;

  // --- clauses, constructs and concepts: curated keys, verified like everything else --------
  for (const [key, target, title] of curatedEntries) {
    const [page, anchor] = target.split('#');
    if (operatorChars.test(key) && key !== '::') {
      // operators described in prose rather than in an operator table (=, ~~, ~…)
      (index.operator[key] ??= []).push([page, anchor ?? null]);
    } else {
      add('construct', key, page, anchor ?? null, title);
    }
  }

  // --- functions and operators: the func_table_entry rows of every function table ----------
  const functionPages = [...new Set([...read('functions.html').matchAll(/href="(functions-[^"#]+)"/g)].map((m) => m[1]))];
  const otherPages = pages.filter((p) => !functionPages.includes(p)).sort();
  for (const page of [...functionPages, ...otherPages]) {
    const html = read(page);
    // a cell may hold several signatures (json_build_object and jsonb_build_object)
    const cells = [...html.matchAll(/<td class="func_table_entry">([\s\S]*?)<\/td>/g)];
    if (cells.length === 0) {
      continue;
    }
    const cellAnchors = enclosingIds(html, cells.map((r) => r.index));
    // [signature, table anchor, the cell's description: its first <p> after the signatures]
    const rows = cells.flatMap((cell, c) => {
      const description = /<\/p>\s*<p>([\s\S]*?)<\/p>/.exec(cell[1].slice(cell[1].lastIndexOf('class="func_signature"')))?.[1];
      return [...cell[1].matchAll(/<p class="func_signature">([\s\S]*?)<\/p>/g)].map((sig) => [sig[1], cellAnchors[c], description]);
    });
    const anchors = rows.map((r) => r[1]);
    rows.forEach((row, i) => {
      // the signature's own index anchor (bookindex.html links the function there): per version
      const own = /<a id="([^"]+)" class="indexterm"><\/a>/.exec(row[0])?.[1];
      const sig = row[0].replace(/<a [^>]*class="indexterm"[^>]*><\/a>/g, '').trim();
      const fn = /^<code class="function">([^<]+)<\/code>/.exec(sig);
      if (fn) {
        const name = text(fn[1]).toLowerCase();
        if (preferredFunctionPages[name] === page && index.function[name]?.[0] !== page) {
          delete index.function[name];
        }
        if (add('function', name, page, own ?? anchors[i], text(fn[1]), anchors[i]) || index.function[name][0] === page) {
        summarize('function', name, row[2]);
      }
        return;
      }
      for (const lit of sig.matchAll(/<code class="literal">([^<]+)<\/code>/g)) {
        const op = text(lit[1]);
        if (operatorChars.test(op)) {
          // one operator means different things per type (@> on arrays, ranges, jsonb,
          // geometry): keep every documented meaning, the lookup picks one from context
          const meanings = (index.operator[op] ??= []);
          if (!meanings.some(([p]) => p === page)) {
            meanings.push([page, anchors[i]]);
          }
          return;
        }
        if (/^[A-Z][A-Z ]*[A-Z]$/.test(op)) {
          add('construct', op, page, anchors[i]);
          return;
        }
      }
    });
  }

  // functions documented in a synopsis rather than a table (gen_random_uuid, pg_sleep…)
  for (const page of functionPages) {
    const html = read(page);
    const found = [...html.matchAll(/<pre class="synopsis">([\s\S]*?)<\/pre>/g)];
    const anchors = enclosingIds(html, found.map((m) => m.index));
    found.forEach((m, i) => {
      for (const line of m[1].split('\n')) {
        const name = /^\s*([a-z_][a-z0-9_]*)\s*\(/.exec(text(line))?.[1];
        if (name) {
          add('function', name, page, anchors[i], name);
        }
      }
    });
  }

  // --- configuration parameters: <dt id="GUC-…"><code class="varname">name</code> -----------
  for (const page of pages.filter((p) => p.startsWith('runtime-config') || p === 'runtime-config.html')) {
    const html = read(page);
    for (const m of html.matchAll(/<dt id="(GUC-[^"]+)"[^>]*><span class="term"><code class="varname">([^<]+)<\/code>/g)) {
      if (add('guc', text(m[2]).toLowerCase(), page, m[1], text(m[2]))) {
        summarize('guc', text(m[2]).toLowerCase(), /^[\s\S]*?<\/dt><dd><p>([\s\S]*?)<\/p>/.exec(html.slice(m.index, m.index + 4000))?.[1]);
      }
    }
  }
  // parameters documented elsewhere (preset options, custom ones of contrib modules) keep their own ids
  for (const page of pages.filter((p) => !p.startsWith('runtime-config'))) {
    const html = read(page);
    for (const m of html.matchAll(/<dt id="(GUC-[^"]+)"[^>]*><span class="term"><code class="varname">([^<]+)<\/code>/g)) {
      if (add('guc', text(m[2]).toLowerCase(), page, m[1], text(m[2]))) {
        summarize('guc', text(m[2]).toLowerCase(), /^[\s\S]*?<\/dt><dd><p>([\s\S]*?)<\/p>/.exec(html.slice(m.index, m.index + 4000))?.[1]);
      }
    }
  }

  // --- system catalogs and views: one page each, plus the statistics views ------------------
  for (const page of pages.filter((p) => /^(catalog|view)-pg-.*\.html$/.test(p))) {
    const title = /<title>(?:[\d.]+[\s\u00a0])?([^<]+)<\/title>/.exec(read(page))?.[1];
    if (title && /^pg_\w+$/.test(text(title))) {
      add(page.startsWith('catalog-') ? 'catalog' : 'view', text(title), page, null);
    }
  }
  {
    const page = 'monitoring-stats.html';
    const html = read(page);
    const sections = new Map();
    for (const m of html.matchAll(/<div class="sect2" id="(MONITORING-PG-[^"]+-VIEW)">[\s\S]*?<h3 class="title">[\d.]+[\s\u00a0]<code class="structname">([^<]+)<\/code>/g)) {
      sections.set(text(m[2]), m[1]);
      add('view', text(m[2]), page, m[1]);
    }
    // the overview tables: "pg_stat_user_tables | Same as pg_stat_all_tables, except…"
    for (const m of html.matchAll(/<tr><td><code class="structname">([^<]+)<\/code>[\s\S]*?<\/td><td>([\s\S]*?)<\/td><\/tr>/g)) {
      const linked = /href="monitoring-stats\.html#(MONITORING-[^"]+-VIEW)"/.exec(m[2])?.[1];
      const sameAs = /^\s*Same as <code class="structname">([^<]+)<\/code>/.exec(m[2])?.[1];
      const anchor = linked ?? (sameAs ? sections.get(text(sameAs)) : undefined);
      if (anchor) {
        add('view', text(m[1]), page, anchor);
      }
    }
  }

  // --- SQLSTATE codes and condition names: the error codes appendix -------------------------
  for (const m of read('errcodes-appendix.html').matchAll(/<tr><td><code class="literal">([0-9A-Z]{5})<\/code><\/td><td><code class="symbol">([^<]+)<\/code>/g)) {
    add('sqlstate', m[1], 'errcodes-appendix.html', 'ERRCODES-TABLE', `${m[1]} ${m[2]}`);
    add('condition', m[2], 'errcodes-appendix.html', 'ERRCODES-TABLE', `${m[2]} (${m[1]})`);
  }

  // --- the back-of-book index: terms users select (template0, COALESCE, pg_stat_* views…) ---
  const bookIndex = [];
  {
    const html = read('bookindex.html');
    // top-level entries only: <dt>term, <a class="indexterm" href="page#anchor">…</a>…</dt>
    for (const m of html.matchAll(/<dt id="ientry-([^"]*)">([^<,]+),\s*((?:<a class="indexterm" href="[^"]+">[\s\S]*?<\/a>(?:,\s*)?)+)<\/dt>/g)) {
      const term = text(m[2]);
      // the entry's id is the id of its first index mark: `ientry-id-1.5.8…` → `id-1.5.8…` on the page
      const links = [...m[3].matchAll(/href="([^"#]+)(?:#([^"]+))?"/g)].map((l, n) => [
        l[1],
        l[2] ?? (n === 0 && pageSet.has(l[1]) && idsOf(l[1]).has(m[1]) ? m[1] : null),
      ]);
      bookIndex.push([term, links]);
    }
  }
  for (const [term, links] of bookIndex) {
    const statsView = links.find(([page, anchor]) => page === 'monitoring-stats.html' && anchor?.endsWith('-VIEW'));
    if (/^pg_\w+$/.test(term) && statsView) {
      add('view', term, statsView[0], statsView[1]);
    }
  }

  // data types: every name and alias of the manual's "Data Types" table, placed on the page
  // the back-of-book index gives for "<name> (data type)" (or for the bare name)
  {
    const byTerm = new Map(bookIndex.map(([term, links]) => [term.toLowerCase(), links]));
    const typePages = [...new Set([...read('datatype.html').matchAll(/href="(datatype-[^"#]+)"/g)].map((m) => m[1]))];
    // where a type's own section or table row is: a heading or first table cell naming it
    const placeInTypePages = (name) => {
      const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      for (const pattern of [
        new RegExp(`<h[234] class="title">[^<]*(?:<[^>]+>[^<]*)*?<code class="type">${esc}</code>`, 'i'),
        new RegExp(`<tr><td><code class="type">${esc}</code>`, 'i'),
        new RegExp(`<code class="type">${esc}</code>`, 'i'),
      ]) {
        for (const page of typePages) {
          const html = read(page);
          const m = pattern.exec(html);
          if (m) {
            return [page, enclosingIds(html, [m.index + m[0].length])[0]];
          }
        }
      }
      return undefined;
    };
    const pageOf = (name) =>
      [`${name} (data type)`, name].map((t) => byTerm.get(t)?.find(([page]) => page.startsWith('datatype-'))).find(Boolean) ??
      placeInTypePages(name);
    // "timestamp [ (p) ] [ without time zone ]" → timestamp, timestamp without time zone
    const spellings = (cellText) =>
      cellText.replace(/\[\s*\([^)]*\)\s*\]|\([^)]*\)/g, ' ').split(/,\s*/).flatMap((spelled) => {
        const plain = spelled.replace(/\s+/g, ' ').trim().toLowerCase();
        const optional = /\[\s*([^\]]+?)\s*\]/.exec(plain);
        const base = plain.replace(/\[[^\]]*\]/g, ' ').replace(/\s+/g, ' ').trim();
        return optional && /zone/.test(optional[1]) ? [base, `${base} ${optional[1]}`] : base ? [base] : [];
      });
    const row = /<tr><td>(<code class="type">[\s\S]*?)<\/td><td>([\s\S]*?)<\/td><td>/g;
    for (const m of read('datatype.html').matchAll(row)) {
      const names = [...spellings(text(m[1])), ...spellings(text(m[2]))];
      // a few (pg_snapshot, txid_snapshot) live beside their functions instead
      const target = names.map(pageOf).find(Boolean) ?? names.map((n) => byTerm.get(n)?.[0]).find(Boolean);
      if (!target) {
        console.error(`warning: data type ${names.join(' / ')} has no page; left out`);
        continue;
      }
      for (const n of names) {
        add('type', n, target[0], target[1], n);
      }
    }
    // the types the table leaves out (pseudo-types, OID aliases, ranges…) have index entries too
    for (const [term, links] of bookIndex) {
      const m = /^([a-z][a-z0-9_ ]*) \(data type\)$/.exec(term.toLowerCase());
      const target = links.find(([p]) => p.startsWith('datatype-'));
      if (m && target) {
        add('type', m[1], target[0], target[1], m[1]);
      }
    }
  }

  // remaining index terms that look like something one selects in SQL: identifiers, keywords
  for (const [term, links] of bookIndex) {
    const t = term.replace(/ (function|configuration parameter|system view|system catalog)$/, '');
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(t) || links.length === 0) {
      continue;
    }
    const key = t.toLowerCase();
    const known = ['command', 'construct', 'function', 'guc', 'catalog', 'view', 'type', 'app'].some(
      (k) => key in index[k] || key.toUpperCase() in index[k],
    );
    if (known) {
      continue;
    }
    // a function the manual describes in prose (JSON_TABLE, xmlcomment…): indexed on a functions page
    const fnPage = links.find(([page]) => page.startsWith('functions-'));
    if (fnPage && /^[A-Za-z_][A-Za-z0-9_]*$/.test(t) && !/ /.test(term.replace(/ function$/, ''))) {
      add('function', key, fnPage[0], fnPage[1], t);
    } else {
      add('term', key, links[0][0], links[0][1], t);
    }
  }


  addManualEntries({ index, add, read, pages, text, enclosingIds, bookIndex, idsOf });

  // clauses and constructs (LEFT JOIN, LATERAL, ON CONFLICT): the first sentence of the section
  // they open, where that is a section of prose (a table's first paragraph describes a row)
  for (const [key, [page, anchor]] of Object.entries(index.construct)) {
    const html = pageSet.has(page) ? read(page) : '';
    const at = anchor ? html.indexOf(` id="${anchor}"`) : html.search(/<div class="(?:sect1|chapter|refentry)"/);
    const opener = at >= 0 ? html.lastIndexOf('<', at) : -1;
    if (opener < 0 || !/^<div class="(?:sect\d|section|chapter|refentry|refsect\d)"/.test(html.slice(opener, opener + 40))) {
      continue;
    }
    const para = /<p>([\s\S]*?)<\/p>/.exec(html.slice(at, at + 20000))?.[1];
    // only a whole sentence of prose: not one that introduces a list ("consists of two
    // sub-clauses:") or a syntax block ("The syntax of the WHERE clause is"), not a heading
    if (para && /[.!?…]$/.test(firstSentence(para))) {
      summarize('construct', key, para);
    }
  }

  // --- verification: every page and anchor must exist ---------------------------------------
  let missing = 0;
  for (const [kind, entries] of Object.entries(index).filter(([k]) => k !== 'summary')) {
    const flat = kind === 'operator' ? Object.entries(entries).flatMap(([k, list]) => list.map((e) => [k, e])) : Object.entries(entries);
    for (const [key, [page, anchor]] of flat) {
      if (!pageSet.has(page)) {
        console.error(`missing page ${page} for ${kind} ${key}`);
        missing++;
      } else if (anchor && !idsOf(page).has(anchor)) {
        console.error(`missing anchor ${page}#${anchor} for ${kind} ${key}`);
        missing++;
      }
    }
  }
  if (missing > 0) {
        throw new Error(`${missing} entries of ${htmlDir} point at pages or anchors that do not exist`);
  }


  const version = /PostgreSQL ([\d.]+) Documentation/.exec(read('index.html'))?.[1] ?? 'unknown';
  return { version, index };
}
