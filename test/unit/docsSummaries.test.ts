/**
 * The hover's one-line summaries from the manual are whole sentences (or a command's purpose
 * line): never the line that introduces a syntax block or a list ("The syntax of the WHERE
 * clause is", "target can be:"), never a heading ("Table of Contents").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docsIndexVersions, indexEntries, withDocsIndex } from '../../server/src/docs/docsIndex';

test('every construct summary in every manual is a whole sentence, and no summary introduces a list', () => {
  let constructs = 0;
  for (const major of docsIndexVersions) {
    withDocsIndex(major, () => {
      for (const entry of indexEntries(major)) {
        const summary = (entry as { summary?: string }).summary;
        if (!summary) {
          continue;
        }
        assert.doesNotMatch(summary, /:$/, `${major} ${entry.kind}:${entry.key}: ${summary}`);
        if (entry.kind === 'construct') {
          constructs++;
          assert.match(summary, /[.!?…]$/, `${major} construct:${entry.key}: ${summary}`);
        }
      }
    });
  }
  assert.ok(constructs > 50, `only ${constructs} construct summaries`);
});

test('WHERE and WINDOW get no summary cut before their syntax block', () => {
  for (const key of ['WHERE', 'WINDOW']) {
    const entry = indexEntries('18').find((e) => e.kind === 'construct' && e.key === key);
    assert.ok(entry, key);
    assert.equal((entry as { summary?: string }).summary, undefined, key);
  }
});
