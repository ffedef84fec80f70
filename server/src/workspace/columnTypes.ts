/**
 * Column types of the relations schema files create, spelled as PostgreSQL's format_type()
 * prints them (`integer`, `character varying(20)`, `timestamp with time zone`, `numeric(12,2)`,
 * `integer[]`), so hovers and completion on a workspace catalog show what a server's would.
 * Follows CREATE TABLE (with LIKE, INHERITS and PARTITION OF from known parents), ALTER TABLE
 * ADD COLUMN / ALTER COLUMN TYPE / RENAME COLUMN, table renames and drops. A column whose type
 * is not known here (a view's, one from CREATE TABLE AS) stays `''`.
 */
import type { RangeVar } from 'libpg-query';
import { nodeAs, strings } from '../analysis/binder/bindContext';

interface TypeNameNode {
  names?: unknown[];
  typmods?: unknown[];
  arrayBounds?: unknown[];
}

/** format_type's spellings of the built-in names the grammar produces (and their common aliases). */
const builtinNames: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  bpchar: 'character',
  varchar: 'character varying',
  varbit: 'bit varying',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  time: 'time without time zone',
  timetz: 'time with time zone',
  serial: 'integer',
  serial4: 'integer',
  bigserial: 'bigint',
  serial8: 'bigint',
  smallserial: 'smallint',
  serial2: 'smallint',
};

/** format_type() of a parse tree's TypeName. */
export function formatTypeName(typeName: unknown): string {
  const t = typeName as TypeNameNode | undefined;
  const names = strings(t?.names);
  const last = names[names.length - 1] ?? '';
  const builtin = names.length === 1 || names[0] === 'pg_catalog' ? builtinNames[last] : undefined;
  const mods = (t?.typmods ?? []).map((m) => nodeAs<{ ival?: { ival?: number } }>(m, 'A_Const')?.ival?.ival ?? 0);
  let out: string;
  if (builtin !== undefined && (last === 'timestamp' || last === 'timestamptz' || last === 'time' || last === 'timetz')) {
    // the precision goes after the first word: timestamp(3) with time zone
    const [head, ...rest] = builtin.split(' ');
    out = [`${head}${mods.length > 0 ? `(${mods.join(',')})` : ''}`, ...rest].join(' ');
  } else {
    const base = builtin ?? (names[0] === 'pg_catalog' ? last : names.join('.'));
    if (last === 'numeric' && mods.length === 1) {
      mods.push(0); // numeric(5) is numeric(5,0)
    }
    // an interval's typmods encode its fields, not a precision: left out
    out = mods.length > 0 && last !== 'interval' && !last.includes('serial') ? `${base}(${mods.join(',')})` : base;
  }
  return (t?.arrayBounds?.length ?? 0) > 0 ? `${out}[]` : out;
}

type Qualify = (rv: RangeVar) => string;

/** Types by relation (schema.name) and column name. */
export class ColumnTypes {
  private readonly byRelation = new Map<string, ReadonlyMap<string, string>>();

  clone(): ColumnTypes {
    const c = new ColumnTypes();
    this.byRelation.forEach((v, k) => c.byRelation.set(k, v));
    return c;
  }

  /** The type of a column, or '' when not known. */
  typeOf(relation: string, column: string): string {
    return this.byRelation.get(relation)?.get(column) ?? '';
  }

  /** Copy on write: a map saved in a checkpoint is never changed. */
  private edit(relation: string, change: (m: Map<string, string>) => void): void {
    const m = new Map(this.byRelation.get(relation) ?? []);
    change(m);
    this.byRelation.set(relation, m);
  }

  apply(node: unknown, qualify: Qualify): void {
    const create = nodeAs<{ relation?: RangeVar; tableElts?: unknown[]; inhRelations?: unknown[] }>(node, 'CreateStmt');
    if (create?.relation) {
      const types = new Map<string, string>();
      for (const parent of create.inhRelations ?? []) {
        const p = nodeAs<RangeVar>(parent, 'RangeVar');
        this.byRelation.get(p ? qualify(p) : '')?.forEach((v, k) => types.set(k, v));
      }
      for (const elt of create.tableElts ?? []) {
        const def = nodeAs<{ colname?: string; typeName?: unknown }>(elt, 'ColumnDef');
        if (def?.colname !== undefined && def.typeName !== undefined) {
          types.set(def.colname, formatTypeName(def.typeName));
        }
        const like = nodeAs<{ relation?: RangeVar }>(elt, 'TableLikeClause');
        if (like?.relation) {
          this.byRelation.get(qualify(like.relation))?.forEach((v, k) => types.set(k, v));
        }
      }
      this.byRelation.set(qualify(create.relation), types);
      return;
    }
    const alter = nodeAs<{ relation?: RangeVar; cmds?: unknown[] }>(node, 'AlterTableStmt');
    if (alter?.relation) {
      const relation = qualify(alter.relation);
      for (const c of alter.cmds ?? []) {
        const cmd = nodeAs<{ subtype?: string; name?: string; def?: unknown }>(c, 'AlterTableCmd');
        const def = nodeAs<{ colname?: string; typeName?: unknown }>(cmd?.def, 'ColumnDef');
        if (cmd?.subtype === 'AT_AddColumn' && def?.colname !== undefined && def.typeName !== undefined) {
          const [name, type] = [def.colname, formatTypeName(def.typeName)];
          this.edit(relation, (m) => m.set(name, type));
        } else if (cmd?.subtype === 'AT_AlterColumnType' && cmd.name !== undefined && def?.typeName !== undefined) {
          const [name, type] = [cmd.name, formatTypeName(def.typeName)];
          this.edit(relation, (m) => m.set(name, type));
        }
      }
      return;
    }
    const rename = nodeAs<{ renameType?: string; relation?: RangeVar; subname?: string; newname?: string }>(node, 'RenameStmt');
    if (rename?.relation && rename.newname !== undefined) {
      const relation = qualify(rename.relation);
      const newname = rename.newname;
      if (rename.renameType === 'OBJECT_COLUMN' && rename.subname !== undefined) {
        const old = rename.subname;
        this.edit(relation, (m) => {
          const type = m.get(old);
          m.delete(old);
          if (type !== undefined) {
            m.set(newname, type);
          }
        });
      } else if (rename.renameType === 'OBJECT_TABLE') {
        const types = this.byRelation.get(relation);
        this.byRelation.delete(relation);
        if (types) {
          this.byRelation.set(`${relation.slice(0, relation.lastIndexOf('.'))}.${newname}`, types);
        }
      }
    }
  }
}
