/**
 * Caret fixtures: test/fixtures/misspelled/offline/*.sql carry each expected diagnostic as a
 * comment under the span it covers — `^^^^ <code> <message>`, then `Hint:` / `Detail:` lines
 * — so a reader sees input and expectation together. Every diagnostic must be expected and
 * every expectation met.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadParser, ParsedDocumentCache } from '../../server/src/parser';
import { analyzeDocument } from '../../server/src/analysis/analyzeDocument';
import { diagnosticMessage } from '../../server/src/features/diagnostics';

before(async () => {
  await loadParser();
});

interface Expected {
  line: number;
  start: number;
  end: number;
  code: string;
  message: string;
}

/** Reads the caret comments: the carets' columns refer to the nearest line above that is not a caret comment. */
function expectations(text: string): Expected[] {
  const lines = text.split('\n');
  const out: Expected[] = [];
  let target = -1;
  for (let i = 0; i < lines.length; i++) {
    const caret = /^--(\s*)(\^+) (\S+) (.*)$/.exec(lines[i]!);
    const more = /^--\s+(Hint|Detail): (.*)$/.exec(lines[i]!);
    if (caret) {
      const start = 2 + caret[1]!.length;
      out.push({ line: target, start, end: start + caret[2]!.length, code: caret[3]!, message: caret[4]! });
    } else if (more && out.length > 0 && out[out.length - 1]!.line === target) {
      out[out.length - 1]!.message += `\n${more[1]}: ${more[2]}`;
    } else {
      target = i;
    }
  }
  return out;
}

const dir = path.resolve(__dirname, '../fixtures/misspelled/offline');
const fixtures = fs.readdirSync(dir).filter((f) => f.endsWith('.sql'));

test('the caret fixtures are found', () => {
  assert.ok(fixtures.includes('migration.sql'), fixtures.join(', '));
});

for (const file of fixtures) {
  test(`caret fixture ${file}`, () => {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '\n') {
        lineStarts.push(i + 1);
      }
    }
    const lineOf = (offset: number): number => {
      let line = 0;
      while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= offset) {
        line++;
      }
      return line;
    };
    const actual = analyzeDocument(ParsedDocumentCache.parseText(text), null).map((p) => {
      const line = lineOf(p.start);
      return { line, start: p.start - lineStarts[line]!, end: p.end - lineStarts[line]!, code: p.code, message: diagnosticMessage(p) };
    });
    const wanted = expectations(text);
    assert.ok(wanted.length > 0, 'the fixture has expectations');
    assert.deepEqual(actual, wanted);
  });
}
