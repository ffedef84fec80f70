/**
 * Markdown rendered as VS Code renders hovers and tooltips: with marked (the renderer VS Code
 * ships) in GFM mode, so bare URLs, `www.` and e-mail addresses autolink as they would there.
 * `inertProblems` lists what in the HTML a catalog string could have injected.
 */
import { marked } from 'marked';

export function renderMarkdown(markdown: string): string {
  return marked.parse(markdown, { gfm: true, async: false });
}

/** Tags our own markdown produces; anything else came from the text. */
const ownTags = new Set(['p', 'pre', 'code', 'ul', 'li', 'hr', 'br', 'strong', 'em', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);

/** What would be active in VS Code: links, images, raw HTML, headings, quotes; empty when inert. */
export function inertProblems(markdown: string): string[] {
  const html = renderMarkdown(markdown);
  const problems: string[] = [];
  for (const m of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)) {
    if (!ownTags.has(m[1]!.toLowerCase())) {
      problems.push(`<${m[1]}> in ${html}`);
    }
  }
  return problems;
}

/** The text content of rendered HTML (tags dropped, marked's entities decoded). */
export function renderedText(markdown: string): string {
  return renderMarkdown(markdown)
    .replace(/\n$/, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
