/**
 * The one results panel (created or revealed): the results webview with a strict CSP and a
 * nonce, scripts only from dist/webview. It shows the result sets of the last run and answers
 * the grid's page requests from the result's open cursor; nothing of the rows stays here.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import { Transform, type Writable } from 'node:stream';
import * as vscode from 'vscode';
import { renderResultsDocument } from '../../../webview/src/results/resultsHtml';
import type { HostToWebview, InsertNames, RerunTarget, ResultSetView, WebviewToHost } from '../../../webview/src/results/resultsMessages';
import { log } from '../log';
import { exportResult, type ExportFormat } from './resultExport';
import type { Cell } from './runSession';

/** Where a result set's pages come from while its cursor is open. */
export type PageSource = (start: number, count: number) => Promise<Cell[][]>;
/** The whole result again as psql's CSV with a header (COPY … TO STDOUT), when the statement can be copied. */
export type CsvSource = (out: Writable, cancelled: () => boolean) => Promise<number | 'cancelled'>;
/** Table and quoted names for INSERT copies, asked of the result's session when the user copies. */
export type InsertNamesSource = () => Promise<InsertNames | undefined>;

export class ResultsPanel {
  static readonly viewType = 'pgsight.results';
  private static current: ResultsPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly sources = new Map<number, PageSource>();
  private readonly csvSources = new Map<number, CsvSource>();
  private readonly insertSources = new Map<number, InsertNamesSource>();
  /** The sets of the current run, by id (export reads their columns and counts). */
  private readonly shown = new Map<number, ResultSetView>();
  private ready = false;
  private queue: HostToWebview[] = [];
  private readyWaiters: (() => void)[] = [];
  /** What the webview asks for besides rows (Cancel). */
  onCancel: (() => void) | undefined;
  /** Called when the panel closes (the run surface closes the results' cursors). */
  static onClosed: (() => void) | undefined;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
  ) {
    const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [root] };
    panel.webview.html = renderResultsDocument({
      nonce: randomBytes(16).toString('base64'),
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'results.js')).toString(),
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: WebviewToHost) => this.onMessage(m)),
    );
  }

  static get active(): ResultsPanel | undefined {
    return ResultsPanel.current;
  }

  static show(extension: vscode.ExtensionContext, title: string): ResultsPanel {
    let current = ResultsPanel.current;
    if (!current) {
      const panel = vscode.window.createWebviewPanel(
        ResultsPanel.viewType,
        title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        {
          enableScripts: true,
          enableFindWidget: true,
          retainContextWhenHidden: true,
          localResourceRoots: [vscode.Uri.joinPath(extension.extensionUri, 'dist', 'webview')],
        },
      );
      current = ResultsPanel.current = new ResultsPanel(panel, extension.extensionUri);
    } else {
      current.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    current.panel.title = title;
    return current;
  }

  /** Resolves when the webview script has started. */
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** A new run: the sets shown so far are replaced, their page sources forgotten. */
  start(label: string, rerun?: RerunTarget): void {
    this.sources.clear();
    this.csvSources.clear();
    this.insertSources.clear();
    this.shown.clear();
    this.post({ type: 'show', sets: [], running: true, label, rerun });
  }

  /**
   * Serializer entry: the window reloaded with the panel open. The webview shows what ran
   * (from its own state: tags, counts, columns, never rows) and a Run Again button.
   */
  static revive(panel: vscode.WebviewPanel, extension: vscode.ExtensionContext): void {
    ResultsPanel.current?.panel.dispose();
    ResultsPanel.current = new ResultsPanel(panel, extension.extensionUri);
  }

  add(set: ResultSetView, pages?: PageSource, csv?: CsvSource, insertNames?: InsertNamesSource): void {
    if (insertNames) {
      this.insertSources.set(set.id, insertNames);
    }
    this.shown.set(set.id, set);
    if (pages) {
      this.sources.set(set.id, pages);
    }
    if (csv) {
      this.csvSources.set(set.id, csv);
    }
    this.post({ type: 'append', set });
  }

  /** A set's cursor closed: its pages can no longer be read. */
  closed(setId: number): void {
    this.csvSources.delete(setId);
    if (this.sources.delete(setId)) {
      this.post({ type: 'closed', setId });
    }
  }

  progress(running: boolean, ms: number): void {
    this.post({ type: 'progress', running, ms });
  }

  private post(m: HostToWebview): void {
    if (this.ready) {
      void this.panel.webview.postMessage(m);
    } else {
      this.queue.push(m);
    }
  }

  private onMessage(m: WebviewToHost): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        for (const q of this.queue.splice(0)) {
          void this.panel.webview.postMessage(q);
        }
        for (const w of this.readyWaiters.splice(0)) {
          w();
        }
        break;
      case 'rows': {
        const source = this.sources.get(m.setId);
        if (!source) {
          this.post({
            type: 'rows',
            setId: m.setId,
            start: m.start,
            rows: [],
            error: 'This result is closed (another statement ran in the session): run it again to read more rows.',
          });
          break;
        }
        source(m.start, m.count).then(
          (rows) => this.post({ type: 'rows', setId: m.setId, start: m.start, rows }),
          (err: unknown) => {
            log.error('reading a page of results', err);
            this.post({ type: 'rows', setId: m.setId, start: m.start, rows: [], error: (err as Error).message });
          },
        );
        break;
      }
      case 'copy':
        void vscode.env.clipboard.writeText(m.text).then(() => vscode.window.setStatusBarMessage(`pgsight: copied ${m.what}`, 3000));
        break;
      case 'cancel':
        this.onCancel?.();
        break;
      case 'insertNames': {
        const ask = this.insertSources.get(m.setId) ?? (async () => undefined);
        ask().then(
          (names) => this.post({ type: 'insertNames', setId: m.setId, names }),
          (err: unknown) => {
            log.warn(`asking the server for INSERT names: ${(err as Error).message}`);
            this.post({ type: 'insertNames', setId: m.setId });
          },
        );
        break;
      }
      case 'export':
        void this.export(m.setId);
        break;
      case 'rerun':
        void vscode.commands.executeCommand(m.target.command, vscode.Uri.parse(m.target.uri), m.target.offset);
        break;
    }
  }

  /**
   * Export Result (`pgsight.run.export`): the last result set of the run shown, as the view's
   * Export button does; `format` and `uri` skip the questions. Resolves with the rows written.
   */
  static async exportLatest(format?: ExportFormat, uri?: vscode.Uri): Promise<number | 'cancelled' | undefined> {
    const panel = ResultsPanel.current;
    const latest = panel ? [...panel.shown.values()].filter((s) => s.columns).pop() : undefined;
    if (!panel || !latest) {
      void vscode.window.showInformationMessage('pgsight: no result to export: run a statement that returns rows first.');
      return undefined;
    }
    return panel.export(latest.id, format, uri);
  }

  /** Exports a set: from its open cursor, page by page, to a file the user picks. */
  private async export(setId: number, askedFormat?: ExportFormat, target?: vscode.Uri): Promise<number | 'cancelled' | undefined> {
    const source = this.sources.get(setId);
    const set = this.shown.get(setId);
    if (!set?.columns) {
      return undefined;
    }
    if (!source && set.rows && set.rows.length < (set.rowCount ?? 0)) {
      void vscode.window.showInformationMessage('pgsight: this result is closed (another statement ran): run it again to export it.');
      return undefined;
    }
    const pick = askedFormat?.toUpperCase() ?? (await vscode.window.showQuickPick(['CSV', 'JSON'], { title: `Export ${set.rowCount ?? 0} rows` }));
    if (!pick) {
      return undefined;
    }
    const format: ExportFormat = pick === 'CSV' ? 'csv' : 'json';
    const uri = target ?? (await vscode.window.showSaveDialog({ filters: { [pick]: [format] }, saveLabel: 'Export', title: `Export ${set.title}` }));
    if (!uri) {
      return undefined;
    }
    const total = set.rowCount ?? set.rows?.length ?? 0;
    const rows = set.rows ?? [];
    const page: PageSource = source ?? (async (start, count) => rows.slice(start, start + count));
    const copy = format === 'csv' ? this.csvSources.get(setId) : undefined;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Exporting ${total} rows to ${uri.fsPath}`, cancellable: true },
      async (progress, token) => {
        const file = fs.createWriteStream(uri.fsPath, { encoding: 'utf8' });
        const write = (chunk: string) => new Promise<void>((resolve, reject) => file.write(chunk, (err) => (err ? reject(err) : resolve())));
        let last = 0;
        const report = (done: number) => {
          progress.report({ increment: ((done - last) / Math.max(1, total)) * 100, message: `${done} rows` });
          last = done;
        };
        try {
          let written: number | 'cancelled';
          if (copy) {
            // COPY's own CSV, streamed to the file: the rows are counted by their line ends only
            // for the progress (a value with a newline makes it run ahead; the total is COPY's)
            let lines = -1;
            const counter = new Transform({
              transform(chunk: Buffer, _enc, next) {
                for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
                  lines++;
                }
                if (lines - last >= 10_000) {
                  report(Math.min(lines, total));
                }
                next(null, chunk);
              },
            });
            counter.pipe(file, { end: false });
            written = await copy(counter, () => token.isCancellationRequested);
            // 'end': the pipe has handed every chunk to the file (file.end below flushes it)
            const ended = once(counter, 'end');
            counter.end();
            await ended;
          } else {
            written = await exportResult({
              columns: set.columns!,
              total,
              format,
              page,
              write,
              cancelled: () => token.isCancellationRequested,
              onProgress: report,
            });
          }
          const cancelled = written === 'cancelled' || written < total;
          void vscode.window.showInformationMessage(
            `pgsight: ${written === 'cancelled' ? 'export cancelled, the file is incomplete' : `${written} rows exported`}: ${uri.fsPath}${written !== 'cancelled' && cancelled ? ' (cancelled)' : ''}.`,
          );
          return written;
        } catch (err) {
          log.error('export', err);
          void vscode.window.showErrorMessage(`pgsight: export failed: ${(err as Error).message}`);
          return undefined;
        } finally {
          await new Promise<void>((resolve) => file.end(resolve));
        }
      },
    );
  }

  private dispose(): void {
    if (ResultsPanel.current === this) {
      ResultsPanel.current = undefined;
      ResultsPanel.onClosed?.();
    }
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}

export function registerResultsSerializer(extension: vscode.ExtensionContext): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(ResultsPanel.viewType, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
      ResultsPanel.revive(panel, extension);
    },
  });
}
