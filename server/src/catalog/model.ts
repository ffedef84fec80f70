/**
 * The catalog snapshot the analysis works on: plain data, loaded from pg_catalog by
 * catalogLoader.ts, or read from a fixture captured from a real server
 * (scripts/capture-catalog.mjs). Names are stored exactly as PostgreSQL stores them
 * (already case-folded / as quoted).
 */

import type { RelationKind } from '../../../shared/src/relationKinds';

export type { RelationKind } from '../../../shared/src/relationKinds';

export interface CatalogColumn {
  name: string;
  /** format_type(atttypid, atttypmod), e.g. `character varying(20)` */
  type: string;
  /** pg_type oid of the column's type */
  typeOid: number;
  notNull: boolean;
  /** pg_get_expr(adbin) or null */
  default: string | null;
  /** attnum, 1-based; system columns are not listed here (see systemColumns) */
  ordinal: number;
  comment: string | null;
  /** GENERATED … AS IDENTITY; absent for ordinary columns */
  identity?: 'always' | 'by default';
  /** GENERATED ALWAYS AS (expr) STORED / VIRTUAL (then `default` holds the expression) */
  generated?: 'stored' | 'virtual';
}

export interface CatalogRelation {
  oid: number;
  schema: string;
  name: string;
  kind: RelationKind;
  /**
   * in attnum order, dropped columns excluded. Read-only: equal lists are shared between
   * relations (columnInterner.ts); in a large catalog, empty with `opaque` set until the
   * schema's columns are loaded (lazyColumns.ts).
   */
  columns: readonly CatalogColumn[];
  comment: string | null;
  /** whether the relation has OIDs-free system columns ctid, xmin… (tables, matviews, partitioned) */
  hasSystemColumns: boolean;
  /** Some columns may be missing from `columns`: a catalog replayed from workspace DDL, or a schema whose columns are not loaded yet. */
  readonly opaque?: boolean;
}

export interface CatalogFunction {
  oid: number;
  schema: string;
  name: string;
  /** pg_get_function_identity_arguments */
  args: string;
  /** pg_get_function_result, e.g. `SETOF record`, `integer` */
  result: string;
  kind: 'function' | 'aggregate' | 'window' | 'procedure';
  returnsSet: boolean;
  /** Result columns for set-returning or composite-returning functions (OUT/TABLE params or the composite type's columns); null when unknown (e.g. `SETOF record`). */
  resultColumns: { name: string; type: string }[] | null;
  /**
   * `composite`: resultColumns lists the columns; `scalar`: one value (in FROM, the column is
   * named after the alias or the function); `polymorphic`: a pseudo-type result (anyelement,
   * anyarray …) — usually one value, but a composite argument can make it a row, so be
   * careful before reporting anything about its columns; `unknown`: bare `record`, columns
   * known only from a column definition list.
   */
  resultShape: 'composite' | 'scalar' | 'polymorphic' | 'unknown';
  comment: string | null;
}

export interface CatalogType {
  oid: number;
  schema: string;
  name: string;
  /** typtype: b base, c composite, d domain, e enum, p pseudo, r range, m multirange */
  kind: string;
}

/**
 * A foreign key (pg_constraint, contype 'f'), its ends named by schema and table (a catalog
 * replayed from workspace DDL has no oids): `columns` of `table` reference `refColumns` of
 * `refTable`, pairwise in conkey/confkey order.
 */
export interface CatalogForeignKey {
  name: string;
  schema: string;
  table: string;
  columns: string[];
  refSchema: string;
  refTable: string;
  refColumns: string[];
}

export interface Catalog {
  /** e.g. "18.4" */
  serverVersion: string;
  /** server_version_num, e.g. 180004 */
  serverVersionNum: number;
  /** current_database() */
  database: string;
  /** current_schemas(true), in order (pg_catalog first when implicit) */
  searchPath: string[];
  schemas: string[];
  relations: CatalogRelation[];
  functions: CatalogFunction[];
  types: CatalogType[];
  /** Foreign keys between the relations above; absent in snapshots captured before they were loaded. */
  foreignKeys?: CatalogForeignKey[];
  /**
   * Only in a catalog replayed from workspace DDL (server/src/workspace/): relation names whose
   * absence proves nothing (dropped or changed in ways the replay could not follow), and
   * whether any relation at all may exist unseen (a DO block or CALL ran).
   */
  unsure?: { relations: string[]; anyRelation: boolean };
}

/** System columns every heap relation has (attnum -6 … -1): the one list of them. */
export const systemColumns: readonly { name: string; type: string }[] = [
  { name: 'tableoid', type: 'oid' },
  { name: 'cmax', type: 'cid' },
  { name: 'xmax', type: 'xid' },
  { name: 'cmin', type: 'cid' },
  { name: 'xmin', type: 'xid' },
  { name: 'ctid', type: 'tid' },
];

/** The system columns' names: exact matches only, never fuzzy suggestions. */
export const systemColumnNames: ReadonlySet<string> = new Set(systemColumns.map((c) => c.name));
