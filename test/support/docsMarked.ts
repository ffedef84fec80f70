import { lookupDocs } from '../../server/src/docs/docsLookup';

/**
 * The F1 answer for a marked text, as `page#ANCHOR`: `«…»` marks a selection, `‸` the cursor.
 * A function's own row anchor is a generated id, so the answer names the section around it
 * where there is one. Null when nothing documented is there.
 */
export function docsAnswer(marked: string): string | null {
  const open = marked.indexOf('«');
  const text = marked.replace(/[«»‸]/g, '');
  const start = open >= 0 ? open : marked.indexOf('‸');
  const end = open >= 0 ? marked.indexOf('»') - 1 : start;
  const target = lookupDocs(text, start, end);
  const anchor = target?.section ?? target?.anchor;
  return target ? `${target.page}${anchor ? `#${anchor}` : ''}` : null;
}
