import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toServerSettings, defaultServerSettings } from '../../shared/src/settings';

test('toServerSettings fills defaults for missing or hostile input', () => {
  assert.deepEqual(toServerSettings(undefined), defaultServerSettings);
  assert.deepEqual(toServerSettings('nonsense'), defaultServerSettings);
  const s = toServerSettings({ connection: '  ', diagnosticsDelay: -5, catalogTimeout: Number.NaN, docsVersion: 16 });
  assert.equal(s.connection, null);
  assert.equal(s.diagnosticsDelay, 0);
  assert.equal(s.catalogTimeout, defaultServerSettings.catalogTimeout);
  assert.equal(s.docsVersion, null);
});

test('toServerSettings keeps valid values and clamps large ones', () => {
  const s = toServerSettings({ connection: 'host=/tmp dbname=shop', diagnosticsDelay: 99_999, catalogTimeout: 300, docsVersion: '16' });
  assert.equal(s.connection, 'host=/tmp dbname=shop');
  assert.equal(s.diagnosticsDelay, 5_000);
  assert.equal(s.catalogTimeout, 300);
  assert.equal(s.docsVersion, '16');
  assert.equal(toServerSettings({ catalogTimeout: 1e9 }).catalogTimeout, 600_000);
});
