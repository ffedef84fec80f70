/**
 * A schema-per-tenant database, the shape that makes editors choke (issue 15, "Catalog at
 * scale"): N schemas `tenant_0001 …` each holding the same T tables of 15 columns, plus a few
 * shared tables in `public`. Generated as SQL and created on a real PostgreSQL; nothing is
 * cached in the repository. The catalog bench builds it at full size (1,000 × 100 = 100,000
 * tables, 1.5 M columns); the database tier builds a small one with the same drift.
 *
 * Like real tenants, they are not all identical: every 10th tenant went through a migration
 * the others have not (its `orders` lost its sixth column and gained `migrated_at`, so its ordinals
 * differ), and the serial tables' defaults name their own schema's sequence
 * (`nextval('tenant_0007.customers_id_seq'::regclass)`): a shared representation that mixed
 * them up would show.
 */
import pg from 'pg';

export interface TenantShape {
  tenants: number;
  tablesPerTenant: number;
}

export const scaleShape: TenantShape = { tenants: 1_000, tablesPerTenant: 100 };

const nouns = [
  'customer', 'order', 'invoice', 'payment', 'product', 'shipment', 'warehouse', 'supplier', 'account', 'ledger',
  'employee', 'department', 'project', 'task', 'ticket', 'event', 'session', 'device', 'address', 'contract',
  'campaign', 'lead', 'review', 'category', 'inventory', 'refund', 'coupon', 'subscription', 'plan', 'usage',
  'region', 'store', 'carrier', 'route', 'vehicle', 'driver', 'schedule', 'booking', 'room', 'guest',
  'policy', 'claim', 'patient', 'visit', 'audit', 'message', 'thread', 'attachment', 'note', 'tag',
];
const suffixes = ['s', '_items'];
const columnTypes = ['integer', 'bigint', 'text', 'character varying(80)', 'numeric(12,2)', 'timestamp with time zone', 'date', 'boolean', 'jsonb', 'uuid'];
const columnWords = [
  'name', 'code', 'amount', 'quantity', 'created_at', 'updated_at', 'status', 'note', 'price', 'total',
  'email', 'phone', 'city', 'country', 'due_date', 'paid_at', 'score', 'rank', 'weight', 'label',
  'external_ref', 'owner_id', 'parent_id', 'region_code', 'is_active', 'is_deleted', 'version', 'payload',
];

/** The serial tables (id from a sequence of their own schema): the first few of each tenant. */
const serialTables = 5;

export function tenantSchemaName(t: number): string {
  return `tenant_${String(t).padStart(4, '0')}`;
}

/** Table i of every tenant (`customers`, `orders`, … then `customer_items` …). */
export function tenantTableName(i: number): string {
  return `${nouns[i % nouns.length]!}${suffixes[Math.floor(i / nouns.length) % suffixes.length]!}${i >= nouns.length * suffixes.length ? `_${i}` : ''}`;
}

/** The column the migration drops from `orders` (its sixth). */
const migratedDrop = 5;

/** Whether tenant t went through the `orders` migration (see the file comment). */
export function migratedTenant(t: number): boolean {
  return t > 0 && t % 10 === 0;
}

export interface TenantColumn {
  name: string;
  /** format_type's spelling */
  type: string;
  notNull: boolean;
  default: string | null;
}

/** The columns table i has in tenant t, in attnum order (dropped ones left out). */
export function tenantColumns(t: number, i: number): TenantColumn[] {
  const schema = tenantSchemaName(t);
  const table = tenantTableName(i);
  const cols: TenantColumn[] = [
    i < serialTables
      ? { name: 'id', type: 'bigint', notNull: true, default: `nextval('${schema}.${table}_id_seq'::regclass)` }
      : { name: 'id', type: 'bigint', notNull: true, default: null },
  ];
  for (let c = 1; c < 15; c++) {
    const type = columnTypes[(i + c) % columnTypes.length]!;
    cols.push({
      name: `${columnWords[(i * 7 + c * 3) % columnWords.length]!}_${c}`,
      type,
      notNull: (i + c) % 3 === 0,
      default: type === 'timestamp with time zone' && c % 2 === 0 ? 'now()' : null,
    });
  }
  if (i === 1 && migratedTenant(t)) {
    return [...cols.filter((c) => c !== cols[migratedDrop]), { name: 'migrated_at', type: 'timestamp with time zone', notNull: false, default: null }];
  }
  return cols;
}

function tableSql(t: number, i: number): string {
  const schema = tenantSchemaName(t);
  const table = tenantTableName(i);
  // created as every tenant was at first; the migration below changes some
  const cols = tenantColumns(0, i).map((c, k) =>
    k === 0 && i < serialTables ? 'id bigserial PRIMARY KEY' : `${c.name} ${c.type}${c.notNull ? ' NOT NULL' : ''}${c.default ? ` DEFAULT ${c.default}` : ''}`,
  );
  let sql = `CREATE TABLE ${schema}.${table} (${cols.join(', ')});\n`;
  if (i % 10 === 0) {
    sql += `COMMENT ON TABLE ${schema}.${table} IS 'The ${table} of one tenant';\n`;
    sql += `COMMENT ON COLUMN ${schema}.${table}.id IS 'Primary key';\n`;
  }
  if (i === 1 && migratedTenant(t)) {
    sql += `ALTER TABLE ${schema}.${table} DROP COLUMN ${tenantColumns(0, i)[migratedDrop]!.name}, ADD COLUMN migrated_at timestamptz;\n`;
  }
  return sql;
}

/** One tenant's schema, as one multi-statement query (one transaction). */
export function tenantSql(t: number, shape: TenantShape): string {
  let sql = `CREATE SCHEMA ${tenantSchemaName(t)};\n`;
  for (let i = 0; i < shape.tablesPerTenant; i++) {
    sql += tableSql(t, i);
  }
  return sql;
}

/** The tables every tenant shares, in `public`. */
export const sharedSql = `
CREATE TABLE public.tenants (tenant_id integer PRIMARY KEY, schema_name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE public.plans (plan_id integer PRIMARY KEY, name text NOT NULL, price numeric(12,2));
CREATE TABLE public.feature_flags (flag text PRIMARY KEY, enabled boolean NOT NULL DEFAULT false);`;

/**
 * Creates the tenants in the database at `url`, over `connections` sessions in parallel (one
 * transaction per tenant), and sets the database's search_path to tenant 1 and public, as an
 * application bound to one tenant would. Returns the time taken in ms.
 */
export async function createTenantSchema(url: string, shape: TenantShape, connections = 2): Promise<number> {
  const t0 = performance.now();
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  try {
    await clients[0]!.query(sharedSql);
    let next = 1;
    await Promise.all(
      clients.map(async (c) => {
        while (next <= shape.tenants) {
          const t = next++;
          await c.query(tenantSql(t, shape));
        }
      }),
    );
    const db = (await clients[0]!.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db;
    await clients[0]!.query(`ALTER DATABASE "${db.replace(/"/g, '""')}" SET search_path = ${tenantSchemaName(1)}, public`);
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
  return performance.now() - t0;
}
