import type pg from 'pg';
import * as vscode from 'vscode';
import { connectClient, resolveConnection, type ResolvedConnection } from '../../../shared/src/libpq';
import { userSetting } from '../config';
import type { Ctx } from '../ctx';
import { chooseExplainTarget, withKeepAlive, type EditorConnection } from './explainTargetChoice';

/** Where an EXPLAIN runs: a label for messages and a way to open its session. */
export interface ExplainTarget {
  label: string;
  open(): Promise<pg.Client>;
}

function target(resolved: ResolvedConnection, label?: string): ExplainTarget {
  const p = resolved.params;
  return {
    label: label ?? `${p.dbname ?? '?'} on ${p.host ?? 'localhost'}${p.port ? `:${p.port}` : ''}`,
    open: () => connectClient(withKeepAlive(resolved), { timeoutMs: 10_000 }),
  };
}

/**
 * The database `document`'s EXPLAIN runs on (explainTargetChoice.ts decides): its own
 * binding, else `pgsight.explain.connection`, else a libpq environment that names a server;
 * otherwise the user is asked, and may bind the editor. Undefined: the user chose nothing.
 */
export async function explainTarget(ctx: Ctx, document: vscode.TextDocument): Promise<ExplainTarget | undefined> {
  const editorConnection = async (): Promise<EditorConnection> => (ctx.editorConnection ? ctx.editorConnection(document.uri) : { kind: 'unbound' });
  const setting = userSetting('explain.connection');
  const choice = chooseExplainTarget(await editorConnection(), setting, process.env);
  switch (choice.kind) {
    case 'binding':
      return target(choice.connection, choice.label);
    case 'setting':
      return target(resolveConnection(choice.conninfo));
    case 'environment':
      return target(resolveConnection(null));
  }
  const env = target(resolveConnection(null));
  const bind = 'Choose a Database…';
  const useDefault = `Use ${env.label}`;
  const answer = await vscode.window.showWarningMessage(`${choice.why} Where should EXPLAIN run?`, { modal: true }, bind, useDefault);
  if (answer === useDefault) {
    return env;
  }
  if (answer === bind) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('pgsight.query.switchDatabase');
    const again = await editorConnection();
    return again.kind === 'bound' ? target(again.connection, again.label) : undefined;
  }
  return undefined;
}
