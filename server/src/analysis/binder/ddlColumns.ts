/**
 * Column names in DDL — the misspellings a migration file makes most: CREATE INDEX columns,
 * expressions and predicates; ALTER TABLE … ALTER / DROP / RENAME COLUMN; key, foreign-key
 * CHECK constraints and generated columns; column references in DEFAULT; COMMENT ON COLUMN. Each with PostgreSQL 18's own message; where
 * PostgreSQL gives no cursor, the range is the name as written. Checked against the
 * relation as the document has it so far; silent when its columns are not all known.
 */
import type { AlterTableCmd, AlterTableStmt, ColumnDef, CreateStmt, IndexStmt, RangeVar, RenameStmt } from 'libpg-query';
import { BindContext, nodeAs, strings } from './bindContext';
import { bindExpr } from './binder';
import { undefinedDdlColumn } from '../checks/undefinedColumn';
import { columnReferenceInDefault } from '../checks/featureNotSupported';
import { undefinedRelation } from '../checks/undefinedTable';
import { Level, type NsItem, type Rte } from './scope';
import type { RelationInfo } from './schemaView';
import { systemColumnNames } from '../../catalog/model';

/** Where `name` is written in the statement (see BindContext.findName). */
export function nameRange(ctx: BindContext, name: string, after = 0): { start: number; end: number } {
  return ctx.findName(name, after);
}

/** The relation with all its columns known, or null; reports 42P01 when PostgreSQL would. */
export function known(rv: RangeVar | undefined, ctx: BindContext, reportMissing = false): RelationInfo | null {
  if (!rv) {
    return null;
  }
  const found = ctx.schema.lookupRelation(rv.schemaname, rv.relname ?? '');
  if (found.kind === 'missing' && reportMissing && rv.location !== undefined) {
    undefinedRelation(rv, ctx);
  }
  return found.kind === 'found' && !found.relation.opaque ? found.relation : null;
}

/** Whether the name may be a column; system columns count (PostgreSQL complains otherwise). */
export function has(rel: RelationInfo, name: string): boolean {
  return rel.columns.includes(name) || (rel.uncertain?.includes(name) ?? false) || systemColumnNames.has(name);
}

/** A level where only `rel` is visible, for index expressions and CHECK constraints. */
export function relationLevel(rel: RelationInfo, aliasname: string): Level {
  const level = new Level(null);
  const rte: Rte = {
    kind: 'relation',
    aliasname,
    columns: rel.columns,
    opaque: false,
    hasSystemColumns: rel.hasSystemColumns,
    isJoin: false,
    hasAlias: false,
    relationName: rel.name,
    relationSchema: rel.schema,
    uncertain: rel.uncertain,
  };
  const item: NsItem = { rte, refname: aliasname, relVisible: true, colsVisible: true, lateralOnly: false };
  level.rtable.push(rte);
  level.namespace.push(item);
  return level;
}

function checkIndex(stmt: IndexStmt, ctx: BindContext): void {
  const rel = known(stmt.relation, ctx, true);
  if (!rel) {
    return;
  }
  const level = relationLevel(rel, rel.name);
  for (const p of stmt.indexParams ?? []) {
    const elem = nodeAs<{ name?: string; expr?: unknown }>(p, 'IndexElem');
    if (elem?.name !== undefined && !has(rel, elem.name)) {
      undefinedDdlColumn(ctx, rel, elem.name, `column "${elem.name}" does not exist`, nameRange(ctx, elem.name, ctx.localOffset(stmt.relation?.location)));
    } else if (elem?.expr) {
      bindExpr(elem.expr, level, ctx);
    }
  }
  bindExpr(stmt.whereClause, level, ctx);
}

