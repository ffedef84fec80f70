/**
 * What is inside one database, for the tree: schemas, the objects of a schema (one query,
 * however many), and a relation's columns with their key badges. No vscode here.
 */
import { relationKindByRelkind, relationKinds, relkindSqlList, type RelationKind } from '../../../../shared/src/relationKinds';
import type { Queryable } from './databases';

export interface SchemaInfo {
  oid: number;
  name: string;
  owner: string;
  /** pg_catalog and information_schema, shown under "System" */
  system: boolean;
  comment: string | null;
}

/** Schemas of the current database; pg_toast and the per-session temp schemas are left out. */
export async function listSchemas(q: Queryable): Promise<SchemaInfo[]> {
  const { rows } = await q.query(`
    select n.oid::int8 as oid, n.nspname as name, pg_get_userbyid(n.nspowner) as owner,
           obj_description(n.oid, 'pg_namespace') as comment
      from pg_namespace n
     where n.nspname <> 'pg_toast' and n.nspname !~ '^pg_(toast_)?temp_'
     order by n.nspname`);
  return rows.map((r: Record<string, unknown>) => ({
    oid: Number(r.oid),
    name: String(r.name),
    owner: String(r.owner),
    system: r.name === 'pg_catalog' || r.name === 'information_schema',
    comment: (r.comment as string | null) ?? null,
  }));
}

const routineKinds = ['function', 'procedure', 'aggregate', 'window function'] as const;
export type ObjectKind = RelationKind | (typeof routineKinds)[number];

export interface SchemaObject {
  oid: number;
  schema: string;
  name: string;
  kind: ObjectKind;
  /** identity arguments, for routines: `a integer, b text` */
  args: string | null;
  /** a partition (relispartition) is shown with its parent's name */
  partitionOf: string | null;
  comment: string | null;
}

const procKinds: Record<string, ObjectKind> = { f: 'function', p: 'procedure', a: 'aggregate', w: 'window function' };

/** Order of kinds in the tree: tables first, routines last. */
export const kindOrder: readonly ObjectKind[] = [...relationKinds, ...routineKinds];

/**
 * Relations (tables, partitioned tables, views, materialized views, foreign tables,
 * sequences) and routines of one schema, ordered by kind then name.
 */
export async function listSchemaObjects(q: Queryable, schemaOid: number): Promise<SchemaObject[]> {
  const { rows } = await q.query(
    `select c.oid::int8 as oid, n.nspname as schema, c.relname as name, c.relkind::text as kind, null as args,
            case when c.relispartition then (select i.inhparent::regclass::text from pg_inherits i where i.inhrelid = c.oid limit 1) end as parent,
            obj_description(c.oid, 'pg_class') as comment, false as routine
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relnamespace = $1::oid and c.relkind in (${relkindSqlList})
     union all
     select p.oid::int8, n.nspname, p.proname, to_jsonb(p)->>'prokind', pg_get_function_identity_arguments(p.oid),
            null, obj_description(p.oid, 'pg_proc'), true
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where p.pronamespace = $1::oid`,
    [schemaOid],
  );
  const objects: SchemaObject[] = rows.map((r: Record<string, unknown>) => ({
    oid: Number(r.oid),
    schema: String(r.schema),
    name: String(r.name),
    kind: r.routine === true ? (procKinds[String(r.kind ?? 'f')] ?? 'function') : relationKindByRelkind[String(r.kind)]!,
    args: (r.args as string | null) ?? null,
    partitionOf: (r.parent as string | null) ?? null,
    comment: (r.comment as string | null) ?? null,
  }));
  const rank = new Map(kindOrder.map((k, i) => [k, i]));
  return objects.sort((a, b) => rank.get(a.kind)! - rank.get(b.kind)! || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.args ?? '').localeCompare(b.args ?? ''));
}

export interface ColumnInfo {
  ordinal: number;
  name: string;
  /** format_type, e.g. `character varying(20)` */
  type: string;
  notNull: boolean;
  default: string | null;
  /** `GENERATED ALWAYS AS IDENTITY` etc., or a generated column's expression */
  identity: 'always' | 'by default' | null;
  generated: string | null;
  primaryKey: boolean;
  /** referenced table(s) when the column is part of a foreign key */
  references: string[];
  comment: string | null;
}

/** The columns of a relation in attnum order, with primary and foreign key membership. */
export async function listColumns(q: Queryable, relOid: number): Promise<ColumnInfo[]> {
  const { rows } = await q.query(
    `select a.attnum as ordinal, a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as notnull,
            case when a.attgenerated = '' then pg_get_expr(d.adbin, d.adrelid) end as default,
            case when a.attgenerated <> '' then pg_get_expr(d.adbin, d.adrelid) end as generated,
            a.attidentity::text as identity,
            exists (select 1 from pg_constraint k where k.conrelid = a.attrelid and k.contype = 'p' and a.attnum = any (k.conkey)) as pk,
            array(select k.confrelid::regclass::text from pg_constraint k
                   where k.conrelid = a.attrelid and k.contype = 'f' and a.attnum = any (k.conkey) order by k.conname) as refs,
            col_description(a.attrelid, a.attnum) as comment
       from pg_attribute a
       left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where a.attrelid = $1::oid and a.attnum > 0 and not a.attisdropped
      order by a.attnum`,
    [relOid],
  );
  return rows.map((r: Record<string, unknown>) => ({
    ordinal: Number(r.ordinal),
    name: String(r.name),
    type: String(r.type),
    notNull: r.notnull === true,
    default: (r.default as string | null) ?? null,
    identity: r.identity === 'a' ? 'always' : r.identity === 'd' ? 'by default' : null,
    generated: (r.generated as string | null) ?? null,
    primaryKey: r.pk === true,
    references: (r.refs as string[] | null) ?? [],
    comment: (r.comment as string | null) ?? null,
  }));
}
