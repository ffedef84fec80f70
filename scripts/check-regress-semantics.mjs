// The binder judged by PostgreSQL over its own regression scripts: each .sql file of a folder
// runs statement by statement on a real server (a database of its own, cloned from one where
// test_setup.sql ran), while pgsight analyses the same file against that database's catalog
// (with the file's own DDL followed as a document). Every statement where pgsight's first
// diagnostic is not PostgreSQL's error (code and message) is printed; statements PostgreSQL
// accepts must get none. Meant for the pganalyze/libpg_query repository's
// test/sql/postgres_regress/ (never commit those files):
//   PGSIGHT_TEST_URL=postgres://… PGSIGHT_REGRESS_DIR=/path/to/postgres_regress node scripts/check-regress-semantics.mjs [file.sql …]
// Without the variable it checks test/fixtures/regress-sample/. Statements that reach outside
// the server (COPY, ALTER SYSTEM, tablespaces, subscriptions, large-object files, sleeps) are
// skipped, and so is everything after a psql \connect. Exits 1 on any false error.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

if (!process.env.PGSIGHT_REGRESS_CHILD) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, PGSIGHT_REGRESS_CHILD: '1' },
  });
  process.exit(r.status ?? 1);
}
const url = process.env.PGSIGHT_TEST_URL;
if (!url) {
  console.error('PGSIGHT_TEST_URL must name a throwaway server (its databases are created and dropped).');
  process.exit(2);
}
const { loadParser, ParsedDocumentCache } = await import('../server/src/parser/index.ts');
const { analyzeDocument } = await import('../server/src/analysis/analyzeDocument.ts');
const { loadCatalog } = await import('../server/src/catalog/catalogLoader.ts');
const pg = (await import('pg')).default;
await loadParser();

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(process.env.PGSIGHT_REGRESS_DIR ?? path.join(root, 'test/fixtures/regress-sample'));
const only = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.sql') && f !== 'test_setup.sql' && (only.length === 0 || only.includes(f)))
  .sort();

/** Statements that would touch the machine, wait, or talk to other servers. */
const outside = /^\s*(copy|alter\s+system|load|checkpoint)\b|\b(tablespace|subscription|lo_import|lo_export|pg_read_file|pg_read_binary_file|pg_ls_dir|pg_stat_file|pg_sleep\w*|pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_file_write|dblink\w*|program|pg_logdir_ls|pg_rotate_logfile|create\s+database|drop\s+database|alter\s+database|pg_switch_wal|pg_promote)\b/i;

