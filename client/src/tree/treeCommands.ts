import * as vscode from 'vscode';
import { connectionUri } from '../../../shared/src/libpq';
import type { CommandTable } from '../commands';
import { showError } from '../log';
import { withAdmin, withAdminProgress, type TreeServices } from './adminSession';
import { askWhatToDo } from './blockingSessions';
import { createDatabaseFlow, type CreateDatabaseRequest } from './createDatabaseFlow';
import { runWithBlockers, type BlockedAnswer } from './data/blockers';
import { databaseNameProblem, describeSession, renameDatabase, sessionsOn, setAllowConnections, setTemplate, supportsDropForce, terminateSessions } from './data/databaseActions';
import { dropListedDatabase } from './data/dropListedDatabase';
import type { DatabaseInfo } from './data/databases';
import type { NodeModel } from './data/treeModel';

type DbNode = NodeModel & { ref: { kind: 'database'; clusterId: string; database: DatabaseInfo } };

function dbNode(node: unknown): DbNode {
  const n = node as NodeModel | undefined;
  if (n?.ref.kind !== 'database') {
    throw new Error('Run this from a database in the PostgreSQL view.');
  }
  return n as DbNode;
}

function clusterIdOf(node: unknown): string | undefined {
  const ref = (node as NodeModel | undefined)?.ref;
  return ref && 'clusterId' in ref ? ref.clusterId : undefined;
}

async function pickCluster(s: TreeServices): Promise<string | undefined> {
  const targets = await s.store.targets();
  if (targets.length === 1) {
    return targets[0]!.id;
  }
  const pick = await vscode.window.showQuickPick(targets.map((t) => ({ label: t.label, description: t.kind, id: t.id })), { title: 'PostgreSQL cluster' });
  return pick?.id;
}

/** Runs an ALTER on an admin session, then relists the cluster's databases. */
async function alter(s: TreeServices, node: DbNode, what: string, fn: (c: import('pg').Client) => Promise<string>): Promise<string | undefined> {
  try {
    const sql = await withAdmin(s, node.ref.clusterId, node.ref.database.name, fn);
    await s.tree.databasesChanged(node.ref.clusterId);
    return sql;
  } catch (err) {
    await showError(`${what} "${node.ref.database.name}" failed`, err);
    return undefined;
  }
}

export interface DropRequest {
  /** The typed name; must equal the database's. */
  confirm: string;
  force?: boolean;
  whenBlocked?: 'retry' | 'terminate' | 'cancel';
}

async function drop(s: TreeServices, node: DbNode, request?: DropRequest): Promise<string | undefined> {
  const db = node.ref.database;
  const info = s.tree.clusterView(node.ref.clusterId)?.info;
  const typed =
    request?.confirm ??
    (await vscode.window.showInputBox({
      title: `Drop database "${db.name}"`,
      prompt: `This deletes the database and everything in it, for good.${db.isTemplate ? ' It is a template: it is unmarked just before the drop, and marked again if the drop is cancelled or fails.' : ''} Type its name to confirm.`,
      placeHolder: db.name,
      ignoreFocusOut: true,
      validateInput: (v) => (v === db.name || v === '' ? null : 'The name does not match'),
    }));
  if (typed !== db.name) {
    return undefined;
  }
  let force = request?.force ?? false;
  const canForce = info ? supportsDropForce(info.versionNum) : false;
  if (!request) {
    const sessions = await withAdmin(s, node.ref.clusterId, db.name, (c) => sessionsOn(c, db.name));
    const own = sessions.length;
    if (own > 0 && canForce) {
      const pick = await vscode.window.showWarningMessage(
        `"${db.name}" has ${own} session${own === 1 ? '' : 's'}.`,
        { modal: true, detail: [`DROP DATABASE … WITH (FORCE) terminates them first (PostgreSQL 13+).`, '', ...sessions.map((x) => `• ${describeSession(x)}`)].join('\n') },
        'Drop WITH (FORCE)',
        'Drop',
      );
      if (pick === undefined) {
        return undefined;
      }
      force = pick === 'Drop WITH (FORCE)';
    }
  }
  const answer: BlockedAnswer = request?.whenBlocked ? async () => request.whenBlocked! : askWhatToDo;
  await s.pool.close(node.ref.clusterId, db.name);
  try {
    // confirmed above; unmarking a template, the oid check and re-marking on cancel or failure
    // happen in dropListedDatabase
    const sql = await withAdminProgress(s, node.ref.clusterId, db.name, `Dropping database "${db.name}"…`, (c) =>
      dropListedDatabase(c, { oid: db.oid, name: db.name }, force && canForce, answer),
    );
    await s.tree.databasesChanged(node.ref.clusterId);
    return sql;
  } catch (err) {
    if (request) {
      throw err;
    }
    await showError(`Drop database "${db.name}" failed`, err);
    return undefined;
  }
}

async function rename(s: TreeServices, node: DbNode, newName?: string): Promise<string | undefined> {
  const db = node.ref.database;
  const name =
    newName ??
    (await vscode.window.showInputBox({
      title: `Rename database "${db.name}"`,
      value: db.name,
      prompt: 'Written as typed; quoted with the server\'s rules. PostgreSQL refuses while anyone is connected to it.',
      ignoreFocusOut: true,
      validateInput: (v) => (v === db.name ? null : databaseNameProblem(v)),
    }));
  if (!name || name === db.name) {
    return undefined;
  }
  await s.pool.close(node.ref.clusterId, db.name);
  return alter(s, node, 'Rename database', (c) => runWithBlockers(c, db.name, () => renameDatabase(c, db.name, name), askWhatToDo).then((r) => r ?? ''));
}

