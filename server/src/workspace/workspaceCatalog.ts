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
import type { RangeVar } from 'libpg-query';
import type { Catalog, CatalogFunction, CatalogRelation, CatalogType } from '../catalog/model';
import { ParsedDocumentCache, type ParsedDocument } from '../parser';
import { analyzeOnSchema, type Problem } from '../analysis/analyzeDocument';
import { nodeAs, strings } from '../analysis/binder/bindContext';
import { SchemaView } from '../analysis/binder/schemaView';
import { WorkspaceForeignKeys } from './foreignKeys';

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
}

const relationTypes = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE']);

/** Objects the overlay does not track, collected statement by statement. */
class Objects {
  readonly schemas = new Set<string>();
  readonly types = new Map<string, CatalogType>();
  readonly functions = new Map<string, CatalogFunction>();
  readonly sequences = new Map<string, CatalogRelation>();
  /** relations a DROP or RENAME took away (schema.name): missing for sure, unless made again */
  readonly gone = new Set<string>();
  readonly foreignKeys = new WorkspaceForeignKeys();
  /** where an unqualified CREATE goes (tracks SET search_path like the overlay does) */
  private creationSchema = 'public';

  private qualify(names: string[]): { schema: string; name: string } {
    const name = names[names.length - 1] ?? '';
    return { schema: names.length > 1 ? names[names.length - 2]! : this.creationSchema, name };
  }

  private type(names: string[], kind: string): void {
    const q = this.qualify(names);
    this.types.set(`${q.schema}.${q.name}`, { oid: 0, schema: q.schema, name: q.name, kind });
  }

  apply(node: unknown): void {
    this.foreignKeys.apply(node, (names) => this.qualify(names));
    const schema = nodeAs<{ schemaname?: string }>(node, 'CreateSchemaStmt');
    if (schema?.schemaname !== undefined) {
      this.schemas.add(schema.schemaname);
      return;
    }
    const set = nodeAs<{ kind?: string; name?: string; args?: unknown[] }>(node, 'VariableSetStmt');
    if (set?.name === 'search_path') {
      const values = (set.args ?? []).map((a) => nodeAs<{ sval?: { sval?: string } }>(a, 'A_Const')?.sval?.sval);
      const first = values.find((v) => v !== undefined && v !== '$user' && v !== 'pg_catalog');
      this.creationSchema = set.kind === 'VAR_SET_VALUE' && first !== undefined ? first : 'public';
      return;
    }
    const composite = nodeAs<{ typevar?: RangeVar }>(node, 'CompositeTypeStmt');
    if (composite?.typevar) {
      this.type([...(composite.typevar.schemaname !== undefined ? [composite.typevar.schemaname] : []), composite.typevar.relname ?? ''], 'c');
      return;
    }
    const enumStmt = nodeAs<{ typeName?: unknown[] }>(node, 'CreateEnumStmt');
    if (enumStmt) {
      this.type(strings(enumStmt.typeName), 'e');
      return;
    }
    const range = nodeAs<{ typeName?: unknown[] }>(node, 'CreateRangeStmt');
    if (range) {
      this.type(strings(range.typeName), 'r');
      return;
    }
    const domain = nodeAs<{ domainname?: unknown[] }>(node, 'CreateDomainStmt');
    if (domain) {
      this.type(strings(domain.domainname), 'd');
      return;
    }
    const define = nodeAs<{ kind?: string; defnames?: unknown[] }>(node, 'DefineStmt');
    if (define?.kind === 'OBJECT_TYPE') {
      this.type(strings(define.defnames), 'b');
      return;
    }
    const fn = nodeAs<{ funcname?: unknown[]; is_procedure?: boolean }>(node, 'CreateFunctionStmt');
    if (fn) {
      const q = this.qualify(strings(fn.funcname));
      // the result shape is not derived: `record` keeps the binder from assuming columns
      this.functions.set(`${q.schema}.${q.name}`, {
        oid: 0,
        ...q,
        args: '',
        result: 'record',
        kind: fn.is_procedure ? 'procedure' : 'function',
        returnsSet: false,
        resultColumns: null,
        resultShape: 'unknown',
        comment: null,
      });
      return;
    }
    const seq = nodeAs<{ sequence?: RangeVar }>(node, 'CreateSeqStmt');
    if (seq?.sequence) {
      const q = this.qualify([...(seq.sequence.schemaname !== undefined ? [seq.sequence.schemaname] : []), seq.sequence.relname ?? '']);
      const columns = [
        ['last_value', 'bigint'],
        ['log_cnt', 'bigint'],
        ['is_called', 'boolean'],
      ].map(([name, type], i) => ({ name: name!, type: type!, typeOid: 0, notNull: true, default: null, ordinal: i + 1, comment: null }));
      this.sequences.set(`${q.schema}.${q.name}`, { oid: 0, ...q, kind: 'sequence', columns, comment: null, hasSystemColumns: true });
      return;
    }
    const rename = nodeAs<{ renameType?: string; relation?: RangeVar }>(node, 'RenameStmt');
    if (rename?.relation && relationTypes.has(rename.renameType ?? '')) {
      const q = this.qualify([...(rename.relation.schemaname !== undefined ? [rename.relation.schemaname] : []), rename.relation.relname ?? '']);
      this.gone.add(`${q.schema}.${q.name}`);
      return;
    }
    const drop = nodeAs<{ removeType?: string; objects?: unknown[] }>(node, 'DropStmt');
    if (drop) {
      for (const o of drop.objects ?? []) {
        const names = drop.removeType === 'OBJECT_SCHEMA' ? [nodeAs<{ sval?: string }>(o, 'String')?.sval ?? ''] : strings(nodeAs<{ items?: unknown[] }>(o, 'List')?.items);
        const q = this.qualify(names);
        if (drop.removeType === 'OBJECT_SCHEMA') {
          this.schemas.delete(q.name);
        } else if (relationTypes.has(drop.removeType ?? '')) {
          this.gone.add(`${q.schema}.${q.name}`);
        } else if (drop.removeType === 'OBJECT_SEQUENCE') {
          this.sequences.delete(`${q.schema}.${q.name}`);
        } else if (drop.removeType === 'OBJECT_TYPE' || drop.removeType === 'OBJECT_DOMAIN') {
          this.types.delete(`${q.schema}.${q.name}`);
        }
      }
    }
  }
}

/** Replays `files` in order onto `base` (the built-in snapshot) and returns the catalog they build. */
export function replaySchemaFiles(files: readonly SchemaFile[], base: Catalog): WorkspaceCatalog {
  const view = new SchemaView(base);
  const objects = new Objects();
  const replayed: ReplayedFile[] = [];
  for (const file of files) {
    const doc = ParsedDocumentCache.parseText(file.text, file.path);
    const problems = analyzeOnSchema(doc, view);
    for (const statement of doc.statements) {
      for (const raw of statement.stmts ?? []) {
        objects.apply(raw.stmt);
      }
    }
    replayed.push({ path: file.path, doc, problems });
    // psql starts each file in a new session: the search path does not carry over
    view.setSearchPath(null);
  }
  return { catalog: toCatalog(base, view, objects), files: replayed };
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
      kind: info.kind === 'sequence' ? 'sequence' : info.kind === 'view' || info.fromQuery ? (info.hasSystemColumns && info.kind !== 'view' ? 'materialized view' : 'view') : 'table',
      // column types are not derived yet: completion and hover show the names only
      columns: info.columns.map((c, i) => ({ name: c, type: '', typeOid: 0, notNull: false, default: null, ordinal: i + 1, comment: null })),
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
