import type { Feature } from './feature';
import { statusFeature } from './status';
import { catalogFeature } from './catalog';
import { diagnosticsFeature } from './diagnostics';
import { codeActionsFeature } from './codeActions';
import { docsFeature } from './docs';
import { completionFeature } from './completion';
import { hoverFeature } from './hover';
import { workspaceSchemaFeature } from './workspaceSchema';
import { signatureHelpFeature } from './signatureHelp';
import { serverCheckFeature } from './serverCheck';

/** Every server feature, in registration order. Add one line per feature. */
export const features: readonly Feature[] = [
  statusFeature,
  catalogFeature,
  diagnosticsFeature,
  codeActionsFeature,
  docsFeature,
  completionFeature,
  hoverFeature,
  workspaceSchemaFeature,
  signatureHelpFeature,
  serverCheckFeature,
];
