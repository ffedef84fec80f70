/**
 * Publishes the server-side check's problems with the offline ones (server/src/serverCheck/):
 * answers already cached go out with the offline diagnostics at once; for the rest, once the
 * edit has settled, the statements are sent and the document's diagnostics are published
 * again when new answers arrive for the version still open. Offline diagnostics never wait.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Problem } from '../analysis/problems';
import type { ParsedDocument } from '../parser';
import type { ServerContext } from '../serverContext';
import { serverCheckCandidates } from '../serverCheck/candidates';
import type { Feature } from './feature';
import { toDiagnostic } from './diagnosticFormat';

/** How long an edit must rest, after the offline diagnostics went out, before statements go to the server. */
export const serverCheckSettleMs = 300;

/** Sends the document's diagnostics (offline + cached server answers) and starts the server check when it has something to ask. */
export async function publishDiagnostics(
  ctx: ServerContext,
  doc: TextDocument,
  parsed: ParsedDocument,
  problems: Problem[],
  stale: () => boolean,
): Promise<void> {
  const checker = ctx.serverCheck;
  const candidates = checker.active ? serverCheckCandidates(parsed, problems) : [];
  const send = () =>
    ctx.connection.sendDiagnostics({
      uri: doc.uri,
      version: doc.version,
      diagnostics: [...problems.map((p) => toDiagnostic(doc, p)), ...checker.known(candidates).map((p) => toDiagnostic(doc, p))],
    });
  await send();
  if (!checker.needsServer(candidates)) {
    return;
  }
  setTimeout(() => {
    if (stale()) {
      return;
    }
    void checker
      .check(doc.uri, candidates, stale)
      .then(async (learned) => {
        if (learned && !stale()) {
          await send();
        }
      })
      .catch((err: unknown) => ctx.error(`server check of ${doc.uri} failed`, err));
  }, serverCheckSettleMs);
}

export const serverCheckFeature: Feature = {
  name: 'serverCheck',
  register(ctx) {
    ctx.documents.onDidClose((e) => ctx.serverCheck.forget(e.document.uri));
    ctx.connection.onShutdown(() => ctx.serverCheck.close());
  },
};
