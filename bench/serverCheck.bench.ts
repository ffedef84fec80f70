/**
 * The server-side check (server/src/serverCheck/) end to end over stdio against a real
 * PostgreSQL: how long after an edit PostgreSQL's own error appears, and what the check costs
 * the server — Parse messages per burst of keystrokes (counted on the wire by a proxy) and
 * the CPU time of its backend (/proc of the `pgsight check` session, when the server is local).
 */
import fs from 'node:fs';
import pg from 'pg';
import { startServer } from '../test/support/lspServer';
import { captureProxy, frontendMessageTypes } from '../test/support/captureProxy';
import { ParseSession } from '../server/src/serverCheck/parseSession';

interface Row {
  area: string;
  measure: string;
  value: number | string;
  unit: string;
  goal?: string;
}

const schema = `
create table customers (customer_id int primary key, email text, full_name text, country_code text);
create table orders (orderid int primary key, customer_id int, order_date date, status text);
create table order_items (orderid int, product_id int, quantity int, unit_price numeric);
`;

/** A 20-line report query; `n` varies a literal so each version is a statement never seen. */
const query = (n: number, tail = '') => `select c.customer_id, c.email, c.full_name,
       count(*) as orders,
       sum(i.quantity * i.unit_price) as spent,
       max(o.order_date) as last_order
from customers c
join orders o on o.customer_id = c.customer_id
join order_items i on i.orderid = o.orderid
where c.country_code = 'DE'
  and o.status in ('paid', 'shipped')
  and o.order_date >= current_date - ${n}
group by c.customer_id, c.email, c.full_name
having sum(i.quantity * i.unit_price) > 100${tail}
order by spent desc
limit 50;
select lower(${n});
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? NaN;
}

/** utime + stime of a local process, ms (null when /proc does not show it). */
function cpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

export default async function (env: { databaseUrl(): Promise<string> }): Promise<Row[]> {
  const base = new URL(await env.databaseUrl());
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  const dbName = `bench_servercheck_${process.pid}`;
  await admin.query(`drop database if exists ${dbName}`);
  await admin.query(`create database ${dbName}`);
  const dbUrl = new URL(base.toString());
  dbUrl.pathname = `/${dbName}`;
  const setup = new pg.Client({ connectionString: dbUrl.toString() });
  await setup.connect();
  await setup.query(schema);
  const proxy = await captureProxy({ host: dbUrl.hostname, port: Number(dbUrl.port) });
  const proxied = new URL(dbUrl.toString());
  proxied.port = String(proxy.port);
  const server = await startServer({ connection: proxied.toString(), env: { ...process.env, PGHOST: '/nonexistent' } });
  const rows: Row[] = [];
  try {
    await server.waitForCatalog();
    const uri = 'file:///bench-servercheck.sql';
    const has42883 = (ds: { code?: string | number; message: string }[]) => ds.some((d) => d.code === '42883' && d.message.includes('lower(integer)'));
    await server.open(uri, query(0));
    await server.diagnosticsWhere(uri, has42883);
    const parses = () =>
      proxy.sessions.filter((s) => s.sent.includes('pgsight check')).reduce((n, s) => n + frontendMessageTypes(s.sent).filter((t) => t === 'P').length, 0);
    const backend = await setup.query<{ pid: number }>("select pid from pg_stat_activity where application_name = 'pgsight check'");
    const pid = backend.rows[0]?.pid;

    // latency: a changed statement → PostgreSQL's error published (offline delay 150 ms + settle 300 ms included)
    const offline: number[] = [];
    const total: number[] = [];
    for (let n = 1; n <= 15; n++) {
      const t0 = performance.now();
      await server.change(uri, query(n));
      offline.push(performance.now() - t0);
      await server.diagnosticsWhere(uri, has42883);
      total.push(performance.now() - t0);
    }
    rows.push({ area: 'server check', measure: 'edit → offline diagnostics, median (150 ms delay included; server check on)', value: median(offline), unit: 'ms' });
    rows.push({
      area: 'server check',
      measure: "edit → PostgreSQL's error shown, median / p95 (150 ms delay + 300 ms settle included)",
      value: `${median(total).toFixed(0)} / ${p95(total).toFixed(0)}`,
      unit: 'ms',
    });

    // load: bursts of 20 keystrokes typed 40 ms apart, then a rest until the check answered
    const bursts = 10;
    const cpuBefore = pid ? cpuMs(pid) : null;
    const parsesBefore = parses();
    const t0 = performance.now();
    for (let b = 0; b < bursts; b++) {
      const word = `and c.email like 'x${b}%'`;
      for (let k = 1; k <= 20; k++) {
        const typed = server.change(uri, query(100 + b, `\n  ${word.slice(0, Math.ceil((word.length * k) / 20))}`));
        if (k < 20) {
          void typed;
          await new Promise((r) => setTimeout(r, 40));
        } else {
          await typed; // the last version's offline diagnostics (its statements are new: no 42883 yet)
        }
      }
      await server.diagnosticsWhere(uri, has42883, 20_000);
    }
    const seconds = (performance.now() - t0) / 1000;
    const burstParses = parses() - parsesBefore;
    const cpuAfter = pid ? cpuMs(pid) : null;
    rows.push({ area: 'server check', measure: 'Parse messages per 20-keystroke burst (2 statements changed)', value: burstParses / bursts, unit: '' });
    rows.push({ area: 'server check', measure: 'queries/s on the server while typing those bursts', value: burstParses / seconds, unit: '/s' });
    if (cpuBefore !== null && cpuAfter !== null) {
      rows.push({ area: 'server check', measure: 'backend CPU time per burst (/proc, 10 ms ticks)', value: (cpuAfter - cpuBefore) / bursts, unit: 'ms' });
    }
    // one Parse on its own: the check's round trip and its server CPU, without the LSP delays
    const direct = new pg.Client({ connectionString: dbUrl.toString() });
    await direct.connect();
    const directPid = (await direct.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const session = await ParseSession.open(direct);
    const times: number[] = [];
    const cpu0 = cpuMs(directPid);
    for (let n = 0; n < 300; n++) {
      const t = performance.now();
      await session.parse(query(1000 + n).split(';')[0]!, () => false);
      times.push(performance.now() - t);
    }
    const cpu1 = cpuMs(directPid);
    await session.close();
    rows.push({
      area: 'server check',
      measure: 'one Parse round trip, 20-line query (parse analysis only), median / p95',
      value: `${median(times).toFixed(2)} / ${p95(times).toFixed(2)}`,
      unit: 'ms',
    });
    if (cpu0 !== null && cpu1 !== null) {
      rows.push({ area: 'server check', measure: 'backend CPU time per Parse of that query (300 parses)', value: (cpu1 - cpu0) / 300, unit: 'ms' });
    }
    // the same text again: answered from the cache, with the offline diagnostics
    const cachedBefore = parses();
    const again = await server.change(uri, query(1));
    if (!has42883(again)) {
      throw new Error('a version seen before should carry the cached answer at once');
    }
    rows.push({ area: 'server check', measure: 'Parse messages for a version seen before (cache)', value: parses() - cachedBefore, unit: '' });
  } finally {
    await server.shutdown();
    await proxy.close();
    await setup.end();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
  return rows;
}
