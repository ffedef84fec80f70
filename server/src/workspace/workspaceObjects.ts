/**
 * What replaying schema files creates beyond the binder's relation overlay
 * (analysis/binder/documentDdl.ts): schemas, types, domains, sequences, function names, the
 * relations a DROP or RENAME took away, and where each relation and added column was created
 * (file and offset), which mixed mode names in its "pending migration?" warning.
 */
import type { RangeVar } from 'libpg-query';
import type { CatalogFunction, CatalogRelation, CatalogType } from '../catalog/model';
import { nodeAs, strings } from '../analysis/binder/bindContext';
import { ColumnTypes } from './columnTypes';
import { WorkspaceForeignKeys } from './foreignKeys';

/** Where a schema file creates something: the file as named in reports and a UTF-16 offset in it. */
export interface Origin {
  path: string;
  offset: number;
}

const relationTypes = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE']);

/** Objects the overlay does not track, collected statement by statement. */
export class Objects {
  readonly schemas = new Set<string>();
  readonly types = new Map<string, CatalogType>();
  readonly functions = new Map<string, CatalogFunction>();
  readonly sequences = new Map<string, CatalogRelation>();
  /** relations a DROP or RENAME took away (schema.name): missing for sure, unless made again */
  readonly gone = new Set<string>();
  /** column types of the tables the files create */
  columnTypes = new ColumnTypes();
  /** foreign keys, kept at the end if both tables and every column still exist */
  foreignKeys = new WorkspaceForeignKeys();
  /** where each relation (schema.name) was last created or renamed to */
  readonly origins = new Map<string, Origin>();
  /** where ALTER TABLE … ADD COLUMN added a column, by column name (schema.table in `relation`) */
  readonly addedColumns = new Map<string, (Origin & { relation: string })[]>();
  /** where an unqualified CREATE goes (tracks SET search_path like the overlay does) */
  private creationSchema = 'public';

  /** A copy that later statements change independently (a replay resumes from it). */
  clone(): Objects {
    const c = new Objects();
    this.schemas.forEach((v) => c.schemas.add(v));
    this.types.forEach((v, k) => c.types.set(k, v));
    this.functions.forEach((v, k) => c.functions.set(k, v));
    this.sequences.forEach((v, k) => c.sequences.set(k, v));
    this.gone.forEach((v) => c.gone.add(v));
    this.origins.forEach((v, k) => c.origins.set(k, v));
    this.addedColumns.forEach((v, k) => c.addedColumns.set(k, v));
    c.creationSchema = this.creationSchema;
    c.columnTypes = this.columnTypes.clone();
    c.foreignKeys = this.foreignKeys.clone();
    return c;
  }

  /** psql starts each file in a new session: the search path does not carry over. */
  newSession(): void {
    this.creationSchema = 'public';
  }

  private rangeVar(rv: RangeVar): { schema: string; name: string } {
    return this.qualify([...(rv.schemaname !== undefined ? [rv.schemaname] : []), rv.relname ?? '']);
  }

  /** Records where the statement at `origin` creates relations or adds columns. */
  private recordOrigins(node: unknown, origin: Origin): void {
    const created =
      nodeAs<{ relation?: RangeVar }>(node, 'CreateStmt')?.relation ??
      nodeAs<{ view?: RangeVar }>(node, 'ViewStmt')?.view ??
      nodeAs<{ into?: { rel?: RangeVar } }>(node, 'CreateTableAsStmt')?.into?.rel ??
      nodeAs<{ relation?: RangeVar }>(node, 'CreateForeignTableStmt')?.relation;
    if (created) {
      const q = this.rangeVar(created);
      this.origins.set(`${q.schema}.${q.name}`, origin);
      this.gone.delete(`${q.schema}.${q.name}`);
      return;
    }
    const rename = nodeAs<{ renameType?: string; relation?: RangeVar; newname?: string }>(node, 'RenameStmt');
    if (rename?.relation && rename.newname !== undefined && relationTypes.has(rename.renameType ?? '')) {
      const q = this.rangeVar(rename.relation);
      this.origins.set(`${q.schema}.${rename.newname}`, origin);
      this.gone.delete(`${q.schema}.${rename.newname}`);
      return;
    }
    const alter = nodeAs<{ relation?: RangeVar; cmds?: unknown[] }>(node, 'AlterTableStmt');
    if (alter?.relation) {
      const q = this.rangeVar(alter.relation);
      for (const c of alter.cmds ?? []) {
        const cmd = nodeAs<{ subtype?: string; def?: unknown }>(c, 'AlterTableCmd');
        const column = cmd?.subtype === 'AT_AddColumn' ? nodeAs<{ colname?: string }>(cmd.def, 'ColumnDef')?.colname : undefined;
        if (column !== undefined) {
          this.addedColumns.set(column, [...(this.addedColumns.get(column) ?? []), { ...origin, relation: `${q.schema}.${q.name}` }]);
        }
      }
    }
  }

  private qualify(names: string[]): { schema: string; name: string } {
    const name = names[names.length - 1] ?? '';
    return { schema: names.length > 1 ? names[names.length - 2]! : this.creationSchema, name };
  }

  private type(names: string[], kind: string): void {
    const q = this.qualify(names);
    this.types.set(`${q.schema}.${q.name}`, { oid: 0, schema: q.schema, name: q.name, kind });
  }

  /** Applies one statement of a schema file; `origin` is where it starts. */
  apply(node: unknown, origin: Origin): void {
    this.recordOrigins(node, origin);
    this.foreignKeys.apply(node, (names) => this.qualify(names));
    this.columnTypes.apply(node, (rv) => {
      const q = this.rangeVar(rv);
      return `${q.schema}.${q.name}`;
    });
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
        const names =
          drop.removeType === 'OBJECT_SCHEMA' ? [nodeAs<{ sval?: string }>(o, 'String')?.sval ?? ''] : strings(nodeAs<{ items?: unknown[] }>(o, 'List')?.items);
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
