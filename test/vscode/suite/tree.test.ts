import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { PgsightApi } from '../../../client/src/extension';
import type { NodeModel } from '../../../client/src/tree/data/treeModel';
import { StatusRequest } from '../../../shared/src/protocol';
import { activatePgsight } from './support/activatePgsight';

function server(): URL {
  const url = process.env.PGSIGHT_TEST_URL;
  assert.ok(url, 'PGSIGHT_TEST_URL is set by the runner');
  return new URL(url);
}

async function children(id?: string): Promise<NodeModel[]> {
  return (await vscode.commands.executeCommand<NodeModel[]>('pgsight.tree.getChildren', id)) ?? [];
}

function byLabel(nodes: NodeModel[], label: string): NodeModel {
  const n = nodes.find((x) => x.label === label);
  assert.ok(n, `"${label}" among ${nodes.map((x) => x.label).join(', ')}`);
  return n;
}

suite('PostgreSQL view in the real VS Code extension host', () => {
  let api: PgsightApi;
  const dbName = `vscode_tree_${process.pid}`;

  suiteSetup(async () => {
    api = await activatePgsight();
    // a profile with no password in settings: the password comes from a 0600 passfile, as libpq reads it
    const u = server();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgsight-vscode-'));
    const passfile = path.join(dir, 'pgpass');
    fs.writeFileSync(passfile, `*:*:*:${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}\n`, { mode: 0o600 });
    await vscode.workspace.getConfiguration('pgsight').update(
      'connections',
      [
        { name: 'test', connection: `postgresql://${u.username}@${u.hostname}:${u.port}/postgres?sslmode=disable&passfile=${encodeURIComponent(passfile)}` },
        { name: 'nowhere', host: path.join(dir, 'no-server-here'), port: '5432' },
      ],
      vscode.ConfigurationTarget.Global,
    );
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('pgsight').update('connections', undefined, vscode.ConfigurationTarget.Global);
  });

  test('the view is contributed and the cluster expands to Databases and Templates', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.pgsight');
    const clusters = await children();
    const cluster = byLabel(clusters, 'test');
    assert.match(cluster.contextValue, /^cluster /);
    const groups = await children(cluster.id);
    assert.deepEqual(groups.map((g) => g.label), ['Databases', 'Templates']);
    const templates = await children(groups[1]!.id);
    const t0 = byLabel(templates, 'template0');
    assert.equal(t0.expandable, false);
    assert.match(t0.tooltip ?? '', /does not accept connections/);
    byLabel(templates, 'template1');
    const dbs = await children(groups[0]!.id);
    assert.match(byLabel(dbs, 'postgres').description ?? '', /default maintenance database/);
    // the cluster node now knows its version
    const again = byLabel(await children(), 'test');
    assert.match(again.description ?? '', /^\d+(\.\d+)? · online$/);
  });

  test('a cluster with nothing listening is "down" and its children are an error with a retry, not a spinner', async () => {
    const nowhere = byLabel(await children(), 'nowhere');
    const [error, ...rest] = await children(nowhere.id);
    assert.equal(rest.length, 0);
    assert.equal(error?.contextValue, 'error');
    assert.match(error?.label ?? '', /not running/);
    assert.equal(error?.description, 'click to retry');
    const again = byLabel(await children(), 'nowhere');
    assert.equal(again.description, 'down');
    assert.match(again.contextValue, /^cluster down profile$/);
  });

  test('Create Database, Mark as Template, Drop — the tree follows pg_database', async () => {
    const cluster = byLabel(await children(), 'test');
    const sql = await vscode.commands.executeCommand<string>('pgsight.database.create', cluster, { name: dbName, template: 'template1' });
    assert.equal(sql, `CREATE DATABASE ${dbName} TEMPLATE template1`);
    const [databases, templates] = await children(cluster.id);
    const created = byLabel(await children(databases!.id), dbName);
    await vscode.commands.executeCommand('pgsight.database.markTemplate', created);
    const [databasesAfter, templatesAfter] = await children(cluster.id);
    const asTemplate = byLabel(await children(templatesAfter!.id), dbName);
    assert.match(asTemplate.contextValue, /\btemplate\b/);
    assert.ok(!(await children(databasesAfter!.id)).some((n) => n.label === dbName), 'moved out of Databases');
    assert.ok(templates);
    // the typed name must match, else nothing is dropped
    assert.equal(await vscode.commands.executeCommand('pgsight.database.drop', asTemplate, { confirm: `${dbName}x` }), undefined);
    const [, stillThere] = await children(cluster.id);
    byLabel(await children(stillThere!.id), dbName);
    const dropped = await vscode.commands.executeCommand<string>('pgsight.database.drop', asTemplate, { confirm: dbName });
    assert.equal(dropped, `DROP DATABASE ${dbName}`);
    const [, t3] = await children(cluster.id);
    assert.ok(!(await children(t3!.id)).some((n) => n.label === dbName));
  });

  test('New Query opens a postgres editor bound to the database and the server catalog follows', async () => {
    const cluster = byLabel(await children(), 'test');
    const [databases] = await children(cluster.id);
    const postgres = byLabel(await children(databases!.id), 'postgres');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('pgsight.database.newQuery', postgres);
    assert.equal(editor.document.languageId, 'postgres');
    assert.equal(editor.document.isUntitled, true);
    assert.match(api.ctx.connection ?? '', /dbname=postgres/);
    const uri = await vscode.commands.executeCommand<string>('pgsight.database.copyUri', postgres);
    assert.equal(uri, `postgresql://${server().username}@${server().hostname}:${server().port}/postgres?sslmode=disable`);
    assert.ok(!uri.includes(decodeURIComponent(server().password)));
    // wait for the server's answer, not a fixed time: the catalog of the bound database loads
    const client = api.ctx.client;
    assert.ok(client);
    const deadline = Date.now() + 30_000;
    let status: StatusRequest.Result;
    for (;;) {
      status = await client.sendRequest(StatusRequest.method, {});
      if (status.catalog.state === 'loaded' || Date.now() > deadline) {
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status.catalog.state, 'loaded', status.catalog.error);
  });

  test('the connection detail view tells where each parameter came from', async () => {
    const cluster = byLabel(await children(), 'test');
    const text = await vscode.commands.executeCommand<string>('pgsight.connections.showDetail', cluster);
    assert.match(text, /\| host \| 127\.0\.0\.1 \| connection string: settings \(pgsight\.connections "test"\) \|/);
    assert.match(text, /\| password \| •••••• \| password file: .*pgpass line 1 \|/);
    assert.equal(text.split('\n').filter((l) => l.startsWith('| password |')).length, 1, 'one password row, masked');
  });
});
