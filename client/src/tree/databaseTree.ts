import * as vscode from 'vscode';
import type { ConnectionStore } from '../connections/connectionStore';
import { classifyConnectError, type ClusterTarget } from '../connections/session';
import { formatPgError, pgErrorInfo } from '../pgError';
import type { SessionPool } from '../connections/sessionPool';
import { log } from '../log';
import { databaseSizes, listDatabases, serverInfo, type DatabaseInfo } from './data/databases';
import { listColumns, listSchemaObjects, listSchemas, type SchemaInfo } from './data/schemaObjects';
import {
  clusterNode,
  columnNode,
  databaseChildren,
  databaseGroups,
  errorNode,
  groupChildren,
  messageNode,
  objectNode,
  systemChildren,
  type ClusterView,
  type NodeModel,
} from './data/treeModel';

/** A load that takes longer than this shows an error node with a retry instead of spinning. */
const loadTimeoutMs = 20_000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${loadTimeoutMs / 1000} s`)), loadTimeoutMs);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function endpoint(target: ClusterTarget, store: ConnectionStore): Promise<string> {
  return store.resolve(target, null).then(
    (r) => {
      const h = r.hosts[0]!;
      return h.socket ? `${h.host}/.s.PGSQL.${h.port}` : `${h.hostaddr ?? h.host}:${h.port}`;
    },
    (err: unknown) => `(invalid: ${(err as Error).message})`,
  );
}

/**
 * The "PostgreSQL" view: clusters > Databases / Templates > database > schemas > objects >
 * columns. Children load lazily through the plain data layer; each failure becomes an error
 * node with a retry.
 */
export class DatabaseTreeProvider implements vscode.TreeDataProvider<NodeModel>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<NodeModel | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly clusters = new Map<string, ClusterView>();
  private readonly probes = new Map<string, Promise<ClusterView>>();
  private readonly databases = new Map<string, Promise<DatabaseInfo[]>>();
  private readonly sizes = new Map<string, Map<string, string | null>>();
  private readonly schemas = new Map<string, Promise<SchemaInfo[]>>();
  private readonly nodes = new Map<string, NodeModel>();
  private readonly parents = new Map<string, NodeModel | undefined>();

  constructor(
    private readonly store: ConnectionStore,
    private readonly pool: SessionPool,
  ) {}

  getTreeItem(node: NodeModel): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    if (node.tooltip) {
      // the tooltip holds catalog text (escaped in treeModel.ts); no command links, no HTML
      const md = new vscode.MarkdownString(node.tooltip, true);
      md.isTrusted = false;
      md.supportHtml = false;
      item.tooltip = md;
    }
    item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
    item.contextValue = node.contextValue;
    if (node.ref.kind === 'error') {
      item.command = { command: 'pgsight.tree.retry', title: 'Retry', arguments: [node] };
    }
    return item;
  }

  getParent(node: NodeModel): NodeModel | undefined {
    return this.parents.get(node.id);
  }

  node(id: string): NodeModel | undefined {
    return this.nodes.get(id);
  }

  async getChildren(parent?: NodeModel): Promise<NodeModel[]> {
    let children: NodeModel[];
    try {
      children = await withTimeout(this.load(parent), parent ? parent.label : 'clusters');
    } catch (err) {
      log.error(`loading ${parent?.id ?? 'clusters'}`, err);
      children = [errorNode(parent?.id ?? 'root', formatPgError(pgErrorInfo(err)))];
    }
    for (const c of children) {
      this.nodes.set(c.id, c);
      this.parents.set(c.id, parent);
    }
    return children;
  }

  private async load(parent?: NodeModel): Promise<NodeModel[]> {
    if (!parent) {
      const targets = await this.store.targets();
      return Promise.all(
        targets.map(async (t) => {
          const known = this.clusters.get(t.id);
          if (!known) {
            // the root is redrawn once the status is known (a cluster node is replaced, not mutated)
            void this.probe(t).then(() => this.changed.fire(undefined));
          }
          return clusterNode(known ?? { id: t.id, label: t.label, kind: t.kind, status: 'unknown', info: null, error: null, endpoint: await endpoint(t, this.store), local: t.local && { ...t.local } });
        }),
      );
    }
    const ref = parent.ref;
    switch (ref.kind) {
      case 'cluster': {
        const target = await this.store.target(ref.clusterId);
        if (!target) {
          return [messageNode(parent.id, 'This connection no longer exists. Refresh the view.')];
        }
        const view = this.clusters.get(ref.clusterId)?.status === 'online' ? this.clusters.get(ref.clusterId)! : await this.probe(target, true);
        if (view.status !== 'online') {
          const what = view.status === 'auth needed' ? 'The server wants a password: use "Enter Password…" on the cluster, then retry.' : view.status === 'down' ? 'The server is not running (nothing listens there).' : view.status;
          return [errorNode(parent.id, `${what}\n${view.error ?? ''}`.trim())];
        }
        return databaseGroups(ref.clusterId, await this.databaseList(ref.clusterId));
      }
      case 'group': {
        const dbs = await this.databaseList(ref.clusterId);
        if (!this.sizes.has(ref.clusterId)) {
          void this.loadSizes(ref.clusterId, parent);
        }
        return groupChildren(ref.clusterId, ref.group, dbs, this.sizes.get(ref.clusterId));
      }
      case 'database':
        return databaseChildren(ref.clusterId, ref.database.name, await this.schemaList(ref.clusterId, ref.database.name));
      case 'system':
        return systemChildren(ref.clusterId, ref.dbname, await this.schemaList(ref.clusterId, ref.dbname));
      case 'schema': {
        const objects = await this.pool.with(ref.clusterId, ref.dbname, (c) => listSchemaObjects(c, ref.schema.oid));
        return objects.length > 0 ? objects.map((o) => objectNode(ref.clusterId, ref.dbname, o)) : [messageNode(parent.id, 'No tables, views, sequences or functions')];
      }
      case 'object': {
        const relation = `${ref.object.schema}.${ref.object.name}`;
        const cols = await this.pool.with(ref.clusterId, ref.dbname, (c) => listColumns(c, ref.object.oid));
        return cols.map((col) => columnNode(ref.clusterId, ref.dbname, relation, col));
      }
      default:
        return [];
    }
  }

  /** Connects to the cluster's maintenance database and records its status and version. */
  private probe(target: ClusterTarget, fresh = false): Promise<ClusterView> {
    let p = fresh ? undefined : this.probes.get(target.id);
    if (!p) {
      p = (async (): Promise<ClusterView> => {
        const base = { id: target.id, label: target.label, kind: target.kind, endpoint: await endpoint(target, this.store), local: target.local && { ...target.local } };
        try {
          const info = await this.pool.with(target.id, null, (c) => serverInfo(c));
          return { ...base, status: 'online', info, error: null };
        } catch (err) {
          return { ...base, status: classifyConnectError(err), info: null, error: formatPgError(pgErrorInfo(err)) };
        }
      })().then((view) => {
        this.clusters.set(target.id, view);
        return view;
      });
      this.probes.set(target.id, p);
    }
    return p;
  }

  private databaseList(clusterId: string): Promise<DatabaseInfo[]> {
    let p = this.databases.get(clusterId);
    if (!p) {
      p = this.pool.with(clusterId, null, (c) => listDatabases(c));
      p.catch(() => this.databases.delete(clusterId));
      this.databases.set(clusterId, p);
    }
    return p;
  }

  /** The databases of a cluster as last listed (for pickers). */
  async listedDatabases(clusterId: string): Promise<DatabaseInfo[]> {
    return this.databaseList(clusterId);
  }

  clusterView(clusterId: string): ClusterView | undefined {
    return this.clusters.get(clusterId);
  }

  private schemaList(clusterId: string, dbname: string): Promise<SchemaInfo[]> {
    const key = `${clusterId}\u0000${dbname}`;
    let p = this.schemas.get(key);
    if (!p) {
      p = this.pool.with(clusterId, dbname, (c) => listSchemas(c));
      p.catch(() => this.schemas.delete(key));
      this.schemas.set(key, p);
    }
    return p;
  }

  private async loadSizes(clusterId: string, group: NodeModel): Promise<void> {
    try {
      this.sizes.set(clusterId, await this.pool.with(clusterId, null, (c) => databaseSizes(c)));
      this.changed.fire(group);
    } catch (err) {
      log.warn(`database sizes of ${clusterId}: ${(err as Error).message}`);
    }
  }

  /** Forgets what was loaded under `node` (or everything) and redraws it. */
  async refresh(node?: NodeModel): Promise<void> {
    if (!node || (node.ref.kind === 'error' && node.ref.retryOf === 'root')) {
      this.clusters.clear();
      this.probes.clear();
      this.databases.clear();
      this.sizes.clear();
      this.schemas.clear();
      this.store.rediscover();
      this.changed.fire(undefined);
      return;
    }
    const target = node.ref.kind === 'error' ? this.nodes.get(node.ref.retryOf) : node;
    if (!target) {
      this.changed.fire(undefined);
      return;
    }
    const ref = target.ref;
    if ('clusterId' in ref) {
      if (ref.kind === 'cluster' || ref.kind === 'group') {
        this.probes.delete(ref.clusterId);
        this.clusters.delete(ref.clusterId);
        this.databases.delete(ref.clusterId);
        this.sizes.delete(ref.clusterId);
        if (ref.kind === 'cluster') {
          await this.pool.close(ref.clusterId);
        }
      } else {
        const dbname = ref.kind === 'database' ? ref.database.name : ref.dbname;
        this.schemas.delete(`${ref.clusterId}\u0000${dbname}`);
      }
    }
    // a cluster redraws itself (its status may change); anything else redraws from its node
    this.changed.fire(ref.kind === 'cluster' ? undefined : target);
  }

  /** After an action changed the cluster's databases: relist them and redraw the cluster. */
  async databasesChanged(clusterId: string): Promise<void> {
    this.databases.delete(clusterId);
    this.sizes.delete(clusterId);
    const node = this.nodes.get(`cluster:${clusterId}`);
    this.changed.fire(node);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
