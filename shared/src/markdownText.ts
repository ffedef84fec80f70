/**
 * Text from outside pgsight (catalog names, defaults, comments, server messages) placed in
 * Markdown that VS Code renders: hovers, completion documentation, tree tooltips. Whatever the
 * text holds, it shows as the same characters and nothing in it becomes a link, an image, raw
 * HTML, a heading, a list, a table or a theme icon. The one set of rules for server and client.
 *
 * CommonMark lets a backslash escape any ASCII punctuation character, and every Markdown
 * construct starts with or needs one: links and images `[ ] ( ) !`, autolinks and HTML `< >`,
 * GFM's bare-URL, `www.` and e-mail autolinks `: . @`, entities `&`, emphasis, code, headings,
 * lists, quotes, tables, breaks `* _ ~ \` # + - = | { }`, VS Code's theme icons `$`. Escaping
 * those leaves no syntax (the rest, `' " , ; ? % / ^`, stays readable as is). Inside code spans
 * and fences escapes do not work, so those get a fence longer than any backtick run of the text.
 */

const markdownPunctuation = /[!#$&()*+\-.:<=>@[\\\]_`{|}~]/g;

/** Plain text as Markdown; line breaks stay (as paragraph breaks). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(markdownPunctuation, (c) => `\\${c}`)
    .split(/\r\n|\r|\n/)
    .join('\n\n');
}

/** Plain text as Markdown on one line (a table cell, a heading): line breaks become spaces. */
export function escapeMarkdownInline(text: string): string {
  return escapeMarkdown(oneLine(text));
}

/** Text as an inline code span, whatever backticks or line breaks it holds. */
export function markdownCode(text: string): string {
  const flat = oneLine(text);
  const fence = '`'.repeat(longestBacktickRun(flat) + 1);
  // CommonMark strips one space from each side when both have one (and the text is not all
  // spaces): pad then, and when a backtick at an end would join the fence
  const stripped = flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '';
  const pad = stripped || flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Text as a fenced code block (`lang` for highlighting), whatever lines it holds. */
export function markdownCodeBlock(text: string, lang = ''): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${lang}\n${text.replace(/\r\n|\r/g, '\n')}\n${fence}`;
}

function oneLine(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ');
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) {
    longest = Math.max(longest, run.length);
  }
  return longest;
}
