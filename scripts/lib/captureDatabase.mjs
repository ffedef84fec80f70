// What the capture scripts share: a fresh database on the server at PGSIGHT_TEST_URL (else a
// throwaway embedded PostgreSQL), a connected client to it for `work`, and everything dropped
// and stopped afterwards, also when `work` fails.
import pg from 'pg';
import { startEmbeddedPostgres } from './embeddedPg.mjs';

const quote = (name) => `"${name.replace(/"/g, '""')}"`;

/** Runs `work(client)` in a new database named `<prefix>_<pid>_<random>`; returns its result. */
export async function withCaptureDatabase(prefix, work) {
  let server;
  let url = process.env.PGSIGHT_TEST_URL;
  if (!url) {
    server = await startEmbeddedPostgres();
    url = server.url;
  }
  const database = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${quote(database)} TEMPLATE template0`);
    const target = new URL(url);
    target.pathname = `/${database}`;
    const client = new pg.Client({ connectionString: target.toString() });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${quote(database)} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    await server?.stop();
  }
}
