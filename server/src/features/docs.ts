import { DocsRequest } from '../../../shared/src/protocol';
import { lookupVersionedDocs } from '../docs/docsManual';
import { docsVersion, toDocsLocation } from '../docs/docsUrl';
import { parsedSource } from '../docs/statementSource';
import type { ServerContext } from '../serverContext';
import type { Feature } from './feature';
import { answerForOpenDocument } from './openDocumentRequest';

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
    ctx.connection.onRequest(
      DocsRequest.type,
      (params: DocsRequest.Params): Promise<DocsRequest.Result> =>
        answerForOpenDocument(ctx, DocsRequest.method, params.textDocument.uri, (doc) => {
          const source = parsedSource(ctx.parsedDocuments.get(doc));
          const version = ctx.catalogStatus.serverVersion ?? ctx.settings.docsVersion;
          const hit = lookupVersionedDocs(doc.getText(), doc.offsetAt(params.range.start), doc.offsetAt(params.range.end), version, source);
          return hit ? toDocsLocation(hit.target, hit.version) : null;
        }),
    );
  },
};
