// Entries of the manual that the reference lists do not give (issue 13): the information_schema
// views, the progress-reporting views, the built-in range types, and concepts as the manual's own
// index (bookindex.html) lists them, with a few spellings users select (HOT, CTE, Gather…).
// Called by docsIndexBuilder.mjs with its helpers; every target is verified there afterwards.

/** Concepts: [lower-case key, "page#ANCHOR"]. A target absent from an older manual is left out of it. */
const concepts = [
  ['hot', 'storage-hot.html'],
  ['heap-only tuples', 'storage-hot.html'],
  ['gin', 'gin.html'],
  ['gist', 'gist.html'],
  ['sp-gist', 'spgist.html'],
  ['brin', 'brin.html'],
  ['b-tree', 'btree.html'],
  ['btree', 'btree.html'],
  ['hash index', 'hash-index.html'],
  ['cte', 'queries-with.html'],
  ['common table expression', 'queries-with.html'],
  ['parallel query', 'parallel-query.html'],
  ['gather', 'how-parallel-query-works.html'],
  ['gather merge', 'how-parallel-query-works.html'],
  ['parallel seq scan', 'parallel-plans.html#PARALLEL-SCANS'],
  ['parallel index scan', 'parallel-plans.html#PARALLEL-SCANS'],
  ['parallel index only scan', 'parallel-plans.html#PARALLEL-SCANS'],
  ['parallel bitmap heap scan', 'parallel-plans.html#PARALLEL-SCANS'],
  ['parallel hash join', 'parallel-plans.html#PARALLEL-JOINS'],
  ['parallel hash', 'parallel-plans.html#PARALLEL-JOINS'],
  ['parallel append', 'parallel-plans.html#PARALLEL-APPEND'],
  ['partial aggregate', 'parallel-plans.html#PARALLEL-AGGREGATION'],
  ['finalize aggregate', 'parallel-plans.html#PARALLEL-AGGREGATION'],
  ['logical replication', 'logical-replication.html'],
  ['full text search', 'textsearch.html'],
  ['window function', 'tutorial-window.html'],
  ['window functions', 'tutorial-window.html'],
  ['inheritance', 'ddl-inherit.html'],
  ['trigger', 'triggers.html'],
  ['triggers', 'triggers.html'],
  ['jit', 'jit.html'],
  ['prepared statement', 'sql-prepare.html'],
  ['prepared statements', 'sql-prepare.html'],
  ['partial index', 'indexes-partial.html'],
  ['index-only scan', 'indexes-index-only-scans.html'],
  ['index only scan', 'indexes-index-only-scans.html'],
  ['information_schema', 'information-schema.html'],
  ['information schema', 'information-schema.html'],
  ['partitioning', 'ddl-partitioning.html'],
  ['table partitioning', 'ddl-partitioning.html'],
  ['row level security', 'ddl-rowsecurity.html'],
];

export function addManualEntries({ index, add, read, pages, text, enclosingIds, bookIndex }) {
  index.infoschema = {};
  index.concept = {};
  const pageSet = new Set(pages);

  // information_schema.columns → infoschema-columns.html: the views' own pages
  for (const page of pages.filter((p) => p.startsWith('infoschema-'))) {
    const title = /<title>(?:[\d.]+[\s\u00a0])?([^<]+)<\/title>/.exec(read(page))?.[1];
    if (title && /^\w+$/.test(text(title))) {
      add('infoschema', text(title).toLowerCase(), page, null, `information_schema.${text(title)}`);
    }
  }

  // pg_stat_progress_vacuum → progress-reporting.html#VACUUM-PROGRESS-REPORTING
  if (pageSet.has('progress-reporting.html')) {
    const html = read('progress-reporting.html');
    const found = [...html.matchAll(/<code class="structname">(pg_stat_progress_\w+)<\/code>/g)];
    const anchors = enclosingIds(html, found.map((m) => m.index));
    found.forEach((m, i) => {
      const anchor = anchors[i];
      if (anchor && !index.view[m[1]]?.[0]?.startsWith('progress-reporting')) {
        delete index.view[m[1]];
        add('view', m[1], 'progress-reporting.html', anchor);
      }
    });
  }

  // int4range, tstzmultirange…: the built-in range types
  if (pageSet.has('rangetypes.html')) {
    const html = read('rangetypes.html');
    const builtin = /id="RANGETYPES-BUILTIN"/.test(html) ? 'RANGETYPES-BUILTIN' : null;
    for (const m of html.matchAll(/<code class="type">([a-z0-9]+(?:multi)?range)<\/code>/g)) {
      add('type', m[1], 'rangetypes.html', builtin, m[1]);
    }
  }

  // concepts: the curated spellings first, then every term of the manual's index
  for (const [key, target] of concepts) {
    const [page, anchor] = target.split('#');
    if (pageSet.has(page)) {
      add('concept', key, page, anchor ?? null);
    }
  }
  for (const [term, links] of bookIndex) {
    const key = term.toLowerCase().replace(/\s+/g, ' ').trim();
    const known = ['command', 'construct', 'function', 'guc', 'catalog', 'view', 'type', 'app', 'term'].some(
      (k) => key in index[k] || key.toUpperCase() in index[k],
    );
    if (links.length > 0 && key.length > 1 && !known) {
      add('concept', key, links[0][0], links[0][1], term);
    }
  }
}
