import type pg from 'pg';
import * as vscode from 'vscode';
import type { ConnectionStore } from '../connections/connectionStore';
import type { SessionPool } from '../connections/sessionPool';
import type { Ctx } from '../ctx';
import type { DatabaseTreeProvider } from './databaseTree';
import type { QueryBindings } from './queryBinding';

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
  const timeout = vscode.workspace.getConfiguration('pgsight').get<number>('tree.actionTimeout', 300_000);
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
