-- SYNTAX TEST "source.pgsql" "psql meta-commands and variables"

\c shop
-- <-- meta.psql-command.pgsql keyword.control.psql.pgsql
-- ^^^^ meta.psql-command.pgsql
\d+ orders
-- <--- meta.psql-command.pgsql keyword.control.psql.pgsql
--  ^^^^^^ - keyword.other.reserved.pgsql
\set lim 10
-- <---- meta.psql-command.pgsql keyword.control.psql.pgsql
--   ^^^ meta.psql-command.pgsql variable.other.psql.pgsql
\i 'setup file.sql'
-- <-- meta.psql-command.pgsql keyword.control.psql.pgsql
-- ^^^^^^^^^^^^^^^^ meta.psql-command.pgsql string.quoted.single.psql.pgsql
\echo :lim `date` "quoted"
--    ^^^^ meta.psql-command.pgsql variable.other.psql.pgsql
--          ^^^^ meta.psql-command.pgsql string.interpolated.backtick.psql.pgsql
--                ^^^^^^^^ meta.psql-command.pgsql string.quoted.double.psql.pgsql
  \timing on
--^^^^^^^ meta.psql-command.pgsql keyword.control.psql.pgsql
\?
-- <-- meta.psql-command.pgsql keyword.control.psql.pgsql
-- a meta-command ends the line's SQL: \gset, \gx after a query
  SELECT count(*) AS n FROM orders \gset
--^^^^^^ keyword.other.reserved.pgsql
--                                 ^^^^^ meta.psql-command.pgsql keyword.control.psql.pgsql
  SELECT 1 \gx
--         ^^^ meta.psql-command.pgsql keyword.control.psql.pgsql
-- the next line is SQL again
  SELECT 2;
--^^^^^^ keyword.other.reserved.pgsql
--^^^^^^ - meta.psql-command.pgsql

-- psql variables in SQL: :name, :'name' as a literal, :"name" as an identifier
  SELECT * FROM :"tab" WHERE id = :id AND name = :'who' LIMIT :lim;
--              ^^^^^^ variable.other.psql.identifier.pgsql
--              ^ variable.other.psql.identifier.pgsql punctuation.definition.variable.pgsql
--                                ^^^ variable.other.psql.pgsql
--                                               ^^^^^^ variable.other.psql.literal.pgsql
--                                                ^^^^^ - string.quoted.single.pgsql
--                                                            ^^^^ variable.other.psql.pgsql
-- :: is a cast and := an assignment, not variables; slices are not variables either
  SELECT x::int, a[1:2];
--        ^^ keyword.operator.cast.pgsql
--         ^^^^ - variable.other.psql.pgsql
--                  ^^ - variable.other.psql.pgsql
-- a backslash inside a string is not a meta-command
  SELECT E'\d', '\c';
--         ^^ - meta.psql-command.pgsql
--               ^^ - meta.psql-command.pgsql