/** Key, foreign-key and CHECK constraints of one table (`inCreate`: ADD PRIMARY KEY's message differs). */
function checkConstraint(node: unknown, rel: RelationInfo, aliasname: string, inCreate: boolean, ctx: BindContext): void {
  const c = nodeAs<{
    contype?: string;
    keys?: unknown[];
    fk_attrs?: unknown[];
    pk_attrs?: unknown[];
    pktable?: RangeVar;
    raw_expr?: unknown;
    location?: number;
  }>(node, 'Constraint');
  if (!c) {
    return;
  }
  const from = ctx.localOffset(c.location);
  if (c.contype === 'CONSTR_PRIMARY' || c.contype === 'CONSTR_UNIQUE') {
    for (const key of strings(c.keys)) {
      if (!has(rel, key)) {
        // ALTER TABLE … ADD PRIMARY KEY first marks the column NOT NULL, which words it otherwise
        const namedInKey = inCreate || c.contype === 'CONSTR_UNIQUE';
        const message = namedInKey ? `column "${key}" named in key does not exist` : `column "${key}" of relation "${rel.name}" does not exist`;
        const at = nameRange(ctx, key, from);
        // in CREATE TABLE PostgreSQL's cursor is the constraint itself
        undefinedDdlColumn(ctx, rel, key, message, inCreate ? { start: ctx.offset(c.location), end: at.end } : at);
      }
    }
  } else if (c.contype === 'CONSTR_FOREIGN') {
    for (const key of strings(c.fk_attrs)) {
      if (!has(rel, key)) {
        undefinedDdlColumn(ctx, rel, key, `column "${key}" referenced in foreign key constraint does not exist`, nameRange(ctx, key, from));
      }
    }
    // the referenced table may be the one being created (a self reference)
    const target = c.pktable && c.pktable.relname === rel.name && c.pktable.schemaname === undefined ? rel : known(c.pktable, ctx);
    if (target) {
      for (const key of strings(c.pk_attrs)) {
        if (!has(target, key)) {
          undefinedDdlColumn(
            ctx,
            target,
            key,
            `column "${key}" referenced in foreign key constraint does not exist`,
            nameRange(ctx, key, ctx.localOffset(c.pktable?.location)),
          );
        }
      }
    }
  } else if (c.contype === 'CONSTR_CHECK' || c.contype === 'CONSTR_GENERATED') {
    bindExpr(c.raw_expr, relationLevel(rel, aliasname), ctx);
  } else if (c.contype === 'CONSTR_DEFAULT') {
    defaultColumnReference(c.raw_expr, ctx);
  }
}

function checkCreate(stmt: CreateStmt, ctx: BindContext): void {
  // the columns the new table will have: only when all of them are known here
  if ((stmt.inhRelations?.length ?? 0) > 0 || stmt.ofTypename || stmt.partbound) {
    return;
  }
  const columns: string[] = [];
  for (const elt of stmt.tableElts ?? []) {
    const def = nodeAs<ColumnDef>(elt, 'ColumnDef');
    if (def?.colname !== undefined) {
      columns.push(def.colname);
    } else if (nodeAs(elt, 'TableLikeClause')) {
      return;
    }
  }
  const name = stmt.relation?.relname ?? '';
  const rel: RelationInfo = { schema: stmt.relation?.schemaname ?? '', name, columns, hasSystemColumns: true, opaque: false };
  for (const elt of stmt.tableElts ?? []) {
    const def = nodeAs<ColumnDef>(elt, 'ColumnDef');
    for (const c of def?.constraints ?? []) {
      checkConstraint(c, rel, name, true, ctx);
    }
    checkConstraint(elt, rel, name, true, ctx);
  }
}

/** ALTER TABLE subcommands that name an existing column. */
const namesExistingColumn = new Set([
  'AT_DropColumn',
  'AT_AlterColumnType',
  'AT_SetNotNull',
  'AT_DropNotNull',
  'AT_ColumnDefault',
  'AT_SetStatistics',
  'AT_SetStorage',
  'AT_SetCompression',
  'AT_AddIdentity',
  'AT_SetIdentity',
  'AT_DropIdentity',
  'AT_DropExpression',
  'AT_SetExpression',
]);

function checkAlter(stmt: AlterTableStmt, ctx: BindContext): void {
  if (stmt.objtype !== 'OBJECT_TABLE' && stmt.objtype !== 'OBJECT_FOREIGN_TABLE') {
    return;
  }
  const rel = known(stmt.relation, ctx, !stmt.missing_ok);
  if (!rel) {
    return;
  }
  const added = new Set<string>();
  for (const c of stmt.cmds ?? []) {
    const cmd = nodeAs<AlterTableCmd>(c, 'AlterTableCmd');
    if (!cmd) {
      continue;
    }
    if (cmd.subtype === 'AT_AddColumn') {
      // a column added earlier in the same ALTER may be used by later subcommands
      const def = nodeAs<ColumnDef>(cmd.def, 'ColumnDef');
      if (def?.colname !== undefined && !has(rel, def.colname) && !added.has(def.colname)) {
        added.add(def.colname);
        // its CHECK, GENERATED and DEFAULT see the table with the new column (a column that
        // is there already is skipped by IF NOT EXISTS, or refused)
        const withIt = { ...rel, columns: [...rel.columns, ...added] };
        for (const con of def.constraints ?? []) {
          checkConstraint(con, withIt, rel.name, false, ctx);
        }
      } else if (def?.colname !== undefined) {
        added.add(def.colname);
      }
      continue;
    }
    if (cmd.subtype === 'AT_ColumnDefault' && cmd.def !== undefined) {
      defaultColumnReference(cmd.def, ctx);
    }
    const view = added.size > 0 ? { ...rel, columns: [...rel.columns, ...added] } : rel;
    if (namesExistingColumn.has(cmd.subtype ?? '') && cmd.name !== undefined && !cmd.missing_ok && !has(view, cmd.name)) {
      undefinedDdlColumn(
        ctx,
        view,
        cmd.name,
        `column "${cmd.name}" of relation "${rel.name}" does not exist`,
        nameRange(ctx, cmd.name, ctx.localOffset(stmt.relation?.location)),
      );
    } else if (cmd.subtype === 'AT_AddConstraint') {
      checkConstraint(cmd.def, view, rel.name, false, ctx);
    }
  }
}

