import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { parsePlan } from '../../../shared/src/plan/planParse';
import type { Plan } from '../../../shared/src/plan/planTypes';
import { renderPlanDocument } from '../../../shared/src/plan/planHtml';
import type { HostToWebview, PlanViewState, WebviewToHost } from '../../../shared/src/plan/planMessages';
import { log } from '../log';

/** workspaceState key of the plan last shown, the serializer's fallback. */
const lastPlanKey = 'pgsight.plan.last';

/** A plain message in the panel, under the same no-resources CSP as the plan (it has no script). */
function messageHtml(text: string): string {
  return `<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="default-src 'none'"><p>${text}</p>`;
}

/** What a plan panel shows; also what the serializer restores. */
export interface PlanContent {
  /** The plan as PostgreSQL printed it (JSON or text). */
  source: string;
  title?: string;
  /** The statement explained, when known. */
  sql?: string;
  selected?: number;
}

/**
 * The one plan panel (created or revealed): the plan view in a webview with a strict CSP and
 * a nonce, scripts only from dist/webview, state kept by the webview for the serializer.
 */
export class PlanPanel {
  static readonly viewType = 'pgsight.plan';
  private static current: PlanPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readyWaiters: (() => void)[] = [];
  private ready = false;
  content: PlanContent;
  /** The node the user last selected in the view. */
  selected: number | undefined;

  private readonly extensionUri: vscode.Uri;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extension: vscode.ExtensionContext,
    content: PlanContent,
    plan?: Plan,
  ) {
    this.extensionUri = extension.extensionUri;
    this.content = content;
    panel.webview.options = { enableScripts: true, localResourceRoots: [PlanPanel.scriptRoot(this.extensionUri)] };
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: WebviewToHost) => this.onMessage(m)),
    );
    this.render(plan);
  }

  static scriptRoot(extensionUri: vscode.Uri): vscode.Uri {
    return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  }

  static get active(): PlanPanel | undefined {
    return PlanPanel.current;
  }

  /** Shows a plan in the panel, creating it or revealing it. Throws when the text is not a plan. */
  static show(extension: vscode.ExtensionContext, content: PlanContent): PlanPanel {
    const plan = parsePlan(content.source); // fail before touching the UI
    const existing = PlanPanel.current;
    if (existing) {
      existing.content = content;
      existing.render(plan);
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(PlanPanel.viewType, PlanPanel.panelTitle(content), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [PlanPanel.scriptRoot(extension.extensionUri)],
    });
    PlanPanel.current = new PlanPanel(panel, extension, content, plan);
    return PlanPanel.current;
  }

  /**
   * Serializer entry: VS Code restarted with the panel open. The webview's own state comes
   * first; the copy the host keeps covers a window closed before the workbench saved it (a
   * browser tab reloaded under code-server).
   */
  static revive(panel: vscode.WebviewPanel, extension: vscode.ExtensionContext, state: PlanViewState | undefined): void {
    const kept = extension.workspaceState.get<PlanContent>(lastPlanKey);
    const content: PlanContent | undefined = state?.source ? { source: state.source, sql: state.sql, title: state.title, selected: state.selected } : kept;
    if (!content?.source) {
      panel.webview.html = messageHtml('The plan is no longer available.');
      return;
    }
    PlanPanel.current?.panel.dispose();
    PlanPanel.current = new PlanPanel(panel, extension, content);
  }

  private static panelTitle(content: PlanContent): string {
    const t = content.title ?? 'Query plan';
    return `Plan: ${t.length > 40 ? `${t.slice(0, 39)}…` : t}`;
  }

  /** Resolves when the webview script has started (tests, "reveal"). */
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  post(message: HostToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private remember(): void {
    if (this.content.source.length > 2_000_000) {
      return; // a huge plan is not worth a workspace-state write per click
    }
    void this.extension.workspaceState.update(lastPlanKey, { ...this.content, selected: this.selected ?? this.content.selected });
  }

  /** `plan`: the content's plan when the caller already parsed it. */
  private render(plan?: Plan): void {
    const webview = this.panel.webview;
    this.selected = undefined;
    this.remember();
    this.ready = false;
    this.panel.title = PlanPanel.panelTitle(this.content);
    try {
      webview.html = renderPlanDocument(plan ?? parsePlan(this.content.source), {
        nonce: randomBytes(16).toString('base64'),
        cspSource: webview.cspSource,
        scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(PlanPanel.scriptRoot(this.extensionUri), 'plan.js')).toString(),
        source: this.content.source,
        title: this.content.title,
        sql: this.content.sql,
        selected: this.content.selected,
      });
    } catch (err) {
      log.error('pgsight: could not render the plan', err);
      webview.html = messageHtml('pgsight could not read this plan; see the log.');
    }
  }

  private onMessage(m: WebviewToHost): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        for (const w of this.readyWaiters.splice(0)) {
          w();
        }
        break;
      case 'select':
        this.selected = m.nodeId;
        this.remember();
        break;
      case 'exportHtml':
        void vscode.commands.executeCommand('pgsight.explain.exportHtml');
        break;
    }
  }

  private dispose(): void {
    if (PlanPanel.current === this) {
      PlanPanel.current = undefined;
    }
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}

export function registerPlanSerializer(extension: vscode.ExtensionContext): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(PlanPanel.viewType, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      PlanPanel.revive(panel, extension, state as PlanViewState | undefined);
    },
  });
}
