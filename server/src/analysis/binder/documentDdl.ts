/**
 * The in-document DDL overlay: CREATE TABLE / VIEW / MATERIALIZED VIEW / TABLE AS,
 * CREATE SEQUENCE / INDEX, CREATE TYPE … AS (…), ALTER TABLE ADD / DROP / RENAME COLUMN, RENAME
 * TABLE and DROP earlier in the document are applied to the SchemaView so later statements see them (a migration file that creates a
 * table and then uses it raises nothing). Anything not modelled makes the relation unknown.
 */
import type {
  AlterTableCmd,
  AlterTableStmt,
  ColumnDef,
  CreateStmt,
  CreateTableAsStmt,
  DropStmt,
  RangeVar,
  RenameStmt,
  SelectStmt,
  ViewStmt,
} from 'libpg-query';
import { nodeAs, strings, type Columns } from './bindContext';
import type { RelationInfo, SchemaView } from './schemaView';

function schemaFor(rv: RangeVar, schema: SchemaView): string {
  if (rv.schemaname) {
    return rv.schemaname;
  }
  return rv.relpersistence === 't' ? 'pg_temp' : schema.creationSchema;
}

function existing(rv: RangeVar | undefined, schema: SchemaView): RelationInfo | null {
  if (!rv) {
    return null;
  }
  const found = schema.lookupRelation(rv.schemaname, rv.relname ?? '', false);
  return found.kind === 'found' ? { ...found.relation, columns: [...found.relation.columns] } : null;
}

function createTable(stmt: CreateStmt, schema: SchemaView): void {
  const rv = stmt.relation ?? {};
  if (stmt.if_not_exists && existing(rv, schema)) {
    return; // PostgreSQL keeps the table that is there
  }
  const columns: string[] = [];
  let opaque = stmt.ofTypename !== undefined;
  // inherited (and PARTITION OF) columns come first
  for (const parent of stmt.inhRelations ?? []) {
    const p = existing(nodeAs<RangeVar>(parent, 'RangeVar'), schema);
    if (p) {
      columns.push(...p.columns.filter((c) => !columns.includes(c)));
      opaque ||= p.opaque;
    } else {
      opaque = true;
    }
  }
  for (const elt of stmt.tableElts ?? []) {
    const def = nodeAs<ColumnDef>(elt, 'ColumnDef');
    if (def?.colname !== undefined) {
      if (!columns.includes(def.colname) && !stmt.partbound) {
        columns.push(def.colname);
      }
      continue;
    }
    const like = nodeAs<{ relation?: RangeVar }>(elt, 'TableLikeClause');
    if (like) {
      const p = existing(like.relation, schema);
      if (p) {
        columns.push(...p.columns.filter((c) => !columns.includes(c)));
        opaque ||= p.opaque;
      } else {
        opaque = true;
      }
    }
  }
  const inherits = (stmt.inhRelations?.length ?? 0) > 0;
  schema.define({ schema: schemaFor(rv, schema), name: rv.relname ?? '', columns, hasSystemColumns: true, opaque, inherits });
}

function createFromQuery(rv: RangeVar, names: string[], output: Columns, schema: SchemaView, systemColumns: boolean): void {
  const columns = [...names, ...(output ?? []).slice(names.length)];
  schema.define({
    schema: schemaFor(rv, schema),
    name: rv.relname ?? '',
    columns,
    hasSystemColumns: systemColumns,
    opaque: output === null,
    fromQuery: true,
    ...(systemColumns ? {} : { kind: 'view' as const }),
  });
}

function alterTable(stmt: AlterTableStmt, schema: SchemaView): void {
  const rv = stmt.relation ?? {};
  const rel = existing(rv, schema);
  if (rel?.schema === 'pg_catalog') {
    return; // "permission denied: "pg_class" is a system catalog"
  }
  if (!rel) {
    schema.forget(rv.schemaname, rv.relname ?? '');
    return;
  }
  for (const c of stmt.cmds ?? []) {
    const cmd = nodeAs<AlterTableCmd>(c, 'AlterTableCmd');
    if (cmd?.subtype === 'AT_AddColumn') {
      const def = nodeAs<ColumnDef>(cmd.def, 'ColumnDef');
      if (def?.colname !== undefined && !rel.columns.includes(def.colname)) {
        rel.columns.push(def.colname);
        schema.addMaybeColumn(def.colname);
      }
    } else if (cmd?.subtype === 'AT_DropColumn' && cmd.name !== undefined) {
      // PostgreSQL may refuse the drop (dependent objects, an inherited column): a later use
      // of the name proves nothing either way, so it becomes uncertain rather than missing
      rel.columns = rel.columns.filter((name) => name !== cmd.name);
      rel.uncertain = [...(rel.uncertain ?? []), cmd.name];
    }
  }
  schema.define(rel);
}

