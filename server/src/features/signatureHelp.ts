import { MarkupKind, type SignatureHelp, type SignatureHelpParams } from 'vscode-languageserver/node';
import { escapeMarkdown } from '../../../shared/src/markdownText';
import { signatureAt } from '../analysis/completion/signatureAt';
import type { ServerContext } from '../serverContext';
import type { Feature } from './feature';
import { answerForOpenDocument } from './openDocumentRequest';

/**
 * textDocument/signatureHelp: inside a call's parentheses, every overload of the catalog
 * function or procedure, with the parameter the cursor is on.
 */
/** Whether the client takes parameter labels as [start, end) offsets into the signature's label. */
const labelOffsets = new WeakMap<ServerContext, boolean>();

export const signatureHelpFeature: Feature = {
  name: 'signatureHelp',
  initialize(ctx, params, capabilities) {
    capabilities.signatureHelpProvider = { triggerCharacters: ['(', ','], retriggerCharacters: [')'] };
    labelOffsets.set(ctx, params.capabilities.textDocument?.signatureHelp?.signatureInformation?.parameterInformation?.labelOffsetSupport === true);
  },
  register(ctx) {
    ctx.connection.onSignatureHelp((params: SignatureHelpParams): Promise<SignatureHelp | null> =>
      answerForOpenDocument(ctx, 'signatureHelp', params.textDocument.uri, (doc) => {
        const answer = signatureAt(ctx.parsedDocuments.get(doc), doc.offsetAt(params.position), ctx.catalog);
        if (!answer) {
          return null;
        }
        return {
          signatures: answer.overloads.map((o) => ({
            label: o.label,
            // offsets point at the right one of two equal parameters (`text, text`); plain text otherwise
            parameters: labelOffsets.get(ctx) ? o.parameterRanges.map((range) => ({ label: range })) : o.parameters.map((p) => ({ label: p })),
            ...(o.documentation ? { documentation: { kind: MarkupKind.Markdown, value: escapeMarkdown(o.documentation) } } : {}),
          })),
          activeSignature: answer.activeSignature,
          activeParameter: answer.activeParameter,
        };
      }),
    );
  },
};
