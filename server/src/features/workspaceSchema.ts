/**
 * The workspace schema in the editor: the files of `pgsight.schema.files` (globs relative to
 * the first workspace folder), or else a detected layout (workspace/layouts.ts), replayed in
 * order onto the built-in snapshot (workspace/workspaceCatalog.ts). The result is the catalog
 * while no server's catalog is loaded, and mixed mode's source of "pending migration?" after.
 *
 * The files are watched: the server registers `workspace/didChangeWatchedFiles` for SQL files
 * and sqitch.plan (any LSP client with dynamic registration sends them), and an open schema
 * file counts with its editor text, so an edit re-replays after `diagnosticsDelay`. A replay
 * reuses every unchanged file's parse and resumes from the last checkpoint before the first
 * changed file; it runs in event-loop slices, so open documents keep their diagnostics while
 * a 5,000-file history loads, and a newer change cancels it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver/node';
import type { Feature } from './feature';
import type { ServerContext } from '../serverContext';
import { loadParser } from '../parser';
import { builtinCatalog } from '../workspace/builtinCatalog';
import { expandPaths } from '../workspace/files';
import { SchemaReplayer } from '../workspace/workspaceCatalog';
import { detectLayout, globsFor } from '../workspace/layouts';
import { runStepsInSlices } from '../timeSlices';
import { SchemaFilesRequest, WorkspaceSchemaChangedNotification, type WorkspaceSchemaStatus } from '../../../shared/src/protocol';

/** Globs that stay inside the workspace folder (a workspace setting never reads outside it). */
function inside(glob: string): boolean {
  const g = glob.replace(/\\/g, '/');
  return !path.isAbsolute(g) && !/^[a-zA-Z]:/.test(g) && !g.split('/').includes('..');
}

const watchedFile = /\.(sql|pgsql|psql)$|(^|\/)sqitch\.plan$/i;

class WorkspaceSchema {
  status: WorkspaceSchemaStatus = { state: 'none', source: 'none', files: 0, relations: 0, generation: 0 };
  /** the schema files in replay order, relative to the root; null: list them again */
  private list: string[] | null = null;
  /** disk texts by relative path (dropped when the file changes on disk) */
  private readonly texts = new Map<string, string>();
  private replayer: SchemaReplayer | undefined;
  /** bumped by each scheduled replay: a running one that sees a newer number stops */
  private run = 0;
  private timer: NodeJS.Timeout | undefined;
  dynamicWatch = false;

  constructor(private readonly ctx: ServerContext) {}

  private get root(): string | null {
    return this.ctx.workspaceRoot;
  }

  private setStatus(status: Partial<WorkspaceSchemaStatus>): void {
    this.status = { ...this.status, ...status };
    void this.ctx.connection.sendNotification(WorkspaceSchemaChangedNotification.type, this.status);
  }

  /** The schema files in order and where the list comes from (the setting wins over detection). */
  files(): SchemaFilesRequest.Result {
    const root = this.root;
    const globs = this.ctx.settings.schemaFiles;
    if (!root) {
      return { source: 'none', files: [], globs: [] };
    }
    if (globs.length > 0) {
      const usable = globs.filter(inside);
      const files: string[] = [];
      for (const g of usable) {
        try {
          files.push(...expandPaths([g], root).filter((f) => !files.includes(f)));
        } catch {
          // a glob that matches nothing yet (a folder still to be created) is not an error while editing
        }
      }
      return { source: 'setting', files, globs: usable };
    }
    const detected = detectLayout(root);
    return detected
      ? { source: 'detected', layout: detected.layout, files: detected.files, globs: globsFor(root, detected.files) }
      : { source: 'none', files: [], globs: [] };
  }

  start(): void {
    const root = this.root;
    const outside = this.ctx.settings.schemaFiles.filter((g) => !inside(g));
    if (outside.length > 0) {
      this.ctx.log(`pgsight.schema.files: ignoring ${outside.join(', ')} (outside the workspace folder)`);
    }
    if (!root) {
      if (this.ctx.settings.schemaFiles.length > 0) {
        this.ctx.log('pgsight.schema.files is set but no workspace folder is open: not used');
      }
      return;
    }
    this.schedule(0);
  }

  /** The path of an open document or changed file relative to the root, or null outside it. */
  relative(uri: string): string | null {
    const root = this.root;
    if (!root || !uri.startsWith('file:')) {
      return null;
    }
    const rel = path.relative(root, fileURLToPath(uri));
    return rel.startsWith('..') || path.isAbsolute(rel) ? null : rel.split(path.sep).join('/');
  }

  /** Files changed on disk: texts to read again; created or deleted ones may change the list. */
  filesChanged(changes: { uri: string; type: number }[]): void {
    let relevant = false;
    for (const c of changes) {
      const rel = this.relative(c.uri);
      if (rel === null || !watchedFile.test(rel)) {
        continue;
      }
      this.texts.delete(rel);
      if (c.type !== FileChangeType.Changed || rel.endsWith('sqitch.plan')) {
        // a new or deleted file may join or leave the list (detection also reads contents)
        this.list = null;
      }
      relevant ||= this.list === null || (this.list.includes(rel) ?? false);
    }
    if (relevant) {
      this.schedule(50);
    }
  }

