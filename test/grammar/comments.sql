-- SYNTAX TEST "source.pgsql" "comments: -- to end of line and nested /* */"

  SELECT 1; -- a line comment with 'quotes' and select
--          ^^ comment.line.double-dash.pgsql punctuation.definition.comment.pgsql
--                                 ^^^^^^^^ comment.line.double-dash.pgsql
--                                 ^^^^^^^^ - string.quoted.single.pgsql
--                                              ^^^^^^ - keyword.other.reserved.pgsql
  SELECT 2;
--^^^^^^ keyword.other.reserved.pgsql

-- block comments nest in PostgreSQL: the first */ closes only the inner comment
  /* outer /* inner */ still outer */ SELECT 3;
--^^ comment.block.pgsql punctuation.definition.comment.pgsql
--         ^^^^^^^^^^^ comment.block.pgsql comment.block.pgsql
--                     ^^^^^^^^^^^ comment.block.pgsql
--                     ^^^^^^^^^^^ - keyword.other.reserved.pgsql
--                                    ^^^^^^ keyword.other.reserved.pgsql

-- and span lines
  /* one
     /* two
     */ still a comment: select
--      ^^^^^^^^^^^^^^^^^^^^^^^ comment.block.pgsql
--                       ^^^^^^ - keyword.other.reserved.pgsql
  */ SELECT 4;
--   ^^^^^^ keyword.other.reserved.pgsql
--   ^^^^^^ - comment.block.pgsql

-- -- inside a string or a quoted identifier is not a comment
  SELECT '--', "--" FROM t;
--        ^^ - comment.line.double-dash.pgsql
--              ^^ - comment.line.double-dash.pgsql
--                  ^^^^ keyword.other.reserved.pgsql
