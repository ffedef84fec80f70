/**
 * Quick fixes (DESIGN contract 3): one `Change to "<name>"` action per candidate of each
 * problem under the requested range (or a fix of every place, titled for what it does),
 * ordered by re-binding the statement with each applied (analysis/checkedFixes.ts), the best
 * one `isPreferred`; plus "Refresh catalog", which reloads the catalog exactly like the
 * `pgsight/refreshCatalog` notification.
 */
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import type { Problem } from '../analysis/analyzeDocument';
import type { Feature } from './feature';
import { refreshCatalog } from './catalog';
import { problemsFor, toDiagnostic } from './diagnostics';
import { checkedFixes } from '../analysis/checkedFixes';
import { fixEdits } from '../analysis/checks/fixes';

/** Command the "Refresh catalog" action runs; the server executes it itself. */
export const refreshCatalogCommand = 'pgsight.catalog.refreshFromServer';

const overlaps = (p: Problem, start: number, end: number): boolean => p.start <= end && start <= p.end;

export const codeActionsFeature: Feature = {
  name: 'codeActions',
  initialize(_ctx, _params, capabilities) {
    capabilities.codeActionProvider = { codeActionKinds: [CodeActionKind.QuickFix] };
    capabilities.executeCommandProvider = { commands: [refreshCatalogCommand] };
  },
  register(ctx) {
    ctx.connection.onExecuteCommand(async (params) => {
      if (params.command === refreshCatalogCommand) {
        await refreshCatalog(ctx);
      }
    });
    ctx.connection.onCodeAction(async (params): Promise<CodeAction[]> => {
      const doc = ctx.documents.get(params.textDocument.uri);
      if (!doc) {
        return [];
      }
      const start = doc.offsetAt(params.range.start);
      const end = doc.offsetAt(params.range.end);
      const problems = (await problemsFor(ctx, doc)).filter((p) => overlaps(p, start, end));
      const actions: CodeAction[] = [];
      for (const p of problems) {
        const diagnostic: Diagnostic = toDiagnostic(doc, p);
        for (const fix of checkedFixes(p)) {
          actions.push({
            title: fix.title ?? `Change to "${fix.name}"`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: fix.preferred,
            edit: {
              changes: {
                [doc.uri]: fixEdits(fix).map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.newText })),
              },
            },
          });
        }
      }
      // a name the catalog does not know may be new: offer a reload next to the fixes
      if (problems.some((p) => p.code === '42703' || p.code === '42P01')) {
        actions.push({
          title: 'Refresh catalog',
          kind: CodeActionKind.QuickFix,
          command: { title: 'Refresh catalog', command: refreshCatalogCommand },
        });
      }
      return actions;
    });
  },
};