function rename(stmt: RenameStmt, schema: SchemaView): void {
  const rv = stmt.relation;
  if (!rv) {
    return;
  }
  const rel = existing(rv, schema);
  if (rel?.schema === 'pg_catalog') {
    return; // system catalogs cannot be renamed or altered
  }
  if (stmt.renameType === 'OBJECT_COLUMN') {
    if (rel) {
      // PostgreSQL may refuse (an inherited column): the old name becomes uncertain, and
      // children gain the new one
      rel.columns = rel.columns.map((c) => (c === stmt.subname ? (stmt.newname ?? c) : c));
      rel.uncertain = [...(rel.uncertain ?? []), ...(stmt.subname !== undefined ? [stmt.subname] : [])];
      schema.define(rel);
      schema.addMaybeColumn(stmt.newname ?? '');
    } else {
      schema.forget(rv.schemaname, rv.relname ?? '');
    }
  } else if (['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE', 'OBJECT_INDEX', 'OBJECT_SEQUENCE'].includes(stmt.renameType ?? '')) {
    schema.forget(rv.schemaname, rv.relname ?? '');
    if (rel) {
      schema.define({ ...rel, name: stmt.newname ?? rel.name });
    } else {
      schema.forget(rv.schemaname, stmt.newname ?? '');
    }
  }
}

function drop(stmt: DropStmt, schema: SchemaView): void {
  if (stmt.behavior === 'DROP_CASCADE') {
    // CASCADE takes dependent views with it; which ones is not modelled
    schema.forgetDocumentViews();
  }
  if (!['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE', 'OBJECT_SEQUENCE', 'OBJECT_INDEX'].includes(stmt.removeType ?? '')) {
    return;
  }
  for (const o of stmt.objects ?? []) {
    const names = strings(nodeAs<{ items?: unknown[] }>(o, 'List')?.items);
    const name = names[names.length - 1];
    if (name !== undefined) {
      schema.forget(names.length > 1 ? names[names.length - 2] : undefined, name);
    }
  }
}

