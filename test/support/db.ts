/**
 * The database tier's access to the throwaway PostgreSQL that `npm test` starts
 * (scripts/run-tests.mjs) or to the server named by PGSIGHT_TEST_URL. Each test file gets a
 * database of its own, created fresh and dropped afterwards.
 */
import { after } from 'node:test';
import pg from 'pg';

export function testUrl(): string {
  const url = process.env.PGSIGHT_TEST_URL;
  if (!url) {
    throw new Error('PGSIGHT_TEST_URL is not set: run the database tier through `npm test` (it starts PostgreSQL) or point it at a server.');
  }
  return url;
}

/** The URL of `database` on the test server. */
export function urlFor(database: string): string {
  const u = new URL(testUrl());
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export async function connect(url = testUrl()): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  return client;
}

/** Quotes an identifier with PostgreSQL's rules. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Creates a fresh database (from template0, unless `template` is given), runs `setupSql` in
 * it, and drops it when the calling test file ends. Returns its URL.
 */
export async function freshDatabase(prefix: string, setupSql = '', template = 'template0'): Promise<string> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase();
  const admin = await connect();
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
  } finally {
    await admin.end();
  }
  const url = urlFor(name);
  if (setupSql) {
    const c = await connect(url);
    try {
      await c.query(setupSql);
    } finally {
      await c.end();
    }
  }
  after(async () => {
    const a = await connect();
    try {
      await a.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    } finally {
      await a.end();
    }
  });
  return url;
}