async function showSessions(s: TreeServices, node: DbNode): Promise<void> {
  const db = node.ref.database.name;
  const sessions = await withAdmin(s, node.ref.clusterId, undefined, (c) => sessionsOn(c, db));
  const pick = await vscode.window.showQuickPick(
    sessions.map((x) => ({ label: `pid ${x.pid}`, description: describeSession(x).split(' · ').slice(1).join(' · '), detail: x.query ?? '', pid: x.pid, session: x })),
    { title: `Sessions on "${db}" (pg_stat_activity) — pick one to terminate it`, placeHolder: sessions.length === 0 ? 'No other session' : undefined },
  );
  if (!pick) {
    return;
  }
  const ok = await vscode.window.showWarningMessage(`Terminate session ${pick.pid} on "${db}"?`, { modal: true, detail: 'Its open transaction is rolled back.' }, 'Terminate');
  if (ok === 'Terminate') {
    const done = await withAdmin(s, node.ref.clusterId, undefined, (c) => terminateSessions(c, [pick.session]));
    if (done.length === 0) {
      void vscode.window.showInformationMessage(`Session ${pick.pid} had already ended (its pid may now belong to another session): nothing was terminated.`);
    }
    await s.tree.databasesChanged(node.ref.clusterId);
  }
}

async function switchDatabase(s: TreeServices): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    return;
  }
  const clusterId = await pickCluster(s);
  if (!clusterId) {
    return;
  }
  const dbs = (await s.tree.listedDatabases(clusterId)).filter((d) => d.allowConnections);
  const current = s.bindings.binding(editor.document.uri);
  const pick = await vscode.window.showQuickPick(
    dbs.map((d) => ({ label: d.name, description: [d.isTemplate ? 'template' : '', d.name === current?.dbname && clusterId === current.clusterId ? 'current' : ''].filter(Boolean).join(' · ') })),
    { title: 'Database for this editor (and the language server\'s catalog)' },
  );
  if (pick) {
    const label = (await s.store.target(clusterId))?.label ?? clusterId;
    await s.bindings.bind(editor.document, { clusterId, clusterLabel: label, dbname: pick.label });
  }
}

/** The tree's commands; a database node (or the options object) is the argument. */
export const treeCommands: CommandTable<TreeServices> = {
  'pgsight.tree.refresh': (s) => (node?: NodeModel) => s.tree.refresh(node),
  'pgsight.tree.retry': (s) => (node?: NodeModel) => s.tree.refresh(node),
  /** For tests and other extensions: the child nodes (plain data) of a node id, or the clusters. */
  'pgsight.tree.getChildren': (s) => async (id?: string) => s.tree.getChildren(id === undefined ? undefined : s.tree.node(id)),
  'pgsight.database.newQuery': (s) => async (node: NodeModel) => {
    const n = dbNode(node);
    const label = (await s.store.target(n.ref.clusterId))?.label ?? n.ref.clusterId;
    return s.bindings.newQuery({ clusterId: n.ref.clusterId, clusterLabel: label, dbname: n.ref.database.name });
  },
  'pgsight.database.create': (s) => async (node?: NodeModel, request?: CreateDatabaseRequest) => {
    const clusterId = clusterIdOf(node) ?? (await pickCluster(s));
    const preset = node?.ref.kind === 'database' && node.ref.database.isTemplate ? node.ref.database.name : undefined;
    return clusterId ? createDatabaseFlow(s, clusterId, preset, request) : undefined;
  },
  'pgsight.database.markTemplate': (s) => (node: NodeModel) => alter(s, dbNode(node), 'Mark as template', (c) => setTemplate(c, dbNode(node).ref.database.name, true)),
  'pgsight.database.unmarkTemplate': (s) => (node: NodeModel) => alter(s, dbNode(node), 'Unmark template', (c) => setTemplate(c, dbNode(node).ref.database.name, false)),
  'pgsight.database.allowConnections': (s) => (node: NodeModel) => alter(s, dbNode(node), 'Allow connections to', (c) => setAllowConnections(c, dbNode(node).ref.database.name, true)),
  'pgsight.database.disallowConnections': (s) => (node: NodeModel) => alter(s, dbNode(node), 'Disallow connections to', (c) => setAllowConnections(c, dbNode(node).ref.database.name, false)),
  'pgsight.database.rename': (s) => (node: NodeModel, newName?: string) => rename(s, dbNode(node), newName),
  'pgsight.database.drop': (s) => (node: NodeModel, request?: DropRequest) => drop(s, dbNode(node), request),
  'pgsight.database.showSessions': (s) => (node: NodeModel) => showSessions(s, dbNode(node)),
  'pgsight.database.copyName': () => async (node: NodeModel) => {
    const name = dbNode(node).ref.database.name;
    await vscode.env.clipboard.writeText(name);
    return name;
  },
  'pgsight.database.copyUri': (s) => async (node: NodeModel) => {
    const n = dbNode(node);
    const target = await s.store.target(n.ref.clusterId);
    if (!target) {
      return undefined;
    }
    const uri = connectionUri(await s.store.resolve(target, n.ref.database.name));
    await vscode.env.clipboard.writeText(uri);
    void vscode.window.showInformationMessage(`Copied ${uri} (without the password)`);
    return uri;
  },
  'pgsight.query.switchDatabase': (s) => () => switchDatabase(s),
};
