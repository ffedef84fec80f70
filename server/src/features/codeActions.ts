/**
 * Quick fixes (DESIGN contract 3): one `Change to "<name>"` action per candidate of each
 * problem under the requested range, the best one `isPreferred`; plus "Refresh catalog",
 * which reloads the catalog exactly like the `pgsight/refreshCatalog` notification.
 */
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import type { Problem } from '../analysis/analyzeDocument';
import type { Feature } from './feature';
import { refreshCatalog } from './catalog';
import { problemsFor, toDiagnostic } from './diagnostics';

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
        for (const fix of p.fixes) {
          actions.push({
            title: `Change to "${fix.name}"`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: fix.preferred,
            edit: {
              changes: {
                [doc.uri]: [{ range: { start: doc.positionAt(fix.start), end: doc.positionAt(fix.end) }, newText: fix.newText }],
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
