import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
  type Range,
} from 'vscode-languageserver/node';
import { escapeMarkdown } from '../../../shared/src/markdownText';
import { completeAt, completionWarmUp, type CandidateKind, type CompletionCandidate } from '../analysis/completion/completeAt';
import { loadParser } from '../parser';
import { runStepsInSlices } from '../timeSlices';
import type { Feature } from './feature';
import { answerForOpenDocument } from './openDocumentRequest';

const kinds: Record<CandidateKind, CompletionItemKind> = {
  column: CompletionItemKind.Field,
  table: CompletionItemKind.Class,
  'partitioned table': CompletionItemKind.Class,
  'foreign table': CompletionItemKind.Class,
  view: CompletionItemKind.Interface,
  'materialized view': CompletionItemKind.Interface,
  sequence: CompletionItemKind.Value,
  cte: CompletionItemKind.Struct,
  alias: CompletionItemKind.Variable,
  schema: CompletionItemKind.Module,
  function: CompletionItemKind.Function,
  aggregate: CompletionItemKind.Function,
  window: CompletionItemKind.Function,
  procedure: CompletionItemKind.Method,
  keyword: CompletionItemKind.Keyword,
  type: CompletionItemKind.TypeParameter,
  join: CompletionItemKind.Reference,
};

/** textDocument/completion: columns, relations, functions and keywords at the cursor. */
export const completionFeature: Feature = {
  name: 'completion',
  initialize(ctx, params, capabilities) {
    capabilities.completionProvider = { triggerCharacters: ['.', '"'], resolveProvider: false };
    ctx.snippetSupport = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
  },
  register(ctx) {
    // Index a new snapshot right away, not on the first keystroke after it (40 ms on a
    // 10,000-table catalog, and the scorer gets compiled hot before the user needs it).
    // fired again when a large catalog's columns arrive (lazyColumns.ts): warm each snapshot once
    const warmed = new WeakSet<object>();
    ctx.onDidChangeCatalog((catalog) => {
      if (catalog && !warmed.has(catalog)) {
        warmed.add(catalog);
        // a slice of 0 ms: one step per turn of the event loop; a newer snapshot cancels
        void loadParser()
          .then(() => runStepsInSlices(completionWarmUp(catalog), () => ctx.catalog !== catalog, 0))
          .catch((err: unknown) => ctx.error('completion warm-up failed', err));
      }
    });
    ctx.connection.onCompletion((params: CompletionParams): Promise<CompletionList | null> =>
      answerForOpenDocument(ctx, 'completion', params.textDocument.uri, (doc) => {
        const offset = doc.offsetAt(params.position);
        const answer = completeAt(ctx.parsedDocuments.get(doc), offset, ctx.catalog);
        if (!answer) {
          return null;
        }
        const range = { start: doc.positionAt(answer.replaceStart), end: doc.positionAt(answer.replaceEnd) };
        const toRange = (start: number, end: number): Range => ({ start: doc.positionAt(start), end: doc.positionAt(end) });
        return { isIncomplete: answer.isIncomplete, items: answer.items.map((c) => toItem(c, range, ctx.snippetSupport, toRange)) };
      }),
    );
  },
};

function toItem(c: CompletionCandidate, range: Range, snippets: boolean, toRange: (start: number, end: number) => Range): CompletionItem {
  const snippet = c.snippet && snippets;
  const newText = c.snippet && !snippets ? plainText(c.insertText) : c.insertText;
  return {
    label: c.label,
    ...(c.description ? { labelDetails: { description: c.description } } : {}),
    kind: kinds[c.kind],
    detail: c.detail,
    ...(c.documentation ? { documentation: { kind: MarkupKind.Markdown, value: escapeMarkdown(c.documentation) } } : {}),
    filterText: c.filterText,
    sortText: c.sortText,
    insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range, newText },
    ...(c.additionalEdits ? { additionalTextEdits: c.additionalEdits.map((e) => ({ range: toRange(e.start, e.end), newText: e.newText })) } : {}),
    ...(c.retrigger ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
  };
}

/** A snippet as plain text, for clients without snippets: a tab stop takes its placeholder's text (mirrors too), escapes go. */
function plainText(snippet: string): string {
  const defaults = new Map<string, string>();
  for (const m of snippet.matchAll(/\$\{(\d+):([^}]*)\}/g)) {
    defaults.set(m[1]!, m[2]!);
  }
  return snippet.replace(
    /\$\{(\d+):([^}]*)\}|\$\{(\d+)\}|\$(\d+)|\\([$}\\])/g,
    (_m, n: string | undefined, text: string | undefined, braced: string | undefined, bare: string | undefined, escaped: string | undefined) =>
      text ?? escaped ?? defaults.get(n ?? braced ?? bare ?? '') ?? '',
  );
}
