import * as vscode from 'vscode';
import { registerCommands } from '../commands';
import type { Ctx } from '../ctx';
import type { Surface } from '../surface';
import { EditorSessions } from './editorSessions';
import { RunCodeLensProvider } from './runCodeLens';
import { runCommands, runDiagnostics } from './runCommands';
import { ResultsPanel, registerResultsSerializer } from './resultsPanel';
import { runSettings } from './runSettings';

/**
 * Run SQL and the results view: one session per editor, the run commands and their CodeLens,
 * the status item of the editor's session, and the diagnostics at PostgreSQL's error position.
 */
let active: EditorSessions | undefined;

/** The extension stops: open transactions are rolled back (and logged) before the sessions end. */
export async function stopRunSessions(): Promise<void> {
  const s = active;
  active = undefined;
  await s?.stop();
}

export const runSurface: Surface = {
  name: 'run',
  register(ctx: Ctx) {
    const sessions = new EditorSessions(ctx);
    active = sessions;
    registerCommands(ctx, runCommands, { ctx, sessions });
    const lenses = new RunCodeLensProvider(() => runSettings().codeLens);
    ctx.subscriptions.push(
      sessions,
      runDiagnostics,
      lenses,
      registerResultsSerializer(ctx.extension),
      vscode.languages.registerCodeLensProvider([{ language: 'postgres' }, { language: 'sql' }], lenses),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('pgsight.run.codeLens')) {
          lenses.refresh();
        }
      }),
    );
    // the results view closed: no transaction stays held open for paging
    ResultsPanel.onClosed = () => void sessions.closeResults();
  },
};
