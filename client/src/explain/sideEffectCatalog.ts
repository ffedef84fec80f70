/**
 * Reads the catalog facts `lastingEffects` decides from, on the session EXPLAIN runs on: the
 * volatility of every function and operator the statement names (pg_proc, pg_operator), the
 * sequences behind the INSERT targets' column defaults (serial, identity, nextval defaults,
 * through pg_depend), and the sequences nextval/setval name. Plain catalog reads.
 */
import type pg from 'pg';
import type { SideEffectCatalog, StatementCalls } from './sideEffects';

export async function readSideEffectCatalog(client: pg.Client, calls: StatementCalls): Promise<SideEffectCatalog> {
  const functionNames = [...new Set(calls.functions.map((f) => f.name))];
  const operatorNames = [...new Set(calls.operators)];
  const path = await client.query<{ s: string[] }>('select current_schemas(true)::text[] as s');
  const functions =
    functionNames.length === 0
      ? []
      : (
          await client.query<{ schema: string; name: string; volatility: string }>(
            `select n.nspname as schema, p.proname as name, p.provolatile as volatility
               from pg_proc p join pg_namespace n on n.oid = p.pronamespace
              where p.proname = any($1::text[])`,
            [functionNames],
          )
        ).rows;
  const operators =
    operatorNames.length === 0
      ? []
      : (
          await client.query<{ name: string; schema: string; function: string; volatility: string }>(
            `select o.oprname as name, n.nspname as schema, p.proname as function, p.provolatile as volatility
               from pg_operator o join pg_namespace n on n.oid = o.oprnamespace join pg_proc p on p.oid = o.oprcode
              where o.oprname = any($1::text[])`,
            [operatorNames],
          )
        ).rows;
  const insertSequences: SideEffectCatalog['insertSequences'] = [];
  for (const target of calls.inserts) {
    const r = await client.query<{ column: string; sequence: string }>(
      `with rel as (select to_regclass(case when $1::text is null then quote_ident($2) else quote_ident($1) || '.' || quote_ident($2) end) as oid),
       uses as (
         -- a default that calls nextval (serial, or written by hand)
         select a.attname, d.refobjid as seq
           from rel join pg_attribute a on a.attrelid = rel.oid and a.attnum > 0 and not a.attisdropped
           join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
           join pg_depend d on d.classid = 'pg_attrdef'::regclass and d.objid = ad.oid and d.refclassid = 'pg_class'::regclass
         union
         -- an identity column's internal sequence
         select a.attname, d.objid
           from rel join pg_attribute a on a.attrelid = rel.oid and a.attnum > 0 and not a.attisdropped
           join pg_depend d on d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass
                           and d.refobjid = a.attrelid and d.refobjsubid = a.attnum and d.deptype = 'i')
       select uses.attname as column, format('%I.%I', n.nspname, s.relname) as sequence
         from uses join pg_class s on s.oid = uses.seq and s.relkind = 'S' join pg_namespace n on n.oid = s.relnamespace
        order by 1, 2`,
      [target.schema ?? null, target.relation],
    );
    insertSequences.push(...r.rows.map((row) => ({ ...(target.schema ? { schema: target.schema } : {}), relation: target.relation, column: row.column, sequence: row.sequence })));
  }
  const sequenceNames: Record<string, string> = {};
  for (const f of calls.functions) {
    if ((f.name === 'nextval' || f.name === 'setval') && f.firstLiteral !== undefined && !(f.firstLiteral in sequenceNames)) {
      // to_regclass never raises: a name that does not resolve stays as written
      const r = await client.query<{ name: string | null }>(
        `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.oid = to_regclass($1)`,
        [f.firstLiteral],
      );
      sequenceNames[f.firstLiteral] = r.rows[0]?.name ?? f.firstLiteral;
    }
  }
  return { searchPath: path.rows[0]!.s, functions, operators, insertSequences, sequenceNames };
}
