/**
 * Loads the catalog snapshot from pg_catalog in a handful of queries inside one read-only
 * REPEATABLE READ transaction (so relations and their columns come from the same snapshot),
 * under a statement timeout. pg_catalog and not information_schema: the latter is several
 * times slower and hides objects the role has no privilege on, which PostgreSQL's name
 * resolution still sees.
 */
import type pg from 'pg';
import { relationKindByRelkind, relkindSqlList } from '../../../shared/src/relationKinds';
import type { Catalog, CatalogColumn, CatalogForeignKey, CatalogFunction, CatalogRelation, CatalogType } from './model';

export interface LoadCatalogOptions {
  /** statement_timeout for each catalog query, in milliseconds. */
  timeoutMs?: number;
}

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
SELECT c.oid::int8, n.nspname, c.relname, c.relkind, d.description
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
WHERE c.relkind IN (${relkindSqlList}) AND ${visibleNamespace}
ORDER BY n.nspname, c.relname`;

// The columns of a chunk of relations (their oids as $1), ordered so they attach in one pass.
const columnsSql = `
SELECT a.attrelid::int8, a.attname, format_type(a.atttypid, a.atttypmod), a.atttypid::int8, a.attnotnull,
       pg_get_expr(ad.adbin, ad.adrelid), a.attnum, d.description, a.attidentity, a.attgenerated
FROM pg_attribute a
LEFT JOIN pg_attrdef ad ON a.atthasdef AND ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_description d ON d.objoid = a.attrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum
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
// element type or relation, and would double the list on a large schema.
const typesSql = `
SELECT t.oid::int8, n.nspname, t.typname, t.typtype
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_class c ON c.oid = t.typrelid
WHERE ${visibleNamespace}
  AND NOT (t.typcategory = 'A' AND t.typelem <> 0)
  AND (t.typrelid = 0 OR c.relkind = 'c')
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
 * transaction; the client must not be inside a transaction already.
 */
export async function loadCatalog(client: pg.ClientBase, options: LoadCatalogOptions = {}): Promise<Catalog> {
  const timeout = Math.max(1, Math.floor(options.timeoutMs ?? 10_000));
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    // SET LOCAL cannot take a parameter; the value is an integer we built ourselves.
    await client.query(`SET LOCAL statement_timeout = ${timeout}`);
    const [info] = await rows(client, infoSql, timeout);
    const assembly = new Assembly();
    const relations = assembly.relations(await rows(client, relationsSql, timeout));
    for (let i = 0; i < relations.length; i += relationsPerColumnsQuery) {
      const oids = relations.slice(i, i + relationsPerColumnsQuery).map((r) => r.oid);
      assembly.columns(await rows(client, columnsSql, timeout, [oids]));
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

/** Builds the snapshot from the query rows as they arrive. */
class Assembly {
  // Type names repeat across 150,000 columns: share one string per distinct name.
  private readonly interned = new Map<string, string>();
  private readonly byOid = new Map<number, CatalogRelation>();

  intern(s: string): string {
    const hit = this.interned.get(s);
    if (hit !== undefined) {
      return hit;
    }
    this.interned.set(s, s);
    return s;
  }

  relations(relationRows: Row[]): CatalogRelation[] {
    return relationRows.map((r) => {
      const relation: CatalogRelation = {
        oid: Number(r[0]),
        schema: this.intern(r[1] as string),
        name: r[2] as string,
        kind: relationKindByRelkind[r[3] as string] ?? 'table',
        columns: [],
        comment: (r[4] as string | null) ?? null,
        hasSystemColumns: heapKinds.has(r[3] as string),
      };
      this.byOid.set(relation.oid, relation);
      return relation;
    });
  }

  columns(columnRows: Row[]): void {
    for (const r of columnRows) {
      const relation = this.byOid.get(Number(r[0]));
      if (!relation) {
        continue;
      }
      const column: CatalogColumn = {
        name: r[1] as string,
        type: this.intern(r[2] as string),
        typeOid: Number(r[3]),
        notNull: r[4] as boolean,
        default: (r[5] as string | null) ?? null,
        ordinal: r[6] as number,
        comment: (r[7] as string | null) ?? null,
      };
      const identity = r[8] as string;
      if (identity === 'a' || identity === 'd') {
        column.identity = identity === 'a' ? 'always' : 'by default';
      }
      const generated = r[9] as string;
      if (generated === 's' || generated === 'v') {
        column.generated = generated === 's' ? 'stored' : 'virtual';
      }
      relation.columns.push(column);
    }
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
    return {
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
  }
}

/** Counts reported in `pgsight/status`. */
export function catalogCounts(catalog: Catalog): { relations: number; columns: number } {
  let columns = 0;
  for (const r of catalog.relations) {
    columns += r.columns.length;
  }
  return { relations: catalog.relations.length, columns };
}
