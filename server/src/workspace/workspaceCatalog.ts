/**
 * The workspace's own schema as the catalog: schema files (a pg_dump, a structure.sql,
 * migrations in the order their tool applies them) are replayed as DDL onto the built-in
 * snapshot, in file order, through the same in-document DDL overlay the analysis uses
 * (analysis/binder/documentDdl.ts): tables, views with the bound query's columns, ALTER /
 * RENAME / DROP, SET search_path. This file adds what the overlay does not keep (schemas,
 * types, domains, sequences, function names) and turns the result into a plain Catalog, so
 * every feature (diagnostics, completion, hover, `pgsight check`) reads it like a server's.
 * Each schema file is itself checked against the schema as it stood before it.
 */
import { createHash } from 'node:crypto';
import type { Catalog, CatalogRelation } from '../catalog/model';
import { ParsedDocumentCache, type ParsedDocument } from '../parser';
import { analyzeOnSchemaSteps, type Problem } from '../analysis/analyzeDocument';
import { SchemaView } from '../analysis/binder/schemaView';
import { runAllSteps } from '../timeSlices';
import { Objects, type Origin } from './workspaceObjects';
import { schemaText } from './layouts';

export type { Origin } from './workspaceObjects';

export interface SchemaFile {
  /** how the file is named in reports (a path or a URI) */
  path: string;
  text: string;
}

export interface ReplayedFile {
  path: string;
  doc: ParsedDocument;
  /** problems of this file, checked against the schema as the files before it left it */
  problems: Problem[];
}

export interface WorkspaceCatalog {
  catalog: Catalog;
  files: ReplayedFile[];
  /** where each relation the files create (schema.name) was created */
  origins: ReadonlyMap<string, Origin>;
  /** where ALTER TABLE … ADD COLUMN added a column, by column name */
  addedColumns: ReadonlyMap<string, readonly (Origin & { relation: string })[]>;
}

/** The state after the first `index` files, saved so a later replay can resume there. */
interface Checkpoint {
  index: number;
  view: SchemaView;
  objects: Objects;
  files: ReplayedFile[];
}

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

/**
 * Replays schema files again and again as they change (the language server's workspace
 * schema): parses are cached by content hash, so an unchanged file is never parsed twice,
 * and the replay state is saved every `every` files, so an edit to migration 4,990 of 5,000
 * replays only the files from the checkpoint before it. `steps` yields between statements,
 * for the caller to run in event-loop slices.
 */
export class SchemaReplayer {
  /** content hash → parse, for the files of the last replay */
  private parses = new Map<string, ParsedDocument>();
  /** path → its last text and that text's hash (hashing 5,000 files on each edit is not free) */
  private hashes = new Map<string, { text: string; hash: string }>();
  /** `path\0hash` of each file of the last replay, in order */
  private keys: string[] = [];
  private checkpoints: Checkpoint[] = [];
  /** what the last replay did: files parsed, parses reused, the file it resumed at */
  lastRun = { parsed: 0, reused: 0, resumedAt: 0 };

  constructor(
    readonly base: Catalog,
    private readonly every = 50,
  ) {}

  private hashOf(file: SchemaFile): string {
    const known = this.hashes.get(file.path);
    if (known?.text === file.text) {
      return known.hash;
    }
    const hash = sha1(file.text);
    this.hashes.set(file.path, { text: file.text, hash });
    return hash;
  }

