-- SYNTAX TEST "source.pgsql" "COPY ... FROM stdin data blocks up to \."

COPY public.orders (orderid, customerid, note) FROM stdin;
-- <---- keyword.other.unreserved.pgsql
--   ^^^^^^^^^^^^^ entity.name.type.table.pgsql
--                                             ^^^^ keyword.other.reserved.pgsql
--                                                  ^^^^^ keyword.other.unreserved.pgsql
--                                                       ^ punctuation.terminator.statement.pgsql
1	10	first order; select not a keyword
-- <- string.unquoted.copy-data.pgsql
--   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.unquoted.copy-data.pgsql
--                ^^^^^^ - keyword.other.reserved.pgsql
--              ^ - punctuation.terminator.statement.pgsql
2	\N	tab\there -- not a comment 'nor a string
--^^ string.unquoted.copy-data.pgsql constant.language.null.pgsql
--      ^^ string.unquoted.copy-data.pgsql constant.character.escape.pgsql
--             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.unquoted.copy-data.pgsql
--             ^^ - comment.line.double-dash.pgsql
\.
-- <-- punctuation.definition.copy-data.end.pgsql
-- <-- - string.unquoted.copy-data.pgsql
SELECT 1;
-- <------ keyword.other.reserved.pgsql
-- <------ - string.unquoted.copy-data.pgsql

-- with options after stdin, and a trailing comment
copy t from STDIN with (format csv); -- csv data
-- <---- keyword.other.unreserved.pgsql
--                                      ^^^ comment.line.double-dash.pgsql
"a,b",2
-- <------- string.unquoted.copy-data.pgsql
-- <------- - variable.other.quoted.pgsql
\.
SELECT 2;
-- <------ keyword.other.reserved.pgsql

-- COPY ... TO stdout has no data block
COPY t TO stdout;
SELECT 3;
-- <------ keyword.other.reserved.pgsql

-- psql's \copy ... from stdin also reads its data from the script
\copy t (a) from stdin
-- <----- keyword.control.psql.pgsql
--          ^^^^ keyword.other.reserved.pgsql
x
-- <- string.unquoted.copy-data.pgsql
\.
SELECT 4;
-- <------ keyword.other.reserved.pgsql
