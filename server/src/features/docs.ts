import { DocsRequest } from '../../../shared/src/protocol';
import { loadParser, parsedDocuments } from '../parser';
import { lookupDocs } from '../docs/docsLookup';
import { docsVersion, toDocsLocation } from '../docs/docsUrl';
import { parsedSource } from '../docs/statementSource';
import type { ServerContext } from '../serverContext';
import type { Feature } from './feature';

/** The docs version for this server: the connected server's major, else the setting, else "current". */
export function docsVersionOf(ctx: ServerContext): string {
  return docsVersion(ctx.catalogStatus.serverVersion, ctx.settings.docsVersion);
}

/**
 * `pgsight/docs` (contract 4): the manual's page for the token under the cursor (empty range)
 * or the selection, read in its statement. Null when nothing documented is there, or when
 * the document is not open.
 */
export const docsFeature: Feature = {
  name: 'docs',
  register(ctx) {
    ctx.connection.onRequest(DocsRequest.method, async (params: DocsRequest.Params): Promise<DocsRequest.Result> => {
      const doc = ctx.documents.get(params.textDocument.uri);
      if (!doc) {
        return null;
      }
      await loadParser();
      try {
        const source = parsedSource(parsedDocuments.get(doc));
        const target = lookupDocs(doc.getText(), doc.offsetAt(params.range.start), doc.offsetAt(params.range.end), source);
        return target ? toDocsLocation(target, docsVersionOf(ctx)) : null;
      } catch (err) {
        ctx.error(`pgsight/docs failed for ${params.textDocument.uri}`, err);
        return null;
      }
    });
  },
};
