/**
 * shared/src/markdownText.ts, judged by marked (VS Code's own Markdown renderer): catalog
 * text placed in a hover or tooltip renders as the same characters, with no link, image,
 * raw HTML, heading or list, for hand-written attacks and a generated family of them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMarkdown, escapeMarkdownInline, markdownCode, markdownCodeBlock } from '../../shared/src/markdownText';
import { inertProblems, renderMarkdown, renderedText } from '../support/markdownRender';
import { seededRandom } from '../support/seededRandom';

const attacks = [
  '![x](https://evil.example/p.png) [click](command:workbench.action.terminal.new)',
  '](http://evil.example/)',
  'see https://evil.example/p.png or www.evil.example or mail ceo@evil.example',
  '<img src=https://evil.example/p.png> <a href="command:workbench.action.terminal.new">x</a> <script>alert(1)</script>',
  '<https://evil.example> <ceo@evil.example>',
  '[ref]: https://evil.example\n\n[ref]',
  '# heading\n> quote\n- item\n1. first\n1) second\n+ plus\n---\n===\n| a | b |\n|---|---|',
  '&lt;img src=x&gt; &#60;b&#62; &copy;',
  '`code` ``x`` *em* _em_ **strong** ~~del~~ \\[x\\](y) $(terminal) {curly}',
  '![x](https://evil.example/p.png "title")\n\n[x]: <https://evil.example>',
];

const pieces = ['[', ']', '(', ')', '!', '<', '>', '`', '``', '\\', '*', '_', '~', '#', '-', '+', '|', ':', '.', '@', '&', '$', '"', "'",
  'http://e.example/p.png', 'https://e.example', 'www.e.example', 'a@e.example', 'command:x.y', 'javascript:alert(1)', '&#60;', '<img src=x>', ' ', 'x', 'é', '1.', '\n'];

function generated(seed: number, count: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => Array.from({ length: 2 + Math.floor(random() * 14) }, () => pieces[Math.floor(random() * pieces.length)]!).join(''));
}

test('the renderer the tests use does turn these into links, images and HTML unescaped (the test can fail)', () => {
  assert.ok(inertProblems(attacks[0]!).length > 0);
  assert.ok(inertProblems(attacks[2]!).length > 0);
  assert.ok(inertProblems(attacks[3]!).length > 0);
  // a name with a backtick inside a naive code span ends it early
  assert.match(renderMarkdown(`\`${'x` [y](http://e.example)'}\``), /<a href/);
});

test('escapeMarkdown: every attack renders inert, as its own characters', () => {
  for (const text of [...attacks, ...generated(10, 3000)]) {
    const md = escapeMarkdown(text);
    assert.deepEqual(inertProblems(md), [], JSON.stringify(text));
    for (const line of text.split('\n')) {
      // one line renders as exactly its characters (leading/trailing blanks aside, as in any paragraph)
      if (line.trim() !== '' && !/^\s/.test(line)) {
        assert.equal(renderedText(escapeMarkdown(line)).trim(), line.trim(), JSON.stringify(line));
      }
    }
    // theme icons ($(name)) only render from an unescaped `$(`
    assert.doesNotMatch(md, /(^|[^\\])\$\(/);
  }
});

test('escapeMarkdownInline: one line, for table cells and headings', () => {
  const md = escapeMarkdownInline('a\n# b\r\n| c |');
  assert.ok(!md.includes('\n'));
  assert.equal(renderedText(`| x |\n|---|\n| ${md} |`).trim().split('\n').pop(), 'a # b | c |');
});

test('markdownCode: a code span whatever backticks or line breaks the text holds', () => {
  for (const text of [...attacks, ...generated(11, 2000), '`', 'a`', '`a', ' a ', 'x`` [y](http://e.example) ``z']) {
    const md = markdownCode(text);
    assert.deepEqual(inertProblems(md), [], JSON.stringify(text));
    const html = renderMarkdown(md);
    assert.match(html, /^<p><code>[^<]*<\/code><\/p>\n$/, `${JSON.stringify(text)} → ${html}`);
    assert.equal(renderedText(md), text.replace(/\r\n|\r|\n/g, ' '), JSON.stringify(text));
  }
});

test('markdownCodeBlock: a fence no line of the text can close', () => {
  for (const text of [...attacks, ...generated(12, 2000), '```\n![x](http://e.example/p.png)\n```', '````', '\n']) {
    const md = markdownCodeBlock(text, 'sql');
    assert.deepEqual(inertProblems(md), [], JSON.stringify(text));
    const html = renderMarkdown(md);
    assert.match(html, /^<pre><code class="language-sql">[^<]*<\/code><\/pre>\n$/, `${JSON.stringify(text)} → ${html}`);
    // (marked drops trailing blank lines of a block; nothing else)
    assert.equal(renderedText(md).replace(/\n+$/, ''), text.replace(/\n+$/, ''), JSON.stringify(text));
  }
});
