-- SYNTAX TEST "source.pgsql" "keywords from pg_get_keywords(), built-in types, function calls"

SELECT DISTINCT o.orderid FROM orders o WHERE true AND NOT false OR x IS NULL;
-- <------ keyword.other.reserved.pgsql
--     ^^^^^^^^ keyword.other.reserved.pgsql
--                        ^^^^ keyword.other.reserved.pgsql
--                                      ^^^^^ keyword.other.reserved.pgsql
--                                            ^^^^ constant.language.boolean.pgsql
--                                                 ^^^ keyword.operator.logical.pgsql
--                                                     ^^^ keyword.operator.logical.pgsql
--                                                         ^^^^^ constant.language.boolean.pgsql
--                                                               ^^ keyword.operator.logical.pgsql
--      ^^ keyword.other.reserved.pgsql
--                                                                       ^^^^ constant.language.null.pgsql
--                                                                           ^ punctuation.terminator.statement.pgsql

-- keywords are case-insensitive, as in PostgreSQL
  sElEcT 1 fRoM t;
--^^^^^^ keyword.other.reserved.pgsql
--         ^^^^ keyword.other.reserved.pgsql

-- unreserved keywords (category U) and column-name keywords (C)
  ALTER SEQUENCE s RESTART; VACUUM ANALYZE t; SELECT * FROM t FETCH FIRST 1 ROWS ONLY;
--^^^^^ keyword.other.unreserved.pgsql
--      ^^^^^^^^ keyword.other.unreserved.pgsql
--                 ^^^^^^^ keyword.other.unreserved.pgsql
--                          ^^^^^^ keyword.other.unreserved.pgsql
--                                 ^^^^^^^ keyword.other.reserved.pgsql
--                                                            ^^^^^ keyword.other.reserved.pgsql
--                                                                  ^^^^^ keyword.other.unreserved.pgsql
--                                                                          ^^^^ keyword.other.unreserved.pgsql
--                                                                               ^^^^ keyword.other.reserved.pgsql
  INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING;
--^^^^^^ keyword.other.unreserved.pgsql
--       ^^^^ keyword.other.reserved.pgsql
--              ^^^^^^ keyword.other.unreserved.pgsql
--                            ^^^^^^^^ keyword.other.unreserved.pgsql
--                                        ^^^^^^^ keyword.other.unreserved.pgsql

-- a keyword is a keyword only as a whole word
  SELECT selected, from_date, x$select FROM t;
--       ^^^^^^^^ - keyword.other.reserved.pgsql
--                 ^^^^^^^^^ - keyword.other.reserved.pgsql
--       ^^^^^^ - keyword.other.reserved.pgsql

-- type_func_name keywords (T) are reserved; join is never a function
  SELECT * FROM a LEFT JOIN b USING (id) CROSS JOIN LATERAL f(a.x);
--                ^^^^ keyword.other.reserved.pgsql
--                     ^^^^ keyword.other.reserved.pgsql
--                            ^^^^^ keyword.other.reserved.pgsql
--                                       ^^^^^ keyword.other.reserved.pgsql
--                                                  ^^^^^^^ keyword.other.reserved.pgsql
--                                                          ^ entity.name.function.pgsql

-- built-in types, also multi-word ones
  CREATE TABLE t (a integer, b varchar(10), c double precision, d timestamp with time zone, e jsonb, f uuid[]);
--                  ^^^^^^^ storage.type.pgsql
--                             ^^^^^^^ storage.type.pgsql
--                                            ^^^^^^^^^^^^^^^^ storage.type.pgsql
--                                                                ^^^^^^^^^^^^^^^^^^^^^^^^ storage.type.pgsql
--                                                                                            ^^^^^ storage.type.pgsql
--                                                                                                     ^^^^ storage.type.pgsql
  SELECT '1'::int4, '2'::bigint, now()::time without time zone, 'a'::character varying;
--            ^^^^ storage.type.pgsql
--                       ^^^^^^ storage.type.pgsql
--                                      ^^^^^^^^^^^^^^^^^^^^^^ storage.type.pgsql
--                                                                   ^^^^^^^^^^^^^^^^^ storage.type.pgsql

-- a declared column is not a keyword even when its name is one (name, value)
  CREATE TABLE customers (
    name text NOT NULL,
--  ^^^^ variable.other.declaration.pgsql
--       ^^^^ storage.type.pgsql
    value numeric(12,2)
--  ^^^^^ variable.other.declaration.pgsql
--        ^^^^^^^ storage.type.pgsql
  );

-- function calls, schema-qualified and keyword-named ones
  SELECT count(*), pg_catalog.now(), coalesce(a, 0), left(name, 3), my_func ( 1 );
--       ^^^^^ entity.name.function.pgsql
--            ^ meta.function-call.pgsql punctuation.section.arguments.begin.pgsql
--                            ^^^ entity.name.function.pgsql
--                                   ^^^^^^^^ entity.name.function.pgsql
--                                                   ^^^^ entity.name.function.pgsql
--                                                                  ^^^^^^^ entity.name.function.pgsql
--                                                                            ^ meta.function-call.pgsql constant.numeric.decimal.pgsql
-- … but keywords that open a list are not calls
  SELECT x IN (1, 2), EXISTS (SELECT 1), ROW (1, 2) FROM t;
--         ^^ keyword.other.reserved.pgsql
--                    ^^^^^^ keyword.other.unreserved.pgsql
--                                       ^^^ keyword.other.unreserved.pgsql
--            ^^ - meta.function-call.pgsql

-- the name after CREATE TABLE / INSERT INTO / REFERENCES / CREATE FUNCTION is not a call
  INSERT INTO public.orders (orderid) VALUES (1);
--            ^^^^^^^^^^^^^ entity.name.type.table.pgsql
  CREATE FUNCTION shop.total(o integer) RETURNS numeric LANGUAGE sql AS 'select 1';
--       ^^^^^^^^ keyword.other.unreserved.pgsql
--                ^^^^^^^^^^ entity.name.function.pgsql
--                          ^^ - meta.function-call.pgsql
  CREATE INDEX ON orders (customerid);
--                ^^^^^^ entity.name.type.table.pgsql

-- a.b: neither part is a keyword
  SELECT c.name, o.type, public.t.value FROM t;
--       ^ variable.other.qualifier.pgsql
--        ^ punctuation.separator.period.pgsql
--         ^^^^ variable.other.member.pgsql
--                 ^^^^ variable.other.member.pgsql
--                       ^^^^^^ variable.other.qualifier.pgsql
--                                ^^^^^ variable.other.member.pgsql
