import type { TextDocument } from 'vscode-languageserver-textdocument';
import { loadParser } from '../parser';
import type { ServerContext } from '../serverContext';

/**
 * Answers a request about one open document: null when it is not open; `answer` runs once
 * the parser is loaded, and a failure is logged (as "<request> failed for <uri>") and
 * answered with null, so one bad statement never breaks the editor's request.
 */
export async function answerForOpenDocument<T>(ctx: ServerContext, request: string, uri: string, answer: (doc: TextDocument) => T | null): Promise<T | null> {
  const doc = ctx.documents.get(uri);
  if (!doc) {
    return null;
  }
  await loadParser();
  try {
    return answer(doc);
  } catch (err) {
    ctx.error(`${request} failed for ${uri}`, err);
    return null;
  }
}
