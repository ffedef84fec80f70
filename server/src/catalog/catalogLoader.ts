/**
 * Loads the catalog snapshot from pg_catalog in a handful of queries inside one read-only
 * REPEATABLE READ transaction (so relations and their columns come from the same snapshot),
 * under a statement timeout. pg_catalog and not information_schema: the latter is several
 * times slower and hides objects the role has no privilege on, which PostgreSQL's name
 * resolution still sees.
 */
import type pg from 'pg';
import { relationKindByRelkind, relkindSqlList } from '../../../shared/src/relationKinds';
import { ColumnInterner } from './columnInterner';
import { LazyColumns, LazyRelation, loadedColumns, registerLazyColumns } from './lazyColumns';
import type { Catalog, CatalogColumn, CatalogForeignKey, CatalogFunction, CatalogRelation, CatalogType } from './model';

export interface LoadCatalogOptions {
  /** statement_timeout for each catalog query, in milliseconds. */
  timeoutMs?: number;
  /**
   * Above this many columns in the database (pg_class.relnatts summed), only the columns of
   * the search path's schemas (with pg_catalog and information_schema) are loaded now; the
   * other schemas' relations are LazyRelations (lazyColumns.ts). Default: no limit.
   */
  eagerColumns?: number;
}

/** Schemas whose columns a lazy load still reads at once: the search path's and these. */
const alwaysEager = new Set(['pg_catalog', 'information_schema']);

/** Kinds that carry ctid, xmin … (views and foreign tables have no heap of their own). */
const heapKinds = new Set(['r', 'p', 'm', 'S']);

// Other sessions' temporary schemas and TOAST schemas hold nothing a query can name.
const visibleNamespace = `(n.nspname !~ '^pg_(toast|temp_|toast_temp_)' OR n.oid = pg_my_temp_schema())`;

const infoSql = `
SELECT current_setting('server_version') AS version,
       current_setting('server_version_num')::int AS version_num,
       current_database() AS database,
       current_schemas(true)::text[] AS search_path,
       (SELECT array_agg(n.nspname::text ORDER BY n.nspname) FROM pg_namespace n WHERE ${visibleNamespace}) AS schemas`;

const relationsSql = `
SELECT c.oid::int8, n.nspname, c.relname, c.relkind, d.description, c.relnatts
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
WHERE c.relkind IN (${relkindSqlList}) AND ${visibleNamespace}
ORDER BY n.nspname, c.relname`;

// The columns of a chunk of relations (their oids as $1), ordered so they attach in one pass.
// A default cannot refer to a column, so it is deparsed without its relation (relid 0): given
// one, pg_get_expr opens the relation, which on 75,000 defaults costs PostgreSQL 10 s, and
// the text is the same. Generated columns do refer to columns: they keep their relation.
// Defaults and comments by index lookup: a hash join would read all of pg_attrdef and
// pg_description (75,000 and 20,000 rows in a 1,000-schema database) for one schema's tables.
const columnsSql = `
SELECT a.attrelid::int8, a.attname, format_type(a.atttypid, a.atttypmod), a.atttypid::int8, a.attnotnull,
       (SELECT pg_get_expr(ad.adbin, CASE WHEN a.attgenerated <> '' THEN ad.adrelid ELSE 0 END)
        FROM pg_attrdef ad WHERE a.atthasdef AND ad.adrelid = a.attrelid AND ad.adnum = a.attnum),
       a.attnum,
       (SELECT d.description FROM pg_description d WHERE d.objoid = a.attrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum),
       a.attidentity, a.attgenerated
FROM pg_attribute a
WHERE a.attrelid = ANY ($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`;

/**
 * Relations per columns query. One query for 150,000 columns would hold every row in memory
 * at once (the peak, not the snapshot, would set the server's footprint); chunks let each
 * batch of rows become garbage as soon as it is attached.
 */
const relationsPerColumnsQuery = 2_000;

// Result columns: OUT/INOUT/TABLE parameters when there are any, else the columns of a
// composite return type (a table's row type included); null for scalars and bare `record`.
const functionsSql = `
SELECT p.oid::int8, n.nspname, p.proname,
       pg_get_function_identity_arguments(p.oid), pg_get_function_result(p.oid),
       p.prokind, p.proretset, d.description,
       CASE
         WHEN p.proargmodes && '{o,b,t}'::"char"[] THEN
           (SELECT json_agg(json_build_array(coalesce(nullif(u.name, ''), 'column' || u.i), format_type(u.type, NULL)) ORDER BY u.i)
            FROM unnest(p.proallargtypes, p.proargmodes, p.proargnames) WITH ORDINALITY AS u(type, mode, name, i)
            WHERE u.mode IN ('o', 'b', 't'))
         WHEN rt.typrelid <> 0 THEN
           (SELECT json_agg(json_build_array(a.attname, format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum)
            FROM pg_attribute a WHERE a.attrelid = rt.typrelid AND a.attnum > 0 AND NOT a.attisdropped)
       END AS result_columns,
       rt.typtype, rt.oid = 'record'::regtype AS returns_record
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
LEFT JOIN pg_type rt ON rt.oid = p.prorettype
LEFT JOIN pg_description d ON d.objoid = p.oid AND d.classoid = 'pg_proc'::regclass AND d.objsubid = 0
WHERE ${visibleNamespace}
ORDER BY n.nspname, p.proname, p.oid`;

