/**
 * Entry of the pgsight language server. Transport is chosen from argv by
 * vscode-languageserver (`--stdio`, `--node-ipc`, `--socket=N`), so the same bundle serves
 * VS Code (IPC) and any other LSP client (`node dist/server.js --stdio`).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

if (process.argv.includes('--version')) {
  process.stdout.write(`${PGSIGHT_VERSION}\n`);
  process.exit(0);
}

const connection = createConnection(ProposedFeatures.all);
startServer(connection);

// The server must never die on bad input: log what escaped and keep serving.
process.on('uncaughtException', (err) => connection.console.error(`uncaught: ${err.stack ?? String(err)}`));
process.on('unhandledRejection', (err) =>
  connection.console.error(`unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
);
