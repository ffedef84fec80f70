import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { toServerSettings, defaultServerSettings, settingDefaults, userScopedSettings, userScopedValue, workspaceTried } from '../../shared/src/settings';

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

test('settings that steer connections are read from user settings only, whatever the editor passes on', () => {
  assert.equal(userScopedValue({ defaultValue: true, globalValue: false, workspaceValue: true, workspaceFolderValue: true }, true), false);
  assert.equal(userScopedValue<boolean>({ defaultValue: true, workspaceValue: false }, true), true);
  assert.deepEqual(userScopedValue<unknown[]>({ workspaceValue: [{ name: 'prod', host: 'evil' }] }, []), []);
  assert.equal(userScopedValue<string>(undefined, ''), '');
  assert.equal(workspaceTried({ workspaceFolderValue: 'x' }), true);
  assert.equal(workspaceTried({ globalValue: 'x', defaultValue: '' }), false);
  assert.equal(toServerSettings({ passwordRequests: 'yes' }).passwordRequests, false);
  assert.equal(toServerSettings({ passwordRequests: true }).passwordRequests, true);
});

test('package.json: those settings are machine-scoped and restricted in untrusted workspaces, and nothing else is', () => {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { scope?: string }> } };
    capabilities: { untrustedWorkspaces: { supported: string; description: string; restrictedConfigurations: string[] } };
  };
  const expected = userScopedSettings.map((k) => `pgsight.${k}`);
  const props = pkg.contributes.configuration.properties;
  for (const key of expected) {
    assert.ok(props[key], `${key} is contributed`);
    assert.ok(['machine', 'application'].includes(props[key]!.scope ?? ''), `${key} has scope ${props[key]!.scope}`);
  }
  const userOnly = Object.entries(props).filter(([, v]) => v.scope === 'machine' || v.scope === 'application').map(([k]) => k);
  assert.deepEqual(userOnly.sort(), [...expected].sort());
  const trust = pkg.capabilities.untrustedWorkspaces;
  assert.equal(trust.supported, 'limited');
  assert.ok(trust.description.length > 20);
  assert.deepEqual([...trust.restrictedConfigurations].sort(), [...expected].sort());
});

test('settingDefaults states every pgsight.* setting of package.json once, with the same default', () => {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
  };
  const contributed = Object.fromEntries(Object.entries(pkg.contributes.configuration.properties).map(([k, v]) => [k.replace(/^pgsight\./, ''), v.default]));
  assert.deepEqual(Object.keys(settingDefaults).sort(), Object.keys(contributed).sort());
  for (const [key, value] of Object.entries(settingDefaults)) {
    assert.deepEqual(value, contributed[key], `pgsight.${key}: package.json says ${JSON.stringify(contributed[key])}`);
  }
  assert.equal(defaultServerSettings.diagnosticsDelay, settingDefaults['diagnostics.delay']);
  assert.equal(defaultServerSettings.catalogTimeout, settingDefaults['catalog.timeout']);
});

test('the client reads pgsight settings only through client/src/config.ts', () => {
  const dir = path.resolve(__dirname, '../../client/src');
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
  const direct = files.filter((f) => f !== 'config.ts' && /getConfiguration\(\s*['"]pgsight/.test(fs.readFileSync(path.join(dir, f), 'utf8')));
  assert.deepEqual(direct, []);
  assert.ok(files.includes('config.ts'));
});
