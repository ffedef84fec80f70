import * as vscode from 'vscode';
import { registerCommands, type CommandTable } from '../commands';
import type { Ctx } from '../ctx';
import type { NodeModel } from '../tree/data/treeModel';
import { addConnection, editConnection, removeConnection, testConnection } from './connectionCommands';
import { showError } from '../log';
import type { ConnectionStore } from './connectionStore';
import { connectionDetailMarkdown } from './detailReport';
import type { ClusterTarget } from './session';

const scheme = 'pgsight-connection';

/** The read-only "where each parameter came from" document of a connection. */
class ConnectionDetailProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly store: ConnectionStore) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = decodeURIComponent(uri.path.replace(/^\//, '').replace(/\.md$/, ''));
    const target = await this.store.target(id);
    if (!target) {
      return `# ${id}\n\nThis connection no longer exists.\n`;
    }
    try {
      return connectionDetailMarkdown(target, await this.store.resolve(target, null));
    } catch (err) {
      return `# ${target.label}\n\nlibpq refuses these parameters:\n\n    ${(err as Error).message}\n`;
    }
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function detailUri(clusterId: string): vscode.Uri {
  return vscode.Uri.from({ scheme, path: `/${encodeURIComponent(clusterId)}.md` });
}

function clusterIdOf(node: unknown): string | undefined {
  const ref = (node as NodeModel | undefined)?.ref;
  return ref && 'clusterId' in ref ? ref.clusterId : undefined;
}

async function pickTarget(store: ConnectionStore, node: unknown, only?: ClusterTarget['kind']): Promise<ClusterTarget | undefined> {
  const id = clusterIdOf(node);
  if (id) {
    return store.target(id);
  }
  const targets = (await store.targets()).filter((t) => !only || t.kind === only);
  const pick = await vscode.window.showQuickPick(targets.map((t) => ({ label: t.label, description: t.kind, target: t })), { title: 'PostgreSQL connection' });
  return pick?.target;
}

/** What the connection commands work with; `changed` redraws the tree. */
interface ConnectionServices {
  store: ConnectionStore;
  provider: ConnectionDetailProvider;
  changed: () => Promise<void>;
}

/** Commands on connections (add / edit / remove / test / detail / password / rediscover). */
export const connectionViewCommands: CommandTable<ConnectionServices> = {
  'pgsight.connections.add': ({ store, changed }) => async () => {
    const p = await addConnection(store);
    await changed();
    return p;
  },
  'pgsight.connections.edit': ({ store, changed }) => async (node?: NodeModel) => {
    const t = await pickTarget(store, node, 'profile');
    if (t) {
      await editConnection(store, t.label);
      await changed();
    }
  },
  'pgsight.connections.remove': ({ store, changed }) => async (node?: NodeModel) => {
    const t = await pickTarget(store, node, 'profile');
    if (t) {
      await removeConnection(store, t.label);
      await changed();
    }
  },
  'pgsight.connections.test': ({ store }) => async (node?: NodeModel) => {
    const t = await pickTarget(store, node);
    return t ? testConnection(store, t) : undefined;
  },
  /** Opens the detail view; returns its markdown (tests read it). */
  'pgsight.connections.showDetail': ({ store, provider }) => async (node?: NodeModel) => {
    const t = await pickTarget(store, node);
    if (!t) {
      return undefined;
    }
    const uri = detailUri(t.id);
    provider.refresh(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.commands.executeCommand('markdown.showPreview', uri).then(undefined, async () => {
      await vscode.window.showTextDocument(doc, { preview: true });
    });
    return doc.getText();
  },
  'pgsight.connections.setPassword': ({ store, changed }) => async (node?: NodeModel) => {
    const t = await pickTarget(store, node);
    if (t && (await store.askPassword(t, 'Used when the server asks for a password; kept in VS Code SecretStorage if you choose.')) !== undefined) {
      await changed();
    }
  },
  'pgsight.connections.forgetPassword': ({ store }) => async (node?: NodeModel) => {
    const t = await pickTarget(store, node);
    if (t) {
      await store.forgetPassword(t.id);
      void vscode.window.showInformationMessage(`Password for ${t.label} removed from SecretStorage.`);
    }
  },
  'pgsight.connections.rediscover': ({ store, changed }) => async () => {
    try {
      store.rediscover();
      await changed();
    } catch (err) {
      await showError('Discovery failed', err);
    }
  },
};

/**
 * Registers the connection commands and the detail document provider. `changed` is called
 * after anything the tree must redraw.
 */
export function registerConnectionView(ctx: Ctx, store: ConnectionStore, changed: () => Promise<void>): void {
  const provider = new ConnectionDetailProvider(store);
  ctx.subscriptions.push(provider, vscode.workspace.registerTextDocumentContentProvider(scheme, provider));
  registerCommands(ctx, connectionViewCommands, { store, provider, changed });
}
