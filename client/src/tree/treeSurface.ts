import * as vscode from 'vscode';
import { ConnectionStore } from '../connections/connectionStore';
import { registerConnectionView } from '../connections/connectionView';
import { SessionPool } from '../connections/sessionPool';
import { registerCommands } from '../commands';
import type { Ctx } from '../ctx';
import type { Surface } from '../surface';
import type { TreeServices } from './adminSession';
import { DatabaseTreeProvider } from './databaseTree';
import { QueryBindings } from '../connections/queryBinding';
import { treeCommands } from './treeCommands';

/** The id of the tree view in the "PostgreSQL" activity-bar container. */
export const databasesViewId = 'pgsight.databases';

/**
 * The "PostgreSQL" sidebar: connections (settings, local clusters, the libpq environment),
 * the clusters > databases > schemas > tables > columns tree, its database actions, and the
 * editor-to-database binding in the status bar.
 */
export const treeSurface: Surface = {
  name: 'tree',
  register(ctx: Ctx) {
    const store = new ConnectionStore(ctx.extension.secrets);
    ctx.passwordProvider = (params) => store.passwordForServer(params);
    const pool = new SessionPool(async (clusterId, dbname) => {
      const target = await store.target(clusterId);
      if (!target) {
        throw new Error(`the connection ${clusterId} no longer exists`);
      }
      return store.open(target, dbname);
    });
    const tree = new DatabaseTreeProvider(store, pool);
    const bindings = new QueryBindings(ctx, store);
    ctx.editorConnection = (uri) => bindings.connectionFor(uri);
    const services: TreeServices = { ctx, store, pool, tree, bindings };
    const view = vscode.window.createTreeView(databasesViewId, { treeDataProvider: tree, showCollapseAll: true });
    ctx.subscriptions.push(
      store,
      tree,
      bindings,
      view,
      { dispose: () => void pool.dispose() },
      store.onDidChange(() => void tree.refresh()),
    );
    registerConnectionView(ctx, store, () => tree.refresh());
    registerCommands(ctx, treeCommands, services);
  },
};
