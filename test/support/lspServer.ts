/**
 * Drives the real pgsight server (`node dist/server.js --stdio`) over real JSON-RPC, the way
 * any LSP client would. No mocks: the server process, its transport and its framing are the
 * ones users run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { StatusRequest, CatalogChangedNotification, type CatalogStatus } from '../../shared/src/protocol';

export const serverPath = path.resolve(__dirname, '../../dist/server.js');

export interface LspHarness {
  connection: MessageConnection;
  process: ChildProcess;
  initializeResult: InitializeResult;
  stderr: () => string;
  /** Opens a document and resolves with the first diagnostics published for this version. */
  open(uri: string, text: string, languageId?: string): Promise<Diagnostic[]>;
  /** Replaces a document's text; resolves with the diagnostics for the new version. */
  change(uri: string, text: string): Promise<Diagnostic[]>;
  close(uri: string): void;
  status(): Promise<StatusRequest.Result>;
  /** Resolves when the catalog reaches a final state (loaded or error). */
  waitForCatalog(timeoutMs?: number): Promise<CatalogStatus>;
  request<R>(method: string, params: unknown): Promise<R>;
  shutdown(): Promise<void>;
}

export async function startServer(options: {
  connection?: string | null;
  env?: NodeJS.ProcessEnv;
  settings?: Record<string, unknown>;
} = {}): Promise<LspHarness> {
  const child = spawn(process.execPath, [serverPath, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: options.env ?? { ...process.env, PGHOST: '/nonexistent', PGDATABASE: 'none' },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const versions = new Map<string, number>();
  const waiters = new Map<string, { version: number; resolve: (d: Diagnostic[]) => void }[]>();
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const list = waiters.get(p.uri) ?? [];
    const current = versions.get(p.uri);
    // servers may omit the version; then any publish after our change counts
    const ready = list.filter((w) => p.version === undefined || p.version === null || p.version >= w.version || current === undefined);
    waiters.set(p.uri, list.filter((w) => !ready.includes(w)));
    for (const w of ready) {
      w.resolve(p.diagnostics);
    }
  });
  let catalog: CatalogStatus | undefined;
  const catalogWaiters: ((s: CatalogStatus) => void)[] = [];
  connection.onNotification(CatalogChangedNotification.type, (s: CatalogStatus) => {
    catalog = s;
    if (s.state === 'loaded' || s.state === 'error') {
      for (const w of catalogWaiters.splice(0)) {
        w(s);
      }
    }
  });
  connection.onRequest('workspace/configuration', () => []);
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();

  const initializeResult = await connection.sendRequest<InitializeResult>('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      textDocument: {
        publishDiagnostics: { relatedInformation: true, versionSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor'] } } },
        completion: { completionItem: { snippetSupport: true, labelDetailsSupport: true } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
      },
      workspace: { configuration: true },
    },
    initializationOptions: {
      ...(options.connection !== undefined ? { connection: options.connection } : {}),
      ...(options.settings ?? {}),
    },
  });
  await connection.sendNotification('initialized', {});

  const waitDiagnostics = (uri: string, version: number) =>
    new Promise<Diagnostic[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within 10 s\n${stderr}`)), 10_000);
      const list = waiters.get(uri) ?? [];
      list.push({ version, resolve: (d) => { clearTimeout(timer); resolve(d); } });
      waiters.set(uri, list);
    });

  return {
    connection,
    process: child,
    initializeResult,
    stderr: () => stderr,
    open(uri, text, languageId = 'postgres') {
      versions.set(uri, 1);
      const p = waitDiagnostics(uri, 1);
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
      return p;
    },
    change(uri, text) {
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      const p = waitDiagnostics(uri, version);
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      return p;
    },
    close(uri) {
      versions.delete(uri);
      void connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    status: () => connection.sendRequest(StatusRequest.type, {}),
    async waitForCatalog(timeoutMs = 20_000) {
      const now = await connection.sendRequest(StatusRequest.type, {});
      if (now.catalog.state === 'loaded' || now.catalog.state === 'error') {
        return now.catalog;
      }
      if (catalog && (catalog.state === 'loaded' || catalog.state === 'error')) {
        return catalog;
      }
      return new Promise<CatalogStatus>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`catalog not loaded within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
        catalogWaiters.push((s) => { clearTimeout(timer); resolve(s); });
      });
    },
    request: <R>(method: string, params: unknown) => connection.sendRequest<R>(method, params),
    async shutdown() {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        // already gone
      }
      const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
      connection.dispose();
    },
  };
}
