/**
 * Drives the real pgsight server over real JSON-RPC, the way any LSP client would. No mocks:
 * `startServer` spawns `node dist/server.js --stdio` (the process, transport and framing
 * users run); `startInProcessServer` runs the same server code in this process over a pair of
 * streams (faster to start, debuggable, and each server keeps its state in its own
 * ServerContext, so several may run side by side).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { StatusRequest, CatalogChangedNotification, type CatalogStatus } from '../../shared/src/protocol';
import { startServer as startLanguageServer } from '../../server/src/server';

export const serverPath = path.resolve(__dirname, '../../dist/server.js');

export interface LspHarness {
  connection: MessageConnection;
  /** The server process (stdio servers only). */
  process: ChildProcess;
  initializeResult: InitializeResult;
  stderr: () => string;
  /** Every byte of JSON-RPC both ways so far (headers included), as text: what a verbose trace could show. */
  wire: () => string;
  /** Opens a document and resolves with the first diagnostics published for this version. */
  open(uri: string, text: string, languageId?: string): Promise<Diagnostic[]>;
  /** Replaces a document's text; resolves with the diagnostics for the new version. */
  change(uri: string, text: string): Promise<Diagnostic[]>;
  close(uri: string): void;
  /** Resolves with the first diagnostics published for `uri` (the last one so far included) that `accept` takes. */
  diagnosticsWhere(uri: string, accept: (d: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  status(): Promise<StatusRequest.Result>;
  /** Resolves when the catalog reaches a final state (loaded or error). */
  waitForCatalog(timeoutMs?: number): Promise<CatalogStatus>;
  request<R>(method: string, params: unknown): Promise<R>;
  shutdown(): Promise<void>;
}

export interface ServerOptions {
  connection?: string | null;
  /** The server's environment (libpq's PG* variables, HOME); default: this one, with no reachable PGHOST. */
  env?: NodeJS.ProcessEnv;
  settings?: Record<string, unknown>;
  /** The workspace folder the client opens (initialize's rootUri); default none. */
  rootUri?: string;
  /** Announce `workspace/didChangeWatchedFiles` dynamic registration (as VS Code does). */
  watchFiles?: boolean;
  /** Requests from the server this client answers (registered before the server starts talking). */
  handlers?: Record<string, (params: unknown) => unknown>;
}

const isolatedEnv = (): NodeJS.ProcessEnv => ({ ...process.env, PGHOST: '/nonexistent', PGDATABASE: 'none' });

/** `node dist/server.js --stdio` in its own process. */
export async function startServer(options: ServerOptions = {}): Promise<LspHarness> {
  const child = spawn(process.execPath, [serverPath, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: options.env ?? isolatedEnv(),
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const wire: Buffer[] = [];
  child.stdout!.on('data', (d: Buffer) => wire.push(d));
  const toServer = new PassThrough();
  toServer.on('data', (d: Buffer) => wire.push(d));
  toServer.pipe(child.stdin!);
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(toServer));
  return drive(connection, options, {
    process: child,
    stderr: () => stderr,
    wire: () => Buffer.concat(wire).toString('utf8'),
    async stop() {
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
    },
  });
}

/** The server's code (server/src/server.ts) in this process, over two in-memory streams. */
export async function startInProcessServer(options: ServerOptions = {}): Promise<LspHarness> {
  // esbuild defines PGSIGHT_VERSION in dist/server.js; the sources need it as a global
  const version = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string }).version;
  (globalThis as { PGSIGHT_VERSION?: string }).PGSIGHT_VERSION ??= version;
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const wire: Buffer[] = [];
  toServer.on('data', (d: Buffer) => wire.push(d));
  toClient.on('data', (d: Buffer) => wire.push(d));
  const serverConnection = createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startLanguageServer(serverConnection, { env: options.env ?? isolatedEnv() });
  const connection = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  let log = '';
  connection.onNotification('window/logMessage', (m: { message: string }) => (log += `${m.message}\n`));
  return drive(
    connection,
    { ...options, inProcess: true },
    {
      // there is no process: the harness's own pid stands in (never killed)
      process: process as unknown as ChildProcess,
      stderr: () => log,
      wire: () => Buffer.concat(wire).toString('utf8'),
      async stop() {
        try {
          // no `exit` notification: vscode-languageserver answers it with process.exit()
          await connection.sendRequest('shutdown');
        } catch {
          // already gone
        }
        serverConnection.dispose();
        toServer.end();
        toClient.end();
      },
    },
  );
}

/** The client side common to both transports: initialize, document sync, waiting helpers. */
async function drive(
  connection: MessageConnection,
  options: ServerOptions & { inProcess?: boolean },
  transport: { process: ChildProcess; stderr: () => string; wire: () => string; stop(): Promise<void> },
): Promise<LspHarness> {
  const stderr = { toString: () => transport.stderr() };
  const versions = new Map<string, number>();
  const waiters = new Map<string, { version: number; resolve: (d: Diagnostic[]) => void }[]>();
  const latest = new Map<string, Diagnostic[]>();
  let watchers: { uri: string; accept: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    latest.set(p.uri, p.diagnostics);
    const hit = watchers.filter((w) => w.uri === p.uri && w.accept(p.diagnostics));
    watchers = watchers.filter((w) => !hit.includes(w));
    for (const w of hit) {
      w.resolve(p.diagnostics);
    }
    const list = waiters.get(p.uri) ?? [];
    const current = versions.get(p.uri);
    // servers may omit the version; then any publish after our change counts
    const ready = list.filter((w) => p.version === undefined || p.version === null || p.version >= w.version || current === undefined);
    waiters.set(
      p.uri,
      list.filter((w) => !ready.includes(w)),
    );
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
  if (!options.inProcess) {
    connection.onNotification('window/logMessage', () => undefined);
  }
  for (const [method, handler] of Object.entries(options.handlers ?? {})) {
    connection.onRequest(method, handler);
  }
  connection.listen();

  const initializeResult = await connection.sendRequest<InitializeResult>('initialize', {
    // in process, no watchdog: it would poll this very process for as long as it lives
    processId: options.inProcess ? null : process.pid,
    rootUri: options.rootUri ?? null,
    capabilities: {
      textDocument: {
        publishDiagnostics: { relatedInformation: true, versionSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor'] } } },
        completion: { completionItem: { snippetSupport: true, labelDetailsSupport: true } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        signatureHelp: { signatureInformation: { parameterInformation: { labelOffsetSupport: true } } },
      },
      workspace: { configuration: true, ...(options.watchFiles ? { didChangeWatchedFiles: { dynamicRegistration: true } } : {}) },
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
      list.push({
        version,
        resolve: (d) => {
          clearTimeout(timer);
          resolve(d);
        },
      });
      waiters.set(uri, list);
    });

  return {
    connection,
    process: transport.process,
    initializeResult,
    stderr: transport.stderr,
    wire: transport.wire,
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
    diagnosticsWhere(uri, accept, timeoutMs = 20_000) {
      const now = latest.get(uri);
      if (now && accept(now)) {
        return Promise.resolve(now);
      }
      return new Promise<Diagnostic[]>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(latest.get(uri))}\n${stderr}`)),
          timeoutMs,
        );
        watchers.push({
          uri,
          accept,
          resolve: (d) => {
            clearTimeout(timer);
            resolve(d);
          },
        });
      });
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
        catalogWaiters.push((s) => {
          clearTimeout(timer);
          resolve(s);
        });
      });
    },
    request: <R>(method: string, params: unknown) => connection.sendRequest<R>(method, params),
    async shutdown() {
      await transport.stop();
      connection.dispose();
    },
  };
}