// Array types and the row types of tables/views are left out: they are named through their
// element type or relation, and would double the list on a large schema. (The composite
// types' relations as a hashed list, not a join per type: 100,000 tables have 200,000 such types.)
const typesSql = `
SELECT t.oid::int8, n.nspname, t.typname, t.typtype
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE ${visibleNamespace}
  AND NOT (t.typcategory = 'A' AND t.typelem <> 0)
  AND (t.typrelid = 0 OR t.typrelid IN (SELECT c.oid FROM pg_class c WHERE c.relkind = 'c'))
ORDER BY n.nspname, t.typname`;

// Foreign keys as declared: conparentid = 0 leaves out the copies a partitioned table's key
// makes on each partition (and on each partition of the table it references). Columns by
// name, in key order, so a key reads the same from a server and from replayed DDL.
const foreignKeysSql = `
SELECT c.conname, n.nspname, t.relname, rn.nspname, r.relname,
       (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY AS k(num, i)
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num),
       (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY AS k(num, i)
          JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num)
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_class r ON r.oid = c.confrelid
JOIN pg_namespace rn ON rn.oid = r.relnamespace
WHERE c.contype = 'f' AND c.conparentid = 0 AND ${visibleNamespace} AND ${visibleNamespace.replace(/\bn\./g, 'rn.')}
ORDER BY n.nspname, t.relname, c.conname`;

/** The catalog queries as loadCatalog runs them (`$1`: relation oids), for the bench's psql reference. */
export const catalogSql = { info: infoSql, relations: relationsSql, columns: columnsSql, functions: functionsSql, types: typesSql, foreignKeys: foreignKeysSql } as const;

const functionKinds: Record<string, CatalogFunction['kind']> = {
  f: 'function',
  a: 'aggregate',
  w: 'window',
  p: 'procedure',
};

type Row = unknown[];

async function rows(client: pg.ClientBase, text: string, timeoutMs: number, values?: unknown[]): Promise<Row[]> {
  // query_timeout (client side) backs statement_timeout up when the server stops answering
  // altogether (network gone): the promise rejects instead of hanging.
  const result = await client.query({ text, values, rowMode: 'array', query_timeout: timeoutMs + 2_000 } as pg.QueryConfig);
  return result.rows as Row[];
}

/**
 * Reads the catalog of the database `client` is connected to. Runs in its own read-only
 * transaction; the client must not be inside a transaction already. With `eagerColumns`
 * exceeded, the columns of schemas off the search path are left to `loadColumns` (see
 * lazyColumns.ts; `lazyColumnsOf(catalog)` tells which).
 */
