/**
 * One open session per (cluster, database) for the tree's read queries, closed after a
 * minute of rest. A session that errors (server restart, network) is dropped, so the next
 * action reconnects instead of failing forever. No vscode here.
 */
import type pg from 'pg';

export class SessionPool {
  private readonly sessions = new Map<string, Promise<pg.Client>>();
  private readonly lastUsed = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly open: (clusterId: string, dbname: string | null) => Promise<pg.Client>,
    private readonly idleMs = 60_000,
  ) {
    this.timer = setInterval(() => void this.closeIdle(), Math.min(idleMs, 30_000));
    this.timer.unref();
  }

  private key(clusterId: string, dbname: string | null): string {
    return `${clusterId}\u0000${dbname ?? ''}`;
  }

  /** The session for this cluster and database (null: the maintenance database), opened if needed. */
  get(clusterId: string, dbname: string | null): Promise<pg.Client> {
    const key = this.key(clusterId, dbname);
    this.lastUsed.set(key, Date.now());
    let session = this.sessions.get(key);
    if (!session) {
      session = this.open(clusterId, dbname).then((client) => {
        const forget = () => {
          if (this.sessions.get(key) === session) {
            this.sessions.delete(key);
          }
        };
        client.on('error', forget);
        client.on('end', forget);
        return client;
      });
      // a failed connect is not cached: the next call (a retry) tries again
      session.catch(() => {
        if (this.sessions.get(key) === session) {
          this.sessions.delete(key);
        }
      });
      this.sessions.set(key, session);
    }
    return session;
  }

  /** Runs `fn` on the session; a connection-level failure drops it before rethrowing. */
  async with<T>(clusterId: string, dbname: string | null, fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const client = await this.get(clusterId, dbname);
    try {
      return await fn(client);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === undefined || !/^[0-9A-Z]{5}$/.test(code) || code.startsWith('57P') || code.startsWith('08')) {
        await this.close(clusterId, dbname);
      }
      throw err;
    }
  }

  /** Closes the sessions of a cluster (all databases), or one database's. */
  async close(clusterId: string, dbname?: string | null): Promise<void> {
    const prefix = `${clusterId}\u0000`;
    const keys = [...this.sessions.keys()].filter((k) => (dbname === undefined ? k.startsWith(prefix) : k === this.key(clusterId, dbname)));
    await Promise.all(keys.map((k) => this.closeKey(k)));
  }

  private async closeKey(key: string): Promise<void> {
    const session = this.sessions.get(key);
    this.sessions.delete(key);
    this.lastUsed.delete(key);
    if (session) {
      await session.then((c) => c.end()).catch(() => undefined);
    }
  }

  private async closeIdle(): Promise<void> {
    const now = Date.now();
    const idle = [...this.lastUsed].filter(([, t]) => now - t > this.idleMs).map(([k]) => k);
    await Promise.all(idle.map((k) => this.closeKey(k)));
  }

  async dispose(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.sessions.keys()].map((k) => this.closeKey(k)));
  }
}
