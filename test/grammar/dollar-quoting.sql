-- SYNTAX TEST "source.pgsql" "dollar quoting, and function bodies highlighted as SQL / PL/pgSQL"

-- a dollar-quoted constant: nothing inside is special
  SELECT $$it's a 'string' -- with no comment$$, $tag$ $$ is fine here $tag$;
--       ^^ string.quoted.dollar.pgsql punctuation.definition.string.begin.pgsql
--         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.dollar.pgsql
--                         ^^ - comment.line.double-dash.pgsql
--                                               ^^^^^ string.quoted.dollar.pgsql punctuation.definition.string.begin.pgsql
--                                                     ^^^^^^^^^^^^^^^ string.quoted.dollar.pgsql
--                                                                     ^^^^^ string.quoted.dollar.pgsql punctuation.definition.string.end.pgsql
-- the closing tag must match exactly, case included
  SELECT $a$ $A$ $b$ still inside $a$;
--           ^^^^^^^^^^^^^^^^^^^^ string.quoted.dollar.pgsql
-- $1 is a parameter and a$b$ an identifier, not dollar quotes
  SELECT $1, a$b$ FROM t;
--       ^^ variable.parameter.positional.pgsql
--            ^^^ - string.quoted.dollar.pgsql

-- a body after AS is highlighted as SQL
  CREATE FUNCTION add(a integer, b integer) RETURNS integer LANGUAGE sql AS $$ SELECT a + b $$;
--                                                                       ^^ keyword.other.reserved.pgsql
--                                                                          ^^ string.quoted.dollar.delimiter.pgsql punctuation.definition.string.begin.pgsql
--                                                                             ^^^^^^ meta.embedded.block.pgsql keyword.other.reserved.pgsql
--                                                                                      ^ meta.embedded.block.pgsql keyword.operator.pgsql
--                                                                                          ^^ punctuation.definition.string.end.pgsql
--                                                                                            ^ punctuation.terminator.statement.pgsql

-- a PL/pgSQL body with a named tag, nested dollar quotes and PL/pgSQL keywords
  CREATE OR REPLACE FUNCTION shop.touch() RETURNS trigger LANGUAGE plpgsql AS $body$
--                                                ^^^^^^^ storage.type.pgsql
--                                                                            ^^^^^^ punctuation.definition.string.begin.pgsql
  DECLARE
--^^^^^^^ meta.embedded.block.pgsql keyword.control.plpgsql.pgsql
    n orders.orderid%TYPE := 0;
--                  ^^^^^ meta.embedded.block.pgsql storage.modifier.plpgsql.pgsql
--                        ^^ meta.embedded.block.pgsql keyword.operator.assignment.pgsql
  BEGIN
--^^^^^ meta.embedded.block.pgsql keyword.control.plpgsql.pgsql
    IF NEW.total > 0 THEN
--  ^^ meta.embedded.block.pgsql keyword.control.plpgsql.pgsql
--                   ^^^^ meta.embedded.block.pgsql keyword.control.plpgsql.pgsql
      RAISE NOTICE 'total % for %', NEW.total, $$quoted$$;
--    ^^^^^ meta.embedded.block.pgsql keyword.control.plpgsql.pgsql
--          ^^^^^^ meta.embedded.block.pgsql keyword.control.plpgsql.pgsql
--                 ^^^^^^^^^^^^^^^ meta.embedded.block.pgsql string.quoted.single.pgsql
--                                             ^^^^^^^^^^ meta.embedded.block.pgsql string.quoted.dollar.pgsql
    ELSIF NEW.total IS NULL THEN
--  ^^^^^ meta.embedded.block.pgsql keyword.control.plpgsql.pgsql
      PERFORM pg_notify('orders', 'x');
--    ^^^^^^^ meta.embedded.block.pgsql keyword.control.plpgsql.pgsql
--            ^^^^^^^^^ meta.embedded.block.pgsql meta.function-call.pgsql entity.name.function.pgsql
    END IF;
--  ^^^ meta.embedded.block.pgsql keyword.control.plpgsql.pgsql
    FOREACH n IN ARRAY ARRAY[1, 2] LOOP EXIT; END LOOP;
--  ^^^^^^^ meta.embedded.block.pgsql keyword.control.plpgsql.pgsql
--                                 ^^^^ meta.embedded.block.pgsql keyword.control.plpgsql.pgsql
--                                      ^^^^ meta.embedded.block.pgsql keyword.control.plpgsql.pgsql
    RETURN NEW; -- a comment in the body
--  ^^^^^^ meta.embedded.block.pgsql keyword.control.plpgsql.pgsql
--              ^^ meta.embedded.block.pgsql comment.line.double-dash.pgsql punctuation.definition.comment.pgsql
  END
  $body$;
--^^^^^^ punctuation.definition.string.end.pgsql
--^^^^^^ - meta.embedded.block.pgsql
  SELECT 1;
--^^^^^^ keyword.other.reserved.pgsql
--^^^^^^ - meta.embedded.block.pgsql

-- DO blocks, and a body whose delimiter ends the line after AS on the line before
  DO $$ BEGIN PERFORM 1; END $$;
--^^ keyword.other.reserved.pgsql
--            ^^^^^^^ meta.embedded.block.pgsql keyword.control.plpgsql.pgsql
  CREATE PROCEDURE p() LANGUAGE plpgsql AS
  $proc$
  BEGIN COMMIT; END
--^^^^^ meta.embedded.block.pgsql keyword.control.plpgsql.pgsql
--      ^^^^^^ meta.embedded.block.pgsql keyword.other.unreserved.pgsql
  $proc$;
--^^^^^^ punctuation.definition.string.end.pgsql

-- psql does not interpolate :variables inside a body: a[1:n] is a slice there
  CREATE FUNCTION head(a int[], n int) RETURNS int[] LANGUAGE sql AS $$ SELECT a[1:n] $$;
--                                                                                ^^ - variable.other.psql.pgsql
--                                                                                ^ meta.embedded.block.pgsql punctuation.separator.slice.pgsql
