/**
 * The grid's sort, filter, virtual scroll and INSERT text, without a browser. (The sort order
 * of every type is judged by a real PostgreSQL in test/db/resultRows.test.ts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareText, filterRows, sortKind, sortRows } from '../../webview/src/results/rowOrder';
import { layoutRows, scrollTopFor } from '../../webview/src/results/virtualScroll';
import { quoteLiteral, tablePlaceholder, toInserts } from '../../webview/src/results/insertStatements';

const indexed = (values: (string | null)[]) => values.map((v, index) => ({ index, row: [v] }));

test('column types map to how they compare; arrays, json and intervals compare as text', () => {
  assert.deepEqual(
    [
      'integer',
      'numeric(10,2)',
      'bigint',
      'double precision',
      'real',
      'boolean',
      'timestamp(3) with time zone',
      'date',
      'time without time zone',
      'integer[]',
      'jsonb',
      'interval',
      'text',
    ].map(sortKind),
    ['decimal', 'decimal', 'decimal', 'float', 'float', 'boolean', 'datetime', 'datetime', 'time', 'text', 'text', 'text', 'text'],
  );
  assert.deepEqual(
    sortRows(indexed(['{2}', '{10}', null, '{1,2}']), 0, 'integer[]', 'asc').map((r) => r.row[0]),
    ['{1,2}', '{10}', '{2}', null],
  );
});

test('text compares by code point: a character beyond U+FFFF after U+FFFD, as UTF-8 bytes order them', () => {
  assert.ok(compareText('\u{1F600}', '\u{FFFD}') > 0);
  assert.ok(compareText('Z', 'a') < 0);
  assert.ok(compareText('a', 'ab') < 0);
  assert.equal(compareText('é', 'é'), 0);
});

test('the filter keeps rows with a cell containing the text, case-insensitive; NULL matches only the word NULL', () => {
  const rows = [
    { index: 0, row: ['Alpha', null] },
    { index: 1, row: ['beta', 'x'] },
    { index: 2, row: ['', 'ALPHABET'] },
  ];
  assert.deepEqual(
    filterRows(rows, 'alp').map((r) => r.index),
    [0, 2],
  );
  assert.deepEqual(
    filterRows(rows, 'null').map((r) => r.index),
    [0],
  );
  assert.deepEqual(
    filterRows(rows, 'u').map((r) => r.index),
    [],
  );
  assert.equal(filterRows(rows, '').length, 3);
});

test("the virtual scroll reaches the last row of any result, past the browser's height cap", () => {
  for (const total of [10, 100_000, 1_500_000, 5_000_000, 100_000_000]) {
    const viewport = 600;
    const top = layoutRows(total, 22, 0, viewport, 0);
    assert.equal(top.first, 0);
    assert.ok(top.height <= 10_000_000, `${total}: height ${top.height} under the cap`);
    const end = layoutRows(total, 22, top.height - viewport, viewport, 0);
    const lastShown = end.first + end.count - 1;
    assert.equal(lastShown, total - 1, `${total}: the last row is rendered at the bottom`);
    assert.ok(end.top + end.count * 22 <= top.height + 22, `${total}: the rows end within the content`);
    // monotonic: scrolling down never shows an earlier row first
    let previous = -1;
    for (let y = 0; y <= top.height - viewport; y += Math.max(1, Math.floor((top.height - viewport) / 97))) {
      const l = layoutRows(total, 22, y, viewport, 0);
      assert.ok(l.first >= previous, `${total}: monotonic at ${y}`);
      previous = l.first;
    }
    // the scroll position for a row brings that row into view
    for (const row of [0, Math.floor(total / 3), total - 1]) {
      const y = Math.min(scrollTopFor(row, total, 22, viewport), top.height - viewport);
      const l = layoutRows(total, 22, y, viewport, 0);
      assert.ok(row >= l.first && row < l.first + l.count, `${total}: row ${row} in view at ${y} (${l.first}+${l.count})`);
    }
  }
});

test('rows as INSERT statements: literals with quotes doubled and backslashes kept, NULL unquoted, the placeholder when there is no single table', () => {
  assert.equal(quoteLiteral("it's \\x"), "'it''s \\x'");
  const columns = [
    { name: 'id', type: 'integer' },
    { name: 'Note', type: 'text' },
  ];
  assert.equal(
    toInserts(
      columns,
      [
        ['1', "a'b"],
        ['2', null],
      ],
      { table: 'public."T"', columns: ['id', '"Note"'] },
    ),
    `INSERT INTO public."T" (id, "Note") VALUES ('1', 'a''b');\nINSERT INTO public."T" (id, "Note") VALUES ('2', NULL);`,
  );
  assert.equal(toInserts(columns, [['1', '']]), `INSERT INTO ${tablePlaceholder} ("id", "Note") VALUES ('1', '');`);
});
