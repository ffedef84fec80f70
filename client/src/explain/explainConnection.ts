import type pg from 'pg';
import { connectClient, resolveConnection } from '../../../shared/src/libpq';
import { userSetting } from '../config';
import type { Ctx } from '../ctx';

/** Where an EXPLAIN runs: a label for messages and a way to open sessions (one for the run, one to cancel). */
export interface ExplainTarget {
  label: string;
  open(): Promise<pg.Client>;
}

/**
 * The database an editor's EXPLAIN runs on: the editor's bound database (the binding sets
 * `ctx.connection` for the active editor, the same connection the language server uses),
 * else the `pgsight.explain.connection` setting, else the libpq environment (PGHOST, …,
 * service files, ~/.pgpass), resolved the libpq way.
 */
export function explainTarget(ctx: Ctx): ExplainTarget {
  const setting = userSetting('explain.connection', '').trim();
  const conninfo = ctx.connection ?? (setting === '' ? null : setting);
  const resolved = resolveConnection(conninfo);
  const p = resolved.params;
  const bound = ctx.connection;
  const label = `${p.dbname ?? '?'} on ${p.host ?? 'localhost'}${p.port ? `:${p.port}` : ''}`;
  return {
    label,
    // the bound database's password comes from SecretStorage, only for the endpoint it was saved for
    open: () => connectClient(resolved, { timeoutMs: 10_000, askPassword: bound === null ? undefined : (h) => ctx.boundPassword(bound, h, p.user ?? '', p.dbname ?? '') }),
  };
}
