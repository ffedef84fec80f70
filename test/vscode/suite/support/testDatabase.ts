/**
 * Throwaway databases on the runner's PostgreSQL (PGSIGHT_TEST_URL) for suites that need
 * their own schema.
 */
import pg from 'pg';

/** The URL of database `name` on the test server. */
export function databaseUrl(name: string): string {
  const u = new URL(process.env.PGSIGHT_TEST_URL!);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs `text` on a connection of its own; the rows of its (last) result. */
export async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text)).rows;
  } finally {
    await c.end();
  }
}

/** An empty database `name` (dropped first if an earlier run left it). */
export async function createTestDatabase(name: string): Promise<void> {
  await sql(process.env.PGSIGHT_TEST_URL!, `drop database if exists ${name}`);
  await sql(process.env.PGSIGHT_TEST_URL!, `create database ${name}`);
}

export async function dropTestDatabase(name: string): Promise<void> {
  await sql(process.env.PGSIGHT_TEST_URL!, `drop database if exists ${name} with (force)`);
}