function dbUrl(name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function run(client, sql) {
  try {
    await client.query(sql);
    return { code: null };
  } catch (err) {
    return { code: err.code ?? 'XX000', message: err.message, position: err.position ? Number(err.position) : undefined };
  }
}

async function runAll(client, text) {
  for (const span of ParsedDocumentCache.parseText(text).statements.map((s) => s.span)) {
    if (!outside.test(span.text)) {
      await run(client, span.text);
    }
  }
}

const admin = new pg.Client({ connectionString: url });
await admin.connect();
const base = `pgsight_regress_base_${process.pid}`;
await admin.query(`create database ${base} template template0`);
const setup = path.join(dir, 'test_setup.sql');
if (fs.existsSync(setup)) {
  const c = new pg.Client({ connectionString: dbUrl(base) });
  await c.connect();
  await runAll(c, fs.readFileSync(setup, 'utf8'));
  await c.end();
}

const tally = { statements: 0, compared: 0, agreeValid: 0, agreeError: 0, runTimeAgreed: 0, falseErrors: 0, wrongError: 0, silent: 0, skipped: 0 };
/** codes pgsight's binder raises: PostgreSQL's errors with these are what it could have found */
const bound = new Set(['42703', '42P01', '42702', '42P10', '42712', '42701', '42803', '42P20', '0A000']);
const silentByCode = new Map();
const started = Date.now();
for (const f of files) {
  const text = fs.readFileSync(path.join(dir, f), 'utf8');
  const db = `pgsight_regress_${process.pid}_${f.replace(/\W/g, '_')}`.toLowerCase().slice(0, 63);
  await admin.query(`create database ${db} template ${base}`);
  const client = new pg.Client({ connectionString: dbUrl(db) });
  await client.connect();
  client.on('error', () => undefined);
  try {
    await client.query("set statement_timeout = '3s'; set lock_timeout = '1s'");
    const catalog = await loadCatalog(client);
    const doc = ParsedDocumentCache.parseText(text);
    const problems = analyzeDocument(doc, catalog);
    // PL/pgSQL errors PostgreSQL raises only when the body runs: confirmed by a later statement's error
    const pending = [];
    for (const statement of doc.statements) {
      const span = statement.span;
      if (span.connection !== 0) {
        break;
      }
      tally.statements++;
      if (outside.test(span.text)) {
        tally.skipped++;
        continue;
      }
      const theirs = await run(client, span.text);
      if (span.variables.length > 0 || theirs.code === '25P02' || theirs.code === '57014' || theirs.code === '55P03') {
        tally.skipped++;
        continue;
      }
      const ours = problems.find((p) => p.start >= span.start && p.start <= span.end);
      const confirmed = theirs.code === null ? -1 : pending.findIndex((p) => p.code === theirs.code && p.message === theirs.message);
      if (confirmed >= 0) {
        pending.splice(confirmed, 1);
        tally.runTimeAgreed++;
        if (!problems.some((p) => p.start >= span.start && p.start <= span.end)) {
          continue;
        }
      }
      tally.compared++;
      const line = text.slice(0, span.start).split('\n').length;
      const where = `${f}:${line}`;
      const shown = span.text.replace(/\s+/g, ' ').slice(0, 200);
      if (!ours) {
        if (theirs.code === null) {
          tally.agreeValid++;
        } else if (bound.has(theirs.code)) {
          tally.silent++;
          silentByCode.set(theirs.code, (silentByCode.get(theirs.code) ?? 0) + 1);
          if (process.env.PGSIGHT_REGRESS_SILENT) {
            console.log(`SILENT ${where}: ${shown}\n    PostgreSQL: ${theirs.code} ${theirs.message}`);
          }
        }
        continue;
      }
      if (theirs.code === ours.code && theirs.message === ours.message) {
        tally.agreeError++;
        continue;
      }
      if (theirs.code === null && ours.detail?.split('\n').pop()?.startsWith('PostgreSQL raises this when')) {
        pending.push({ ...ours, where, shown });
        continue;
      }
      if (theirs.code === null) {
        tally.falseErrors++;
        console.log(`FALSE ${where}: ${shown}\n    pgsight: ${ours.code} ${ours.message}`);
      } else {
        tally.wrongError++;
        console.log(`OTHER ${where}: ${shown}\n    pgsight: ${ours.code} ${ours.message}\n    PostgreSQL: ${theirs.code} ${theirs.message}`);
      }
    }
    for (const p of pending) {
      tally.falseErrors++;
      console.log(`FALSE ${p.where}: ${p.shown}\n    pgsight: ${p.code} ${p.message} (at run time, but no statement of the file raised it)`);
    }
  } finally {
    await client.end().catch(() => undefined);
    await admin.query(`drop database if exists ${db} with (force)`).catch(() => undefined);
  }
}
await admin.query(`drop database if exists ${base} with (force)`);
await admin.end();
console.log(
  `${files.length} files, ${tally.statements} statements (${tally.skipped} skipped), ${tally.compared} compared in ${((Date.now() - started) / 1000).toFixed(0)} s: ` +
    `${tally.agreeValid} valid and silent, ${tally.agreeError} errors agreed, ${tally.runTimeAgreed} PL/pgSQL run-time errors raised by a later statement, ${tally.falseErrors} false errors, ${tally.wrongError} other errors than PostgreSQL's, ` +
    `${tally.silent} PostgreSQL name errors pgsight missed (${[...silentByCode].map(([c, n]) => `${c}: ${n}`).join(', ')})`,
);
process.exit(tally.falseErrors === 0 ? 0 : 1);