  *steps(files: readonly SchemaFile[]): Generator<void, WorkspaceCatalog> {
    const hashes = files.map((f) => this.hashOf(f));
    const keys = files.map((f, i) => `${f.path}\u0000${hashes[i]!}`);
    let same = 0;
    while (same < keys.length && same < this.keys.length && keys[same] === this.keys[same]) {
      same++;
    }
    // the latest checkpoint no changed file comes before is the place to resume
    this.checkpoints = this.checkpoints.filter((c) => c.index <= same);
    const from = this.checkpoints[this.checkpoints.length - 1];
    this.keys = keys;
    const view = from ? from.view.clone() : new SchemaView(this.base);
    const objects = from ? from.objects.clone() : new Objects();
    const replayed = from ? from.files.slice() : [];
    this.lastRun = { parsed: 0, reused: 0, resumedAt: from?.index ?? 0 };
    const parses = new Map<string, ParsedDocument>();
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      const hash = hashes[i]!;
      let doc = this.parses.get(hash) ?? parses.get(hash);
      if (i < replayed.length) {
        parses.set(hash, replayed[i]!.doc);
        continue;
      }
      if (doc) {
        this.lastRun.reused++;
      } else {
        doc = yield* ParsedDocumentCache.parseTextSteps(schemaText(file.text), file.path);
        this.lastRun.parsed++;
      }
      parses.set(hash, doc);
      const problems = yield* analyzeOnSchemaSteps(doc, view);
      for (const statement of doc.statements) {
        for (const raw of statement.stmts ?? []) {
          objects.apply(raw.stmt, { path: file.path, offset: statement.span.start });
        }
      }
      replayed.push({ path: file.path, doc, problems });
      // psql starts each file in a new session: the search path does not carry over
      view.setSearchPath(null);
      objects.newSession();
      if ((i + 1) % this.every === 0) {
        this.checkpoints.push({ index: i + 1, view: view.clone(), objects: objects.clone(), files: replayed.slice() });
      }
    }
    // keep the parses and hashes of the files in use only (a deleted migration's go)
    this.parses = parses;
    if (this.hashes.size > files.length) {
      const inUse = new Set(files.map((f) => f.path));
      for (const p of this.hashes.keys()) {
        if (!inUse.has(p)) {
          this.hashes.delete(p);
        }
      }
    }
    return { catalog: toCatalog(this.base, view, objects), files: replayed, origins: objects.origins, addedColumns: objects.addedColumns };
  }
}

/** Replays `files` in order onto `base` (the built-in snapshot) and returns the catalog they build. */
export function replaySchemaFiles(files: readonly SchemaFile[], base: Catalog): WorkspaceCatalog {
  return runAllSteps(new SchemaReplayer(base).steps(files));
}

function toCatalog(base: Catalog, view: SchemaView, objects: Objects): Catalog {
  const state = view.overlayState();
  const relations = new Map<string, CatalogRelation>();
  for (const r of base.relations) {
    relations.set(`${r.schema}.${r.name}`, r);
  }
  for (const [k, s] of objects.sequences) {
    relations.set(k, s);
  }
  const unsure = new Set<string>();
  for (const [key, info] of state.relations) {
    const [schema = '', name = ''] = key.split('\u0000');
    if (!info) {
      relations.delete(`${schema}.${name}`);
      // dropped or renamed away: missing; anything else the overlay lost track of: unknown
      if (!objects.gone.has(`${schema}.${name}`)) {
        unsure.add(name);
      }
      continue;
    }
    if (info.kind === 'index' || info.kind === 'composite type') {
      // the catalog lists what a query can name, as the server's does (no indexes, no row types)
      continue;
    }
    relations.set(`${info.schema}.${info.name}`, {
      oid: 0,
      schema: info.schema,
      name: info.name,
      kind:
        info.kind === 'sequence'
          ? 'sequence'
          : info.kind === 'view' || info.fromQuery
            ? info.hasSystemColumns && info.kind !== 'view'
              ? 'materialized view'
              : 'view'
            : 'table',
      // types as format_type() prints them where the files declare them ('' for a view's columns)
      columns: info.columns.map((c, i) => ({
        name: c,
        type: objects.columnTypes.typeOf(`${info.schema}.${info.name}`, c),
        typeOid: 0,
        notNull: false,
        default: null,
        ordinal: i + 1,
        comment: null,
      })),
      comment: null,
      hasSystemColumns: info.hasSystemColumns,
      // columns a parent gains later reach inheritance children, which the overlay does not follow
      ...(info.opaque || info.inherits ? { opaque: true } : {}),
    });
  }
  const schemas = new Set([...base.schemas, ...objects.schemas]);
  for (const r of relations.values()) {
    schemas.add(r.schema);
  }
  return {
    ...base,
    database: 'workspace',
    schemas: [...schemas].sort(),
    relations: [...relations.values()],
    functions: [...base.functions, ...objects.functions.values()],
    types: [...base.types, ...objects.types.values()],
    unsure: { relations: [...unsure], anyRelation: state.dynamic },
    foreignKeys: objects.foreignKeys.finish(relations),
  };
}