function checkRename(stmt: RenameStmt, ctx: BindContext): void {
  if (stmt.renameType !== 'OBJECT_COLUMN' || stmt.missing_ok || stmt.subname === undefined) {
    return;
  }
  const rel = known(stmt.relation, ctx, true);
  if (rel && !has(rel, stmt.subname)) {
    undefinedDdlColumn(
      ctx,
      rel,
      stmt.subname,
      `column "${stmt.subname}" does not exist`,
      nameRange(ctx, stmt.subname, ctx.localOffset(stmt.relation?.location)),
    );
  }
}

function checkComment(node: { objtype?: string; object?: unknown }, ctx: BindContext): void {
  if (node.objtype !== 'OBJECT_COLUMN') {
    return;
  }
  const names = strings(nodeAs<{ items?: unknown[] }>(node.object, 'List')?.items);
  if (names.length < 2) {
    return;
  }
  const column = names[names.length - 1]!;
  const relname = names[names.length - 2]!;
  const typeSchema = names.length > 2 ? names[names.length - 3] : undefined;
  if (ctx.schema.catalog?.types.some((t) => t.kind === 'c' && t.name === relname && (typeSchema === undefined || t.schema === typeSchema))) {
    return; // a composite type's attribute: its columns are not in the catalog snapshot
  }
  // COMMENT's name list has no location: point at where the relation's name is written
  const first = nameRange(ctx, names.length > 2 ? names[names.length - 3]! : relname);
  const location = ctx.statement.offsets.toByte(first.start - ctx.statement.span.start);
  const rel = known({ relname, schemaname: names.length > 2 ? names[names.length - 3] : undefined, location }, ctx, true);
  if (rel && !has(rel, column)) {
    const relStart = nameRange(ctx, relname);
    // COMMENT names the relation as written (schema-qualified or not)
    const written = names.slice(0, -1).join('.');
    undefinedDdlColumn(
      ctx,
      rel,
      column,
      `column "${column}" of relation "${written}" does not exist`,
      nameRange(ctx, column, relStart.end - ctx.statement.span.start),
    );
  }
}

/** Runs before the statement's own DDL is applied to the document's schema. */
export function checkDdlColumns(node: unknown, ctx: BindContext): void {
  const index = nodeAs<IndexStmt>(node, 'IndexStmt');
  if (index) {
    checkIndex(index, ctx);
    return;
  }
  const create = nodeAs<CreateStmt>(node, 'CreateStmt');
  if (create) {
    checkCreate(create, ctx);
    return;
  }
  const alter = nodeAs<AlterTableStmt>(node, 'AlterTableStmt');
  if (alter) {
    checkAlter(alter, ctx);
    return;
  }
  const rename = nodeAs<RenameStmt>(node, 'RenameStmt');
  if (rename) {
    checkRename(rename, ctx);
    return;
  }
  const comment = nodeAs<{ objtype?: string; object?: unknown }>(node, 'CommentStmt');
  if (comment) {
    checkComment(comment, ctx);
  }
}

/** transformColumnRef in a DEFAULT: any column reference (outside sub-selects) is refused. */
function defaultColumnReference(expr: unknown, ctx: BindContext): void {
  const find = (n: unknown): { location?: number } | undefined => {
    if (n === null || typeof n !== 'object') {
      return undefined;
    }
    for (const [k, v] of Object.entries(n as Record<string, unknown>)) {
      if (k === 'SubLink') {
        continue;
      }
      if (k === 'ColumnRef') {
        return v as { location?: number };
      }
      const hit = find(v);
      if (hit) {
        return hit;
      }
    }
    return undefined;
  };
  const ref = find(expr);
  if (ref) {
    columnReferenceInDefault(ctx, ref.location);
  }
}
