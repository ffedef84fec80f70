/**
 * Pushes diagnostics (DESIGN contract 2): `code` is the SQLSTATE, the first line of the
 * message is PostgreSQL's message, then `Hint: …` when PostgreSQL gives a hint, then
 * `Detail: …` when it gives a detail (PostgreSQL 18 puts "There is a column named … but it
 * cannot be referenced from this part of the query." in DETAIL). Debounced by
 * `diagnosticsDelay`; re-run for every open document when the catalog changes.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument, analyzeDocumentAsync, type Problem } from '../analysis/analyzeDocument';
import { loadParser, type ParsedDocument } from '../parser';
import { withPendingMigrations } from '../workspace/pendingMigrations';
import type { ServerContext } from '../serverContext';
import type { Feature } from './feature';
import { publishDiagnostics } from './serverCheck';
import { diagnosticMessage, toDiagnostic } from './diagnosticFormat';

/** Problems of the document's current version (computed now if diagnostics are pending). */
export async function problemsFor(ctx: ServerContext, doc: TextDocument): Promise<Problem[]> {
  const known = ctx.latestProblems.get(doc.uri);
  if (known && known.version === doc.version) {
    return known.problems;
  }
  await loadParser();
  const parsed = ctx.parsedDocuments.get(doc);
  return mixedMode(ctx, parsed, analyzeDocument(parsed, ctx.catalog));
}

/** With a server's catalog in use, what the workspace schema creates is a pending migration, not a mistake. */
function mixedMode(ctx: ServerContext, doc: ParsedDocument, problems: Problem[]): Problem[] {
  return ctx.serverCatalogLoaded ? withPendingMigrations(problems, doc, ctx.workspaceSchema) : problems;
}

export { diagnosticMessage, toDiagnostic };

export const diagnosticsFeature: Feature = {
  name: 'diagnostics',
  register(ctx) {
    /** pending run per document, as the function that cancels it */
    const pending = new Map<string, () => void>();
    void loadParser();

    const run = async (uri: string): Promise<void> => {
      pending.delete(uri);
      const doc = ctx.documents.get(uri);
      if (!doc) {
        return;
      }
      try {
        await loadParser();
        // work in slices so the server keeps answering during a huge document; give up as
        // soon as a newer version (which has its own run scheduled) or a close arrives
        const stale = (): boolean => ctx.documents.get(uri)?.version !== doc.version;
        if (stale()) {
          return;
        }
        const catalog = ctx.catalog;
        const parsed = await ctx.parsedDocuments.getAsync(doc, stale);
        const found = parsed && !stale() ? await analyzeDocumentAsync(parsed, catalog, () => stale() || ctx.catalog !== catalog) : null;
        if (found === null || parsed === null) {
          return;
        }
        const problems = mixedMode(ctx, parsed, found);
        ctx.latestProblems.set(uri, { version: doc.version, problems });
        await publishDiagnostics(ctx, doc, parsed, problems, () => stale() || ctx.catalog !== catalog);
      } catch (err) {
        ctx.error(`diagnostics for ${uri} failed`, err);
      }
    };

    const cancel = (uri: string): void => {
      pending.get(uri)?.();
      pending.delete(uri);
    };

    const schedule = (uri: string, delay: number): void => {
      cancel(uri);
      // setTimeout(0) still waits a timer tick: with no delay, run right after this message
      if (delay > 0) {
        const timer = setTimeout(() => void run(uri), delay);
        pending.set(uri, () => clearTimeout(timer));
      } else {
        const immediate = setImmediate(() => void run(uri));
        pending.set(uri, () => clearImmediate(immediate));
      }
    };

    // fires on open too: a document with no diagnostics yet is checked at once
    ctx.documents.onDidChangeContent((e) =>
      schedule(e.document.uri, ctx.latestProblems.has(e.document.uri) ? ctx.settings.diagnosticsDelay : 0),
    );
    ctx.documents.onDidClose((e) => {
      cancel(e.document.uri);
      ctx.latestProblems.delete(e.document.uri);
      ctx.parsedDocuments.delete(e.document.uri);
      void ctx.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    });
    ctx.onDidChangeCatalog(() => {
      ctx.latestProblems.clear();
      for (const doc of ctx.documents.all()) {
        schedule(doc.uri, 0);
      }
    });
  },
};
