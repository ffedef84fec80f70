import type { InitializeParams, ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from '../serverContext';

/**
 * One LSP-facing feature. `register` installs handlers (before `listen`); `initialize` adds
 * its capabilities; `initialized` starts work that needs the client (catalog load, …).
 */
export interface Feature {
  readonly name: string;
  register(ctx: ServerContext): void;
  initialize?(ctx: ServerContext, params: InitializeParams, capabilities: ServerCapabilities): void;
  initialized?(ctx: ServerContext): void;
}
