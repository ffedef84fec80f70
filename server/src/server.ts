import type { Connection, InitializeResult } from 'vscode-languageserver/node';
import { TextDocumentSyncKind } from 'vscode-languageserver/node';
import { toServerSettings } from '../../shared/src/settings';
import { ServerContext } from './serverContext';
import { features } from './features';

/**
 * Wires the features to a connection. Each feature adds its capabilities and handlers. `env`
 * is where connection settings are read from (default: the process environment).
 */
export function startServer(connection: Connection, options: { env?: NodeJS.ProcessEnv } = {}): ServerContext {
  const ctx = new ServerContext(connection, options.env);

  connection.onInitialize((params): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as Record<string, unknown>;
    ctx.settings = toServerSettings(options.settings ?? options);
    const result: InitializeResult = {
      capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
      serverInfo: { name: 'pgsight', version: PGSIGHT_VERSION },
    };
    for (const feature of features) {
      feature.initialize?.(ctx, params, result.capabilities);
    }
    return result;
  });

  connection.onInitialized(() => {
    for (const feature of features) {
      feature.initialized?.(ctx);
    }
  });

  for (const feature of features) {
    feature.register(ctx);
  }
  ctx.documents.listen(connection);
  connection.listen();
  return ctx;
}
