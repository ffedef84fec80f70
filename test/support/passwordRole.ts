import crypto from 'node:crypto';
import { connect, quoteIdent } from './db';

/**
 * A login role with a random password no other text contains (the test server's own
 * password is "pgsight", which every pgsight message holds): what a test searches a socket
 * or a log for. The caller drops it with `drop()` in its file's top-level `after`.
 */
export async function passwordRole(): Promise<{ user: string; password: string; drop: () => Promise<void> }> {
  const user = `pw_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const password = `Zx${crypto.randomBytes(9).toString('base64url')}`;
  const admin = await connect();
  try {
    await admin.query(`CREATE ROLE ${quoteIdent(user)} LOGIN PASSWORD '${password}'`);
  } finally {
    await admin.end();
  }
  const drop = async () => {
    const a = await connect();
    try {
      await a.query(`DROP ROLE IF EXISTS ${quoteIdent(user)}`);
    } finally {
      await a.end();
    }
  };
  return { user, password, drop };
}