/** Applies one statement's DDL effect; `output` is the bound query's output columns, if any. */
export function applyDocumentDdl(node: unknown, output: Columns, schema: SchemaView): void {
  const create = nodeAs<CreateStmt>(node, 'CreateStmt') ?? nodeAs<{ base?: CreateStmt }>(node, 'CreateForeignTableStmt')?.base;
  if (create) {
    createTable(create, schema);
    return;
  }
  const view = nodeAs<ViewStmt>(node, 'ViewStmt');
  if (view?.view) {
    createFromQuery(view.view, strings(view.aliases), output, schema, false);
    return;
  }
  const ctas = nodeAs<CreateTableAsStmt>(node, 'CreateTableAsStmt');
  if (ctas?.into?.rel && ctas.if_not_exists && existing(ctas.into.rel, schema)) {
    return;
  }
  if (ctas?.into?.rel) {
    createFromQuery(ctas.into.rel, strings(ctas.into.colNames), output, schema, ctas.objtype !== 'OBJECT_VIEW');
    return;
  }
  const selectInto = nodeAs<SelectStmt>(node, 'SelectStmt')?.intoClause;
  if (selectInto?.rel) {
    createFromQuery(selectInto.rel, strings(selectInto.colNames), output, schema, true);
    return;
  }
  const alter = nodeAs<AlterTableStmt>(node, 'AlterTableStmt');
  if (alter) {
    alterTable(alter, schema);
    return;
  }
  const ren = nodeAs<RenameStmt>(node, 'RenameStmt');
  if (ren) {
    rename(ren, schema);
    return;
  }
  const dropStmt = nodeAs<DropStmt>(node, 'DropStmt');
  if (dropStmt) {
    drop(dropStmt, schema);
    return;
  }
  const fn = nodeAs<{ funcname?: unknown[]; options?: unknown[] }>(node, 'CreateFunctionStmt');
  if (fn) {
    const names = strings(fn.funcname);
    schema.defineFunction(names[names.length - 1] ?? '');
    if (createsRelations(fn.options)) {
      // calling it creates relations (CREATE TABLE in its body, or dynamic SQL) we cannot see
      schema.markDynamic();
    }
    return;
  }
  const index = nodeAs<{ idxname?: string; relation?: RangeVar }>(node, 'IndexStmt');
  if (index?.idxname && index.relation) {
    // ALTER TABLE and ALTER INDEX both reach an index by name: known, columns unknown
    const table = { ...index.relation, relname: index.idxname };
    if (!existing(table, schema)) {
      schema.define({ schema: schemaFor(index.relation, schema), name: index.idxname, columns: [], hasSystemColumns: false, opaque: true, kind: 'index' });
    }
    return;
  }
  const seq = nodeAs<{ sequence?: RangeVar; if_not_exists?: boolean }>(node, 'CreateSeqStmt');
  if (seq?.sequence && !(seq.if_not_exists && existing(seq.sequence, schema))) {
    schema.define({
      schema: schemaFor(seq.sequence, schema),
      name: seq.sequence.relname ?? '',
      columns: ['last_value', 'log_cnt', 'is_called'],
      hasSystemColumns: true,
      opaque: false,
      kind: 'sequence',
    });
    return;
  }
  const composite = nodeAs<{ typevar?: RangeVar; coldeflist?: unknown[] }>(node, 'CompositeTypeStmt');
  if (composite?.typevar) {
    // a composite type is a relation too (COMMENT ON COLUMN, ALTER TYPE … ATTRIBUTE)
    const columns = (composite.coldeflist ?? []).map((c) => nodeAs<ColumnDef>(c, 'ColumnDef')?.colname ?? '');
    schema.define({
      schema: schemaFor(composite.typevar, schema),
      name: composite.typevar.relname ?? '',
      columns,
      hasSystemColumns: false,
      opaque: false,
      kind: 'composite type',
    });
    return;
  }
  const move = nodeAs<{ relation?: RangeVar; newschema?: string }>(node, 'AlterObjectSchemaStmt');
  if (move?.relation) {
    schema.forget(move.relation.schemaname, move.relation.relname ?? '');
    schema.forget(move.newschema, move.relation.relname ?? '');
    return;
  }
  const set = nodeAs<{ kind?: string; name?: string; args?: unknown[] }>(node, 'VariableSetStmt');
  if (set?.name === 'search_path') {
    const values = (set.args ?? []).map((a) => nodeAs<{ sval?: { sval?: string } }>(a, 'A_Const')?.sval?.sval);
    schema.setSearchPath(set.kind === 'VAR_SET_VALUE' && values.every((v) => v !== undefined) ? (values as string[]) : null);
    return;
  }
  // these create relations we cannot see (procedural code, extension scripts, a remote
  // schema, schema elements): from here on a missing relation proves nothing
  if (
    nodeAs(node, 'DoStmt') ||
    nodeAs(node, 'CallStmt') ||
    nodeAs(node, 'CreateExtensionStmt') ||
    nodeAs(node, 'AlterExtensionStmt') ||
    nodeAs(node, 'ImportForeignSchemaStmt') ||
    (nodeAs<{ schemaElts?: unknown[] }>(node, 'CreateSchemaStmt')?.schemaElts?.length ?? 0) > 0
  ) {
    schema.markDynamic();
    return;
  }
  const tx = nodeAs<{ kind?: string; savepoint_name?: string }>(node, 'TransactionStmt');
  if (tx) {
    transaction(tx.kind ?? '', tx.savepoint_name ?? null, schema);
  }
}

const relationDdl =
  /\bcreate\s+(?:or\s+replace\s+)?(?:(?:global|local)\s+)?(?:temp|temporary|unlogged)?\s*(?:table|view|materialized\s+view|sequence|foreign\s+table|recursive\s+view)\b|\bexecute\b/i;

/** Whether a function body (the `AS '…'` text) may create relations when the function runs. */
function createsRelations(options: unknown[] | undefined): boolean {
  const defs = (options ?? []).map((o) => nodeAs<{ defname?: string; arg?: unknown }>(o, 'DefElem'));
  const language = nodeAs<{ sval?: string }>(defs.find((d) => d?.defname === 'language')?.arg, 'String')?.sval;
  // SELECT … INTO creates a table in SQL (in PL/pgSQL it assigns variables)
  const ddl = language === 'sql' ? new RegExp(`${relationDdl.source}|\\binto\\b`, 'i') : relationDdl;
  const bodies = defs.filter((d) => d?.defname === 'as').flatMap((d) => strings(nodeAs<{ items?: unknown[] }>(d?.arg, 'List')?.items));
  return bodies.some((body) => ddl.test(body));
}

/** DDL is transactional: ROLLBACK [TO SAVEPOINT] undoes the overlay changes since. */
function transaction(kind: string, savepoint: string | null, schema: SchemaView): void {
  switch (kind) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START':
      schema.savepoint(null);
      break;
    case 'TRANS_STMT_SAVEPOINT':
      schema.savepoint(savepoint);
      break;
    case 'TRANS_STMT_COMMIT':
      schema.endTransaction(false, null);
      break;
    case 'TRANS_STMT_ROLLBACK':
      schema.endTransaction(true, null);
      break;
    case 'TRANS_STMT_ROLLBACK_TO':
      schema.endTransaction(true, savepoint, true);
      break;
    case 'TRANS_STMT_RELEASE':
      schema.endTransaction(false, savepoint);
      break;
  }
}
