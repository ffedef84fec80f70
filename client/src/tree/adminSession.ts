import type pg from 'pg';
import * as vscode from 'vscode';
import type { ConnectionStore } from '../connections/connectionStore';
import type { SessionPool } from '../connections/sessionPool';
import { setting } from '../config';
import type { Ctx } from '../ctx';
import type { DatabaseTreeProvider } from './databaseTree';
import type { QueryBindings } from '../connections/queryBinding';

/** What the tree's commands work with. */
export interface TreeServices {
  ctx: Ctx;
  store: ConnectionStore;
  pool: SessionPool;
  tree: DatabaseTreeProvider;
  bindings: QueryBindings;
}

/**
 * A dedicated session for DDL on the cluster, on a database other than `avoid` (PostgreSQL
 * cannot drop or rename the database a session is connected to): the maintenance database,
 * else template1. Longer statement timeout than the tree's reads: copying a template takes time.
 */
export async function adminSession(s: TreeServices, clusterId: string, avoid?: string): Promise<pg.Client> {
  const target = await s.store.target(clusterId);
  if (!target) {
    throw new Error(`the connection ${clusterId} no longer exists`);
  }
  const timeout = setting('tree.actionTimeout');
  const maintenance = (await s.store.resolve(target, null)).params.dbname;
  const dbname = avoid !== undefined && maintenance === avoid ? (avoid === 'template1' ? 'postgres' : 'template1') : null;
  return s.store.open(target, dbname, { interactive: true, statementTimeoutMs: timeout });
}

/** Runs `fn` on an admin session and always ends it. */
export async function withAdmin<T>(s: TreeServices, clusterId: string, avoid: string | undefined, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = await adminSession(s, clusterId, avoid);
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/**
 * Like withAdmin, behind a cancellable progress notification: Cancel sends
 * pg_cancel_backend for the running statement from a second session, so a long CREATE
 * DATABASE stops on the server too (closing our socket alone would not stop it).
 */
export function withAdminProgress<T>(s: TreeServices, clusterId: string, avoid: string | undefined, title: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
      const c = await adminSession(s, clusterId, avoid);
      const pid = Number((await c.query('select pg_backend_pid() as pid')).rows[0].pid);
      const cancel = token.onCancellationRequested(() => {
        void withAdmin(s, clusterId, avoid, (other) => other.query('select pg_cancel_backend($1)', [pid])).catch(() => undefined);
      });
      try {
        return await fn(c);
      } finally {
        cancel.dispose();
        await c.end().catch(() => undefined);
      }
    }),
  );
}
