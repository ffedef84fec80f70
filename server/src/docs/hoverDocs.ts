/**
 * The docs link the hover shows for keywords, functions, types, settings and catalogs.
 * The hover feature (features/hover.ts) owns the one onHover handler and calls these;
 * their signatures are kept stable for it.
 */
import { escapeMarkdown, escapeMarkdownInline } from '../../../shared/src/markdownText';
import { isParserReady } from '../parser';
import { lookupVersionedDocs } from './docsManual';
import { docsUrl } from './docsUrl';
import { textSource, type StatementSource } from './statementSource';

/**
 * The manual's page for the token at `offset` of `text`, or null. `version` is the
 * connected server's version ("18.4"), a docs version ("16", "current"), or null: its manual,
 * the nearest one pgsight has, or the newest. `source`:
 * the document's statements, from the server's parse cache when the caller has it.
 */
export function docsForPosition(
  text: string,
  offset: number,
  version: string | null,
  source: StatementSource = textSource(text),
): { title: string; url: string; summary?: string } | null {
  if (!isParserReady()) {
    return null;
  }
  const hit = lookupVersionedDocs(text, offset, offset, version, source);
  if (!hit) {
    return null;
  }
  const docs = { title: hit.target.title, url: docsUrl(hit.target, hit.version) };
  return hit.target.summary ? { ...docs, summary: hit.target.summary } : docs;
}

/**
 * Markdown for a hover: the manual's title linked to the `pgsight.docs.open` command
 * (which honours the user's browser / in-editor / local-manual settings), followed by the
 * plain web link for editors that do not run VS Code commands, then the manual's one-line
 * summary for that version where it has one.
 */
export function docsHoverMarkdown(
  uri: string,
  text: string,
  offset: number,
  position: { line: number; character: number },
  version: string | null,
  source: StatementSource = textSource(text),
): string | null {
  const docs = docsForPosition(text, offset, version, source);
  if (!docs) {
    return null;
  }
  const args = encodeURIComponent(JSON.stringify([{ uri, range: { start: position, end: position } }]));
  const title = escapeMarkdownInline(docs.title);
  const link = `PostgreSQL manual: [${title}](command:pgsight.docs.open?${args} "Open the manual") · [web](${docs.url})`;
  // the manual's own one-line summary, as plain text
  return docs.summary ? `${link}\n\n${escapeMarkdown(docs.summary)}` : link;
}
