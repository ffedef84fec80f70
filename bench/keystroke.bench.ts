/**
 * Keystroke-to-diagnostics, as a ratio to the raw libpg-query parse of the same text
 * (goal ≤ 2×): a 30-line query and a 2,000-line migration, measured twice — the server's
 * own work in process (split, per-statement parse cache, binder), and end to end over
 * stdio (didChange → publishDiagnostics from dist/server.js, diagnosticsDelay 0). Plus a
 * 5 MB document: time to diagnostics and the slowest status answer meanwhile.
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { loadModule, parseSync } from 'libpg-query';
import { startServer } from '../test/support/lspServer';
import type { Catalog } from '../server/src/catalog/model';
import { largeCatalog } from './largeSchema';
import { reportQuery } from './reportQuery';

interface Row {
  area: string;
  measure: string;
  value: number;
  unit: string;
  ratio?: number;
  goal?: string;
}

const root = path.resolve(__dirname, '..');

/** The analysis code bundled like dist/server.js (tsx would add its own overhead). */
async function bundledAnalysis(): Promise<{
  ParsedDocumentCache: new () => { get(doc: { uri: string; version: number; getText(): string }): unknown };
  analyzeDocument: (doc: unknown, catalog: Catalog | null) => unknown[];
  loadParser: () => Promise<void>;
}> {
  const outfile = path.join(root, 'out/bench/keystroke-analysis.cjs');
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'out/bench/keystroke-entry.ts'),
    "export { ParsedDocumentCache, loadParser } from '../../server/src/parser';\nexport { analyzeDocument } from '../../server/src/analysis/analyzeDocument';\n",
  );
  await build({
    entryPoints: [path.join(root, 'out/bench/keystroke-entry.ts')],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    external: ['libpg-query'],
    logLevel: 'warning',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(outfile);
}

const query30 = reportQuery();

function migration2000(): string {
  const lines: string[] = [];
  let t = 0;
  while (lines.length < 2000) {
    t++;
    lines.push(
      `create table tbl_${t} (`,
      `  id bigint generated always as identity primary key,`,
      `  name text not null,`,
      `  amount numeric(12, 2) default 0 check (amount >= 0),`,
      `  created_at timestamptz not null default now(),`,
      `  parent_id bigint references tbl_${Math.max(1, t - 1)} (id)`,
      `);`,
      `create index tbl_${t}_name_idx on tbl_${t} (name);`,
      `alter table tbl_${t} add column note text;`,
      `comment on table tbl_${t} is 'table number ${t}';`,
      `insert into tbl_${t} (name, amount) values ('a', 1), ('b', 2), ('c', 3);`,
      `update tbl_${t} set amount = amount * 2, note = 'x' where name = 'a' returning id, amount;`,
      `create view v_${t} as select id, name, amount from tbl_${t} where amount > 1;`,
      `select t.id, t.name, v.amount from tbl_${t} t join v_${t} v using (id) where t.created_at > now() - interval '1 day';`,
      '',
    );
  }
  return lines.join('\n');
}

/** A 200-line PL/pgSQL function: loops, cursors, exception blocks, embedded statements. */
function plpgsql200(): string {
  const lines = [
    'create function bench_fn(p_customer int, p_since date) returns table (orderid bigint, total numeric) language plpgsql as $$',
    'declare',
    '  r record;',
    '  n int := 0;',
    '  c cursor (k int) for select o.orderid from orders o where o.customer_id = k;',
    'begin',
  ];
  for (let i = 0; lines.length < 190; i++) {
    lines.push(
      `  for r in select o.orderid, o.total from orders o where o.customer_id = p_customer and o.order_date >= p_since - ${i} loop`,
      `    n := n + 1;`,
      `    if r.total > ${i} then`,
      `      update orders set notes = 'big ${i}' where orders.orderid = r.orderid;`,
      `    end if;`,
      `  end loop;`,
      `  begin`,
      `    perform 1 from order_items i where i.orderid = n;`,
      `  exception when others then raise notice '% %', sqlstate, sqlerrm;`,
      `  end;`,
    );
  }
  lines.push('  return query select o.orderid, o.total from orders o where o.customer_id = p_customer;', 'end $$;');
  return lines.join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A keystroke: one character typed into an identifier of the statement in the middle. */
function edits(text: string, n: number): string[] {
  const at = text.indexOf('where', Math.floor(text.length / 2));
  return Array.from({ length: n }, (_, i) => `${text.slice(0, at)}${i % 2 === 0 ? 'wherex' : 'where'}${text.slice(at + 5)}`);
}

/** A 30-line query over three tables of the 10,000-table catalog, using their real columns. */
function queryOverLargeCatalog(catalog: Catalog): string {
  const [a, b, c] = catalog.relations.filter((r) => r.schema === 'public' && r.kind === 'table' && r.columns.length >= 4);
  const col = (r: typeof a, i: number): string => r!.columns[i]!.name;
  return `-- against the 10,000-table catalog
select x.${col(a, 0)}, x.${col(a, 1)}, y.${col(b, 1)},
       count(*) as n,
       max(z.${col(c, 2)}) as top
from ${a!.name} x
join ${b!.name} y on y.${col(b, 0)} = x.${col(a, 0)}
left join ${c!.name} z on z.${col(c, 0)} = y.${col(b, 0)}
where x.${col(a, 2)} is not null
  and y.${col(b, 3)} is not null
  and exists (
    select 1
    from ${c!.name} w
    where w.${col(c, 0)} = x.${col(a, 0)}
      and w.${col(c, 1)} is not null
  )
group by x.${col(a, 0)}, x.${col(a, 1)}, y.${col(b, 1)}
having count(*) > 1
order by n desc
limit 100;
`;
}

export default async function keystrokeBench(env: { databaseUrl(): Promise<string> }): Promise<Row[]> {
  await loadModule();
  const analysis = await bundledAnalysis();
  await analysis.loadParser();
  const rows: Row[] = [];
  const samples: [string, string, number][] = [
    ['30-line query', query30, 300],
    ['2,000-line migration', migration2000(), 40],
    ['200-line PL/pgSQL function', plpgsql200(), 100],
  ];

  for (const [name, text, n] of samples) {
    const raw: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      parseSync(text);
      raw.push(performance.now() - t0);
    }
    const rawMs = median(raw);
    const cache = new analysis.ParsedDocumentCache();
    const versions = edits(text, n);
    const inProcess: number[] = [];
    versions.forEach((v, i) => {
      const t0 = performance.now();
      analysis.analyzeDocument(cache.get({ uri: 'bench:doc', version: i, getText: () => v }), null);
      inProcess.push(performance.now() - t0);
    });
    rows.push({ area: 'diagnostics', measure: `raw libpg-query parse, ${name}`, value: rawMs, unit: 'ms' });
    rows.push({
      area: 'diagnostics',
      measure: `keystroke → problems in process, ${name}`,
      value: median(inProcess),
      unit: 'ms',
      ratio: median(inProcess) / rawMs,
      goal: '≤ 2×',
    });

    const server = await startServer({ connection: null, settings: { diagnosticsDelay: 0 } });
    try {
      const uri = 'file:///bench.sql';
      await server.open(uri, text);
      const overStdio: number[] = [];
      for (const v of versions.slice(0, Math.min(n, 60))) {
        const t0 = performance.now();
        await server.change(uri, v);
        overStdio.push(performance.now() - t0);
      }
      rows.push({
        area: 'diagnostics',
        measure: `keystroke → publishDiagnostics over stdio, ${name}`,
        value: median(overStdio),
        unit: 'ms',
        ratio: median(overStdio) / rawMs,
        goal: '≤ 2×',
      });
    } finally {
      await server.shutdown();
    }
  }

  // the same keystroke on a query checked against the 10,000-table catalog
  const catalog = await largeCatalog(() => env.databaseUrl());
  const large = queryOverLargeCatalog(catalog);
  const rawLarge: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now();
    parseSync(large);
    rawLarge.push(performance.now() - t0);
  }
  const largeCache = new analysis.ParsedDocumentCache();
  const withCatalog: number[] = [];
  edits(large, 300).forEach((v, i) => {
    const t0 = performance.now();
    const problems = analysis.analyzeDocument(largeCache.get({ uri: 'bench:large', version: i, getText: () => v }), catalog);
    withCatalog.push(performance.now() - t0);
    if (i === 1 && problems.length !== 0) {
      throw new Error(`the bench query should be clean against the large catalog: ${JSON.stringify(problems)}`);
    }
  });
  rows.push({
    area: 'diagnostics',
    measure: 'keystroke → problems in process, 20-line query on the 10,000-table catalog',
    value: median(withCatalog),
    unit: 'ms',
    ratio: median(withCatalog) / median(rawLarge),
    goal: '≤ 2×',
  });

  // 5 MB: time to diagnostics, and the slowest pgsight/status answer while it works
  const big = migration2000().repeat(50);
  const server = await startServer({ connection: null, settings: { diagnosticsDelay: 0 } });
  try {
    const t0 = performance.now();
    let done = false;
    const opened = server.open('file:///big.sql', big).then(() => {
      done = true;
      return performance.now() - t0;
    });
    let slowest = 0;
    while (!done) {
      const s0 = performance.now();
      await server.status();
      slowest = Math.max(slowest, performance.now() - s0);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    rows.push({ area: 'diagnostics', measure: `${(big.length / 1e6).toFixed(1)} MB document → diagnostics`, value: await opened, unit: 'ms' });
    rows.push({ area: 'diagnostics', measure: 'slowest pgsight/status answer meanwhile', value: slowest, unit: 'ms', goal: '≤ 1000 ms' });
  } finally {
    await server.shutdown();
  }
  return rows;
}
