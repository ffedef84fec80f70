/**
 * The one user-facing error format (client/src/pgError.ts): PostgreSQL's SQLSTATE, DETAIL,
 * HINT and CONTEXT are never dropped; the "Show Log" button lives in one helper
 * (client/src/log.ts showError), which opens the log.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { formatPgError, pgErrorInfo, pgErrorLine, pgErrorParts } from '../../client/src/pgError';

const pgErr = Object.assign(new Error('source database "t" is being accessed by other users'), {
  code: '55006',
  severity: 'ERROR',
  detail: 'There is 1 other session using the database.',
  hint: 'Close it first.',
  where: 'SQL function "f" statement 1',
});

test('every part of a PostgreSQL error, in the three layouts', () => {
  const info = pgErrorInfo(pgErr);
  assert.deepEqual(pgErrorParts(info), [
    '55006: source database "t" is being accessed by other users',
    'DETAIL: There is 1 other session using the database.',
    'HINT: Close it first.',
    'CONTEXT: SQL function "f" statement 1',
  ]);
  assert.equal(pgErrorLine(info), pgErrorParts(info).join(' — '));
  assert.equal(
    formatPgError(info),
    'ERROR:  55006: source database "t" is being accessed by other users\nDETAIL:  There is 1 other session using the database.\nHINT:  Close it first.\nCONTEXT:  SQL function "f" statement 1',
  );
});

test('an error that is not PostgreSQL\'s keeps its message and gets no SQLSTATE', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  const info = pgErrorInfo(refused);
  assert.equal(info.sqlstate, null);
  assert.equal(pgErrorLine(info), 'connect ECONNREFUSED 127.0.0.1:1');
  assert.equal(formatPgError(pgErrorInfo('plain text')), 'plain text');
});

test('"Show Log" is offered by one helper only, and it opens the log', () => {
  const dir = path.resolve(__dirname, '../../client/src');
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
  const offering = files.filter((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes("'Show Log'"));
  assert.deepEqual(offering, ['log.ts']);
  const log = fs.readFileSync(path.join(dir, 'log.ts'), 'utf8');
  assert.match(log, /if \(choice === 'Show Log'\) \{\s*logChannel\(\)\.show\(true\);/);
});
