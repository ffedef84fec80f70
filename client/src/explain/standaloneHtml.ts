/**
 * The standalone plan page (DESIGN.md contract 5): the same document as the webview, with the
 * webview script inlined, so one HTML file shows the plan with no other file and no network.
 * Shared by `node dist/plan.js` and the "Export as HTML" command; no vscode here.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parsePlan } from '../../../shared/src/plan/planParse';
import { renderPlanDocument } from '../../../shared/src/plan/planHtml';

/** dist/webview/plan.js next to the running bundle (dist/plan.js or dist/extension.js). */
export function defaultScriptPath(): string {
  return path.join(__dirname, 'webview', 'plan.js');
}

export function standaloneHtml(source: string, options: { title?: string; sql?: string; scriptPath?: string } = {}): string {
  const plan = parsePlan(source);
  const scriptPath = options.scriptPath ?? defaultScriptPath();
  // the dev build's source-map comment would point at a file the standalone page does not have
  const inlineScript = fs.existsSync(scriptPath) ? fs.readFileSync(scriptPath, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n') : '';
  return renderPlanDocument(plan, {
    nonce: randomBytes(16).toString('base64'),
    inlineScript,
    source,
    title: options.title,
    sql: options.sql,
  });
}
