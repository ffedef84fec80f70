import type pg from 'pg';
import * as vscode from 'vscode';
import { connectClient, resolveConnection } from '../../../shared/src/libpq';
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
  const setting = vscode.workspace.getConfiguration('pgsight').get<string>('explain.connection', '').trim();
  const conninfo = ctx.connection ?? (setting === '' ? null : setting);
  const resolved = resolveConnection(conninfo);
  const p = resolved.params;
  const label = `${p.dbname ?? '?'} on ${p.host ?? 'localhost'}${p.port ? `:${p.port}` : ''}`;
  return {
    label,
    open: () => connectClient(resolved, { timeoutMs: 10_000 }),
  };
}
