import * as vscode from 'vscode';
import { registerCommands } from '../commands';
import type { Ctx } from '../ctx';
import type { Surface } from '../surface';
import { ExplainCodeLensProvider } from './explainCodeLens';
import { explainCommands, explainDiagnostics } from './explainCommands';
import { registerPlanSerializer } from './planPanel';

/**
 * EXPLAIN at the cursor and the plan view: the explain commands, their CodeLens, the plan
 * panel's serializer, and the diagnostics that point at PostgreSQL's error position.
 */
export const explainSurface: Surface = {
  name: 'explain',
  register(ctx: Ctx) {
    registerCommands(ctx, explainCommands);
    const lenses = new ExplainCodeLensProvider();
    ctx.subscriptions.push(
      explainDiagnostics,
      lenses,
      registerPlanSerializer(ctx.extension),
      vscode.languages.registerCodeLensProvider([{ language: 'postgres' }, { language: 'sql' }], lenses),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('pgsight.explain.codeLens')) {
          lenses.refresh();
        }
      }),
      vscode.workspace.onDidChangeTextDocument((e) => explainDiagnostics.delete(e.document.uri)),
    );
  },
};
