import * as vscode from 'vscode';
import { showError } from '../log';
import { withAdmin, withAdminProgress, type TreeServices } from './adminSession';
import { askWhatToDo } from './blockingSessions';
import { runWithBlockers, type BlockedAnswer } from './data/blockers';
import { createDatabase, databaseNameProblem, listRoles, listServerEncodings, templateLocaleRule, type CreateDatabaseOptions } from './data/databaseActions';
import type { DatabaseInfo } from './data/databases';

/** Options a script or test may pass to skip the questions. */
export interface CreateDatabaseRequest extends CreateDatabaseOptions {
  /** What to do when the template is in use; default: ask. */
  whenBlocked?: 'retry' | 'terminate' | 'cancel';
}

type Pick = vscode.QuickPickItem & { value?: string };

async function askOptions(s: TreeServices, clusterId: string, preset: string | undefined): Promise<CreateDatabaseOptions | undefined> {
  const dbs: DatabaseInfo[] = await s.tree.listedDatabases(clusterId);
  const existing = new Set(dbs.map((d) => d.name));
  const steps = 5;
  const name = await vscode.window.showInputBox({
    title: `Create Database (1/${steps}): name`,
    prompt: 'Written as typed: pgsight quotes it with the server\'s rules (quote_ident), so case and spaces are kept.',
    ignoreFocusOut: true,
    validateInput: (v) => (existing.has(v) ? `database "${v}" already exists` : databaseNameProblem(v)),
  });
  if (name === undefined) {
    return undefined;
  }
  const templates = dbs.filter((d) => d.isTemplate);
  const others = dbs.filter((d) => !d.isTemplate && d.allowConnections);
  const items: Pick[] = [
    ...templates.map((d) => ({
      label: d.name,
      value: d.name,
      description: d.name === 'template1' ? 'default — a copy of what you installed into template1' : d.name === 'template0' ? 'pristine; the only one that allows another encoding or locale' : `custom template · ${d.owner}`,
      detail: `${d.encoding} · ${d.localeProvider === 'libc' ? d.collate : `${d.locale} (${d.localeProvider})`}`,
      picked: d.name === (preset ?? 'template1'),
    })),
    { label: 'Other databases', kind: vscode.QuickPickItemKind.Separator },
    ...others.map((d) => ({ label: d.name, value: d.name, description: 'not a template: only its owner or a superuser may copy it', detail: `${d.encoding} · ${d.collate ?? ''}` })),
  ];
  const qp = vscode.window.createQuickPick<Pick>();
  qp.title = `Create Database "${name}" (2/${steps}): template`;
  qp.items = items;
  qp.activeItems = items.filter((i) => i.value === (preset ?? 'template1'));
  qp.ignoreFocusOut = true;
  const picked = await new Promise<Pick | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0]));
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  if (!picked?.value) {
    return undefined;
  }
  const template = dbs.find((d) => d.name === picked.value)!;
  const options: CreateDatabaseOptions = { name, template: template.name };

  if (template.name === 'template0') {
    const encodings = await withAdmin(s, clusterId, undefined, (c) => listServerEncodings(c));
    const enc = await vscode.window.showQuickPick(
      encodings.map((e) => ({ label: e, description: e === template.encoding ? 'template0\'s encoding' : undefined })),
      { title: `Create Database "${name}" (3/${steps}): encoding`, ignoreFocusOut: true, placeHolder: template.encoding },
    );
    if (enc === undefined) {
      return undefined;
    }
    if (enc.label !== template.encoding) {
      options.encoding = enc.label;
    }
    const locale = await vscode.window.showInputBox({
      title: `Create Database "${name}" (3/${steps}): locale`,
      prompt: 'LOCALE (sets LC_COLLATE and LC_CTYPE), e.g. C, C.UTF-8, en_US.UTF-8 — it must exist on the server and fit the encoding. Empty: template0\'s.',
      value: '',
      placeHolder: template.collate ?? '',
      ignoreFocusOut: true,
    });
    if (locale === undefined) {
      return undefined;
    }
    if (locale !== '') {
      options.locale = locale;
    }
  } else {
    const keep = await vscode.window.showQuickPick(
      [
        { label: `Keep ${template.encoding} · ${template.collate ?? ''}`, value: 'keep', detail: templateLocaleRule },
        { label: 'Use template0 to choose the encoding and locale', value: 'switch' },
      ],
      { title: `Create Database "${name}" (3/${steps}): encoding and locale come from ${template.name}`, ignoreFocusOut: true },
    );
    if (keep === undefined) {
      return undefined;
    }
    if (keep.value === 'switch') {
      return askOptions(s, clusterId, 'template0');
    }
  }

  const roles = await withAdmin(s, clusterId, undefined, (c) => listRoles(c));
  const me = s.tree.clusterView(clusterId)?.info?.currentUser;
  const owner = await vscode.window.showQuickPick(
    roles.map((r) => ({ label: r, description: r === me ? 'you' : undefined })),
    { title: `Create Database "${name}" (4/${steps}): owner`, placeHolder: me ? `${me} (you)` : undefined, ignoreFocusOut: true },
  );
  if (owner === undefined) {
    return undefined;
  }
  if (owner.label !== me) {
    options.owner = owner.label;
  }
  const limit = await vscode.window.showInputBox({
    title: `Create Database "${name}" (5/${steps}): connection limit`,
    prompt: 'Concurrent connections allowed; empty or -1: no limit',
    ignoreFocusOut: true,
    validateInput: (v) => (v === '' || /^-?\d+$/.test(v) ? null : 'a whole number'),
  });
  if (limit === undefined) {
    return undefined;
  }
  if (limit !== '' && limit !== '-1') {
    options.connectionLimit = Number(limit);
  }
  return options;
}

/**
 * Create Database: asks (or takes `request`), runs CREATE DATABASE on an admin session, and
 * while the template is in use shows who holds it, with retry / terminate. Returns the SQL
 * run, or undefined when cancelled or refused.
 */
export async function createDatabaseFlow(s: TreeServices, clusterId: string, preset?: string, request?: CreateDatabaseRequest): Promise<string | undefined> {
  const options = request ?? (await askOptions(s, clusterId, preset));
  if (!options) {
    return undefined;
  }
  const template = options.template ?? 'template1';
  const answer: BlockedAnswer = request?.whenBlocked ? async () => request.whenBlocked! : askWhatToDo;
  try {
    // our own tree session on the template would block the copy
    await s.pool.close(clusterId, template);
    const sql = await withAdminProgress(s, clusterId, template, `Creating database "${options.name}" from ${template}…`, (c) =>
      runWithBlockers(c, template, () => createDatabase(c, options), answer),
    );
    await s.tree.databasesChanged(clusterId);
    if (sql !== undefined && !request) {
      void vscode.window.showInformationMessage(`Database "${options.name}" created: ${sql}`, 'New Query').then(async (choice) => {
        if (choice === 'New Query') {
          const label = (await s.store.target(clusterId))?.label ?? clusterId;
          await s.bindings.newQuery({ clusterId, clusterLabel: label, dbname: options.name });
        }
      });
    }
    return sql;
  } catch (err) {
    if (request) {
      throw err;
    }
    await showError(`Create database "${options.name}" failed`, err);
    return undefined;
  }
}