  /** An open document changed (or closed): when it is a schema file, replay with its text. */
  documentChanged(uri: string, delay: number): void {
    const rel = this.relative(uri);
    if (rel !== null && this.list?.includes(rel)) {
      this.schedule(delay);
    }
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.run++;
    this.timer = setTimeout(() => void this.replay(), delay);
  }

  private async replay(): Promise<void> {
    const run = this.run;
    const stale = (): boolean => run !== this.run;
    const root = this.root;
    if (!root) {
      return;
    }
    const started = performance.now();
    try {
      await loadParser();
      let source = this.status.source;
      let layout = this.status.layout;
      if (this.list === null) {
        const found = this.files();
        this.list = found.files;
        source = found.source;
        layout = found.layout;
        if (source === 'detected') {
          this.ctx.log(`workspace schema: detected ${layout} (${found.files.length} files); pgsight.schema.files overrides it`);
        }
      }
      const list = this.list;
      if (list.length === 0 && this.status.source === 'none' && source === 'none') {
        return;
      }
      this.status = {
        state: 'loading',
        source,
        ...(layout !== undefined ? { layout } : {}),
        files: list.length,
        relations: this.status.relations,
        generation: this.status.generation,
      };
      this.setStatus({});
      // an open schema file counts with its editor text
      const open = new Map<string, string>();
      for (const d of this.ctx.documents.all()) {
        const rel = this.relative(d.uri);
        if (rel !== null) {
          open.set(rel, d.getText());
        }
      }
      const files: { path: string; text: string }[] = [];
      for (const rel of list) {
        let text = open.get(rel) ?? this.texts.get(rel);
        if (text === undefined) {
          text = await fs.promises.readFile(path.join(root, rel), 'utf8').catch(() => '');
          if (stale()) {
            return;
          }
          this.texts.set(rel, text);
        }
        files.push({ path: rel, text });
      }
      this.replayer ??= new SchemaReplayer(builtinCatalog());
      const result = await runStepsInSlices(this.replayer.steps(files), stale, 20);
      if (result === null || stale()) {
        return;
      }
      const ms = Math.round(performance.now() - started);
      const relations = result.catalog.relations.filter((r) => r.schema !== 'pg_catalog' && r.schema !== 'information_schema').length;
      const r = this.replayer.lastRun;
      this.ctx.log(`workspace schema: ${files.length} files replayed in ${ms} ms (${r.parsed} parsed, from file ${r.resumedAt + 1}), ${relations} relations`);
      this.ctx.setWorkspaceSchema(list.length > 0 ? result : null);
      this.setStatus({ state: list.length > 0 ? 'loaded' : 'none', relations, ms, generation: this.status.generation + 1 });
    } catch (err) {
      this.ctx.error('the workspace schema could not be read', err);
      this.setStatus({ state: 'error', error: err instanceof Error ? err.message : String(err), generation: this.status.generation + 1 });
    }
  }
}

const schemas = new WeakMap<ServerContext, WorkspaceSchema>();

/** The workspace schema state of this server (for pgsight/status). */
export function workspaceSchemaStatus(ctx: ServerContext): WorkspaceSchemaStatus {
  return schemas.get(ctx)?.status ?? { state: 'none', source: 'none', files: 0, relations: 0, generation: 0 };
}

export const workspaceSchemaFeature: Feature = {
  name: 'workspaceSchema',
  register(ctx) {
    const schema = new WorkspaceSchema(ctx);
    schemas.set(ctx, schema);
    ctx.connection.onDidChangeWatchedFiles((params) => schema.filesChanged(params.changes));
    ctx.connection.onRequest(SchemaFilesRequest.type, () => schema.files());
    ctx.documents.onDidChangeContent((e) => schema.documentChanged(e.document.uri, ctx.settings.diagnosticsDelay));
    ctx.documents.onDidClose((e) => schema.documentChanged(e.document.uri, 0));
  },
  initialize(ctx, params) {
    const uri = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
    if (uri?.startsWith('file:')) {
      ctx.workspaceRoot = fileURLToPath(uri);
    } else if (params.rootPath) {
      ctx.workspaceRoot = params.rootPath;
    }
    const schema = schemas.get(ctx);
    if (schema) {
      schema.dynamicWatch = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    }
  },
  initialized(ctx) {
    const schema = schemas.get(ctx);
    if (!schema) {
      return;
    }
    if (schema.dynamicWatch && ctx.workspaceRoot) {
      void ctx.connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{sql,pgsql,psql}' }, { globPattern: '**/sqitch.plan' }] })
        .catch((err: unknown) => ctx.error('could not watch the schema files', err));
    }
    schema.start();
  },
};
