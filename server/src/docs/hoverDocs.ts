/**
 * The docs link the hover shows for keywords, functions, types, settings and catalogs.
 * The hover feature (features/hover.ts) owns the one onHover handler and calls these;
 * their signatures are kept stable for it.
 */
import { escapeMarkdownInline } from '../../../shared/src/markdownText';
import { isParserReady } from '../parser';
import { lookupDocs } from './docsLookup';
import { docsUrl, docsVersion } from './docsUrl';
import { textSource, type StatementSource } from './statementSource';

/**
 * The manual's page for the token at `offset` of `text`, or null. `version` is the
 * connected server's version ("18.4"), a docs version ("16", "current"), or null. `source`:
 * the document's statements, from the server's parse cache when the caller has it.
 */
export function docsForPosition(
  text: string,
  offset: number,
  version: string | null,
  source: StatementSource = textSource(text),
): { title: string; url: string } | null {
  if (!isParserReady()) {
    return null;
  }
  const target = lookupDocs(text, offset, offset, source);
  return target ? { title: target.title, url: docsUrl(target, docsVersion(version, version)) } : null;
}

/**
 * A markdown line for a hover: the manual's title linked to the `pgsight.docs.open` command
 * (which honours the user's browser / in-editor / local-manual settings), followed by the
 * plain web link for editors that do not run VS Code commands.
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
  return `PostgreSQL manual: [${title}](command:pgsight.docs.open?${args} "Open the manual") · [web](${docs.url})`;
}
