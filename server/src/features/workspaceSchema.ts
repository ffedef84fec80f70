/**
 * `pgsight.schema.files`: the workspace's schema files (globs relative to the first workspace
 * folder), replayed in order onto the built-in snapshot when the server starts
 * (server/src/workspace/). The result is the catalog while no server's catalog is loaded, so
 * an editor with no database at hand is still checked against the repository's own schema.
 * The setting restarts the server when it changes; edits to the files are picked up then.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature } from './feature';
import type { ServerContext } from '../serverContext';
import { loadParser } from '../parser';
import { builtinCatalog } from '../workspace/builtinCatalog';
import { expandPaths } from '../workspace/files';
import { replaySchemaFiles } from '../workspace/workspaceCatalog';

const roots = new WeakMap<ServerContext, string>();

/** Globs that stay inside the workspace folder (a workspace setting never reads outside it). */
function inside(glob: string): boolean {
  const g = glob.replace(/\\/g, '/');
  return !path.isAbsolute(g) && !/^[a-zA-Z]:/.test(g) && !g.split('/').includes('..');
}

async function replay(ctx: ServerContext): Promise<void> {
  const root = roots.get(ctx);
  const globs = ctx.settings.schemaFiles;
  if (globs.length === 0) {
    return;
  }
  if (!root) {
    ctx.log('pgsight.schema.files is set but no workspace folder is open: not used');
    return;
  }
  const outside = globs.filter((g) => !inside(g));
  if (outside.length > 0) {
    ctx.log(`pgsight.schema.files: ignoring ${outside.join(', ')} (outside the workspace folder)`);
  }
  if (!globs.some(inside)) {
    return;
  }
  try {
    await loadParser();
    const started = Date.now();
    const files = expandPaths(globs.filter(inside), root);
    const workspace = replaySchemaFiles(
      files.map((f) => ({ path: f, text: fs.readFileSync(path.resolve(root, f), 'utf8') })),
      builtinCatalog(),
    );
    const own = workspace.catalog.relations.filter((r) => r.schema !== 'pg_catalog' && r.schema !== 'information_schema').length;
    ctx.log(`workspace schema: ${files.length} files replayed in ${Date.now() - started} ms, ${own} relations`);
    ctx.setWorkspaceCatalog(workspace.catalog);
  } catch (err) {
    ctx.error('pgsight.schema.files could not be read', err);
  }
}

export const workspaceSchemaFeature: Feature = {
  name: 'workspaceSchema',
  register() {
    // nothing to handle: the catalog reaches the other features through ServerContext
  },
  initialize(ctx, params) {
    const uri = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
    if (uri?.startsWith('file:')) {
      roots.set(ctx, fileURLToPath(uri));
    } else if (params.rootPath) {
      roots.set(ctx, params.rootPath);
    }
  },
  initialized(ctx) {
    void replay(ctx);
  },
};