export async function loadCatalog(client: pg.ClientBase, options: LoadCatalogOptions = {}): Promise<Catalog> {
  const timeout = Math.max(1, Math.floor(options.timeoutMs ?? 10_000));
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    // SET LOCAL cannot take a parameter; the value is an integer we built ourselves.
    await client.query(`SET LOCAL statement_timeout = ${timeout}`);
    const [info] = await rows(client, infoSql, timeout);
    const assembly = new Assembly();
    const relationRows = await rows(client, relationsSql, timeout);
    let columnCount = 0;
    for (const r of relationRows) {
      columnCount += r[5] as number;
    }
    const searchPath = (info![3] as string[] | null) ?? [];
    const eager = columnCount <= (options.eagerColumns ?? Infinity) ? null : new Set([...searchPath, ...alwaysEager]);
    const relations = assembly.relations(relationRows, eager);
    const eagerOids = relations.filter((r) => !(r instanceof LazyRelation)).map((r) => r.oid);
    for (let i = 0; i < eagerOids.length; i += relationsPerColumnsQuery) {
      assembly.columns(await rows(client, columnsSql, timeout, [eagerOids.slice(i, i + relationsPerColumnsQuery)]));
    }
    const functionRows = await rows(client, functionsSql, timeout);
    const typeRows = await rows(client, typesSql, timeout);
    const foreignKeyRows = await rows(client, foreignKeysSql, timeout);
    await client.query('COMMIT');
    const catalog = assembly.finish(info!, relations, functionRows, typeRows);
    catalog.foreignKeys = assembly.foreignKeys(foreignKeyRows);
    return catalog;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/**
 * The columns of the relations `oids` (those of one schema, for a lazy catalog), keyed by
 * oid, in attnum order; `shared` interns equal columns and column lists across calls. One
 * read-only query under the statement timeout.
 */
export async function loadColumns(
  client: pg.ClientBase,
  oids: number[],
  shared: ColumnInterner,
  options: { timeoutMs?: number } = {},
): Promise<Map<number, readonly CatalogColumn[]>> {
  const timeout = Math.max(1, Math.floor(options.timeoutMs ?? 10_000));
  await client.query('BEGIN READ ONLY');
  try {
    await client.query(`SET LOCAL statement_timeout = ${timeout}`);
    const out = new Map<number, readonly CatalogColumn[]>();
    for (let i = 0; i < oids.length; i += relationsPerColumnsQuery) {
      shared.attach(await rows(client, columnsSql, timeout, [oids.slice(i, i + relationsPerColumnsQuery)]), (oid, columns) => out.set(oid, columns));
    }
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** Builds the snapshot from the query rows as they arrive. */
class Assembly {
  // Type and schema names repeat across 150,000 columns; whole columns and column lists repeat across tenant schemas.
  readonly shared = new ColumnInterner();
  private readonly byOid = new Map<number, CatalogRelation>();
  private lazy: LazyColumns | null = null;

  intern(s: string): string {
    return this.shared.string(s);
  }

  /** `eager`: the schemas whose columns are read now (null: all); the others' relations are lazy. */
  relations(relationRows: Row[], eager: ReadonlySet<string> | null): CatalogRelation[] {
    return relationRows.map((r) => {
      const schema = this.intern(r[1] as string);
      const kind = relationKindByRelkind[r[3] as string] ?? 'table';
      const comment = (r[4] as string | null) ?? null;
      const hasSystemColumns = heapKinds.has(r[3] as string);
      if (eager && !eager.has(schema)) {
        this.lazy ??= new LazyColumns(this.shared);
        const relation = new LazyRelation(Number(r[0]), schema, r[2] as string, kind, comment, hasSystemColumns, this.lazy);
        this.lazy.add(relation);
        return relation;
      }
      const relation: CatalogRelation = { oid: Number(r[0]), schema, name: r[2] as string, kind, columns: [], comment, hasSystemColumns };
      this.byOid.set(relation.oid, relation);
      return relation;
    });
  }

  columns(columnRows: Row[]): void {
    this.shared.attach(columnRows, (oid, columns) => {
      const relation = this.byOid.get(oid);
      if (relation) {
        relation.columns = columns;
      }
    });
  }

  foreignKeys(foreignKeyRows: Row[]): CatalogForeignKey[] {
    return foreignKeyRows.map((r) => ({
      name: r[0] as string,
      schema: this.intern(r[1] as string),
      table: r[2] as string,
      columns: (r[5] as string[] | null) ?? [],
      refSchema: this.intern(r[3] as string),
      refTable: r[4] as string,
      refColumns: (r[6] as string[] | null) ?? [],
    }));
  }

  finish(info: Row, relations: CatalogRelation[], functionRows: Row[], typeRows: Row[]): Catalog {
    const functions: CatalogFunction[] = functionRows.map((r) => {
      const resultColumns = r[8] as [string, string][] | null;
      const typtype = r[9] as string | null;
      const returnsRecord = r[10] as boolean | null;
      return {
        oid: Number(r[0]),
        schema: this.intern(r[1] as string),
        name: r[2] as string,
        args: r[3] as string,
        result: (r[4] as string | null) ?? '',
        kind: functionKinds[r[5] as string] ?? 'function',
        returnsSet: r[6] as boolean,
        resultColumns: resultColumns ? resultColumns.map(([name, type]) => ({ name, type: this.intern(type) })) : null,
        resultShape: resultColumns ? 'composite' : returnsRecord ? 'unknown' : typtype === 'p' ? 'polymorphic' : 'scalar',
        comment: (r[7] as string | null) ?? null,
      };
    });
    const types: CatalogType[] = typeRows.map((r) => ({
      oid: Number(r[0]),
      schema: this.intern(r[1] as string),
      name: r[2] as string,
      kind: r[3] as string,
    }));
    const versionText = info[0] as string;
    const catalog: Catalog = {
      // "18.1 (Debian 18.1-1.pgdg120+1)" → "18.1"
      serverVersion: versionText.split(' ')[0] ?? versionText,
      serverVersionNum: info[1] as number,
      database: info[2] as string,
      searchPath: (info[3] as string[] | null) ?? [],
      schemas: (info[4] as string[] | null) ?? [],
      relations,
      functions,
      types,
    };
    if (this.lazy) {
      registerLazyColumns(catalog, this.lazy);
    }
    return catalog;
  }
}

/** Counts reported in `pgsight/status` (columns: those loaded so far). */
export function catalogCounts(catalog: Catalog): { relations: number; columns: number } {
  let columns = 0;
  for (const r of catalog.relations) {
    columns += loadedColumns(r)?.length ?? 0;
  }
  return { relations: catalog.relations.length, columns };
}
