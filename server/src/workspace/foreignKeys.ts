/**
 * The foreign keys of replayed workspace DDL: `REFERENCES t [(cols)]` on a column, `FOREIGN KEY
 * (…) REFERENCES …` in CREATE TABLE and ALTER TABLE … ADD, with the referenced table's primary
 * key when no columns are named (as PostgreSQL's transformFkeyGetPrimaryKey does). Only keys
 * whose two tables and every column still exist once all files are replayed are kept.
 */
import type { CatalogForeignKey, CatalogRelation } from '../catalog/model';
import { nodeAs, strings } from '../analysis/binder/bindContext';

interface RangeVarLike {
  schemaname?: string;
  relname?: string;
}

interface ConstraintNode {
  contype?: string;
  conname?: string;
  pktable?: RangeVarLike;
  fk_attrs?: unknown[];
  pk_attrs?: unknown[];
  keys?: unknown[];
}

interface ColumnDefNode {
  colname?: string;
  constraints?: unknown[];
}

type Qualify = (names: string[]) => { schema: string; name: string };

const key = (schema: string, name: string) => `${schema}.${name}`;

export class WorkspaceForeignKeys {
  /** refColumns empty: the referenced table's primary key, looked up at the end */
  private readonly keys: CatalogForeignKey[] = [];
  private readonly primaryKeys = new Map<string, string[]>();

  /** A copy that later statements change independently (a replay resumes from it). */
  clone(): WorkspaceForeignKeys {
    const c = new WorkspaceForeignKeys();
    c.keys.push(...this.keys);
    this.primaryKeys.forEach((v, k) => c.primaryKeys.set(k, v));
    return c;
  }

  /** Reads one top-level statement; `qualify` places an unqualified name as CREATE would. */
  apply(node: unknown, qualify: Qualify): void {
    const create = nodeAs<{ relation?: RangeVarLike; tableElts?: unknown[] }>(node, 'CreateStmt');
    if (create?.relation) {
      const table = qualify(names(create.relation));
      for (const element of create.tableElts ?? []) {
        this.element(table, element, qualify);
      }
      return;
    }
    const alter = nodeAs<{ relation?: RangeVarLike; cmds?: unknown[]; objtype?: string }>(node, 'AlterTableStmt');
    if (alter?.relation && alter.objtype === 'OBJECT_TABLE') {
      const table = qualify(names(alter.relation));
      for (const cmd of alter.cmds ?? []) {
        const c = nodeAs<{ subtype?: string; def?: unknown; name?: string }>(cmd, 'AlterTableCmd');
        if (c?.subtype === 'AT_AddConstraint' || c?.subtype === 'AT_AddColumn') {
          this.element(table, c.def, qualify);
        } else if (c?.subtype === 'AT_DropConstraint' && c.name !== undefined) {
          const at = this.keys.findIndex((k) => k.schema === table.schema && k.table === table.name && k.name === c.name);
          if (at >= 0) {
            this.keys.splice(at, 1);
          }
        }
      }
    }
  }

  private element(table: { schema: string; name: string }, element: unknown, qualify: Qualify): void {
    const column = nodeAs<ColumnDefNode>(element, 'ColumnDef');
    if (column?.colname !== undefined) {
      for (const c of column.constraints ?? []) {
        this.constraint(table, nodeAs<ConstraintNode>(c, 'Constraint'), [column.colname], qualify);
      }
      return;
    }
    this.constraint(table, nodeAs<ConstraintNode>(element, 'Constraint'), [], qualify);
  }

  private constraint(table: { schema: string; name: string }, c: ConstraintNode | undefined, columnOf: string[], qualify: Qualify): void {
    if (c?.contype === 'CONSTR_PRIMARY') {
      this.primaryKeys.set(key(table.schema, table.name), columnOf.length > 0 ? columnOf : strings(c.keys));
    } else if (c?.contype === 'CONSTR_FOREIGN' && c.pktable) {
      const columns = columnOf.length > 0 ? columnOf : strings(c.fk_attrs);
      const ref = qualify(names(c.pktable));
      this.keys.push({
        // PostgreSQL's default name (ChooseConstraintName), before its 63-byte truncation
        name: c.conname ?? `${table.name}_${columns.join('_')}_fkey`,
        schema: table.schema,
        table: table.name,
        columns,
        refSchema: ref.schema,
        refTable: ref.name,
        refColumns: strings(c.pk_attrs),
      });
    }
  }

  /** The keys whose tables and columns are in `relations` (schema.name → relation) after the replay. */
  finish(relations: ReadonlyMap<string, CatalogRelation>): CatalogForeignKey[] {
    const out: CatalogForeignKey[] = [];
    for (const k of this.keys) {
      const refColumns = k.refColumns.length > 0 ? k.refColumns : (this.primaryKeys.get(key(k.refSchema, k.refTable)) ?? []);
      const from = relations.get(key(k.schema, k.table));
      const to = relations.get(key(k.refSchema, k.refTable));
      const has = (r: CatalogRelation | undefined, cols: string[]) => r !== undefined && cols.every((c) => r.columns.some((x) => x.name === c));
      if (k.columns.length > 0 && k.columns.length === refColumns.length && has(from, k.columns) && has(to, refColumns)) {
        out.push({ ...k, refColumns });
      }
    }
    return out;
  }
}

function names(r: RangeVarLike): string[] {
  return [...(r.schemaname !== undefined ? [r.schemaname] : []), r.relname ?? ''];
}
