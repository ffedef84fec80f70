import * as vscode from 'vscode';
import { DocsRequest, type DocsLocation } from '../../../shared/src/protocol';
import { setting } from '../config';
import { registerCommands, type CommandTable } from '../commands';
import type { Ctx } from '../ctx';
import { log } from '../log';
import type { Surface } from '../surface';
import { localManualDir, localPage } from './localManual';

/** What `pgsight.docs.open` did; returned for tests and other extensions. */
export interface DocsOpened {
  location: DocsLocation | null;
  /** The URI handed to the browser or editor, or null when nothing was opened. */
  opened: string | null;
}

/** Arguments of a hover link: `command:pgsight.docs.open?[{"uri":…,"range":…}]`. */
interface DocsArgs {
  uri: string;
  range: DocsRequest.Params['range'];
}

function isDocsArgs(value: unknown): value is DocsArgs {
  const v = value as Partial<DocsArgs> | null;
  return typeof v === 'object' && v !== null && typeof v.uri === 'string' && typeof v.range === 'object' && v.range !== null;
}

/** The document and range to look up: the hover link's, else the active editor's selection. */
function requestFor(arg: unknown): DocsRequest.Params | null {
  if (isDocsArgs(arg)) {
    return { textDocument: { uri: arg.uri }, range: arg.range };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor || (arg instanceof vscode.Uri && arg.toString() !== editor.document.uri.toString())) {
    return null;
  }
  const s = editor.selection;
  return {
    textDocument: { uri: editor.document.uri.toString() },
    range: { start: { line: s.start.line, character: s.start.character }, end: { line: s.end.line, character: s.end.character } },
  };
}

/** Local manual file when there is one, else the postgresql.org URL the server built. */
function targetUri(location: DocsLocation): vscode.Uri {
  const dir = localManualDir(setting('docs.localPath'));
  const file = dir ? localPage(dir, location.page) : null;
  if (file) {
    return vscode.Uri.file(file).with({ fragment: location.anchor ?? '' });
  }
  return vscode.Uri.parse(location.url, true);
}

async function show(uri: vscode.Uri): Promise<void> {
  if (setting('docs.openIn') === 'editor' && uri.scheme === 'https') {
    try {
      await vscode.commands.executeCommand('simpleBrowser.show', uri.toString(true));
      return;
    } catch (err) {
      // Simple Browser is a built-in that can be disabled: fall back to the browser
      log.warn(`simpleBrowser.show failed, opening in the browser: ${String(err)}`);
    }
  }
  await vscode.env.openExternal(uri);
}

const docsCommands: CommandTable = {
  'pgsight.docs.open': (ctx) => async (arg?: unknown): Promise<DocsOpened> => {
    const params = requestFor(arg);
    if (!params || !ctx.client) {
      vscode.window.setStatusBarMessage('$(book) PostgreSQL docs: open a SQL file first', 4000);
      return { location: null, opened: null };
    }
    const location: DocsRequest.Result = await ctx.client.sendRequest(DocsRequest.type, params);
    if (!location) {
      // never a dialog: F1 on a column name is common and harmless
      vscode.window.setStatusBarMessage('$(book) No PostgreSQL documentation for this', 4000);
      return { location: null, opened: null };
    }
    const uri = targetUri(location);
    await show(uri);
    log.info(`docs: ${location.title} → ${uri.toString(true)}`);
    return { location, opened: uri.toString(true) };
  },
};

/** F1 / context menu / hover link → the PostgreSQL manual. */
export const docsSurface: Surface = {
  name: 'docs',
  register(ctx: Ctx) {
    registerCommands(ctx, docsCommands);
  },
};
