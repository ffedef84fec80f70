-- SYNTAX TEST "source.pgsql" "numbers, operators, casts, parameters, quoted identifiers"

  SELECT 42, 3.5, .5, 5., 1e10, 1.5E-3, 0x1F, 0o17, 0b101, 1_000_000;
--       ^^ constant.numeric.decimal.pgsql
--           ^^^ constant.numeric.decimal.pgsql
--            ^^ constant.numeric.decimal.pgsql
--                    ^^ constant.numeric.decimal.pgsql
--                        ^^^^ constant.numeric.decimal.pgsql
--                              ^^^^^^ constant.numeric.decimal.pgsql
--                                      ^^^^ constant.numeric.hex.pgsql
--                                            ^^^^ constant.numeric.octal.pgsql
--                                                  ^^^^^ constant.numeric.binary.pgsql
--                                                         ^^^^^^^^^ constant.numeric.decimal.pgsql
-- digits inside names are not numbers
  SELECT t1.c2, x1 FROM t1;
--        ^ - constant.numeric.decimal.pgsql
--           ^ - constant.numeric.decimal.pgsql

-- operators, including PostgreSQL's multi-character ones
  SELECT a + b * c, j->>'k', j #> '{a}', arr @> ARRAY[1], x <> y, x != y, t ~* 'p', a || b;
--         ^ keyword.operator.pgsql
--             ^ keyword.operator.pgsql
--                   ^^^ keyword.operator.pgsql
--                             ^^ keyword.operator.pgsql
--                                           ^^ keyword.operator.pgsql
--                                                          ^^ keyword.operator.pgsql
--                                                                  ^^ keyword.operator.pgsql
--                                                                          ^^ keyword.operator.pgsql
--                                                                                    ^^ keyword.operator.pgsql
-- an operator stops where a comment starts
  SELECT 1 +-- comment
--         ^ keyword.operator.pgsql
--          ^^ comment.line.double-dash.pgsql punctuation.definition.comment.pgsql

-- :: casts: whatever follows is a type, also user-defined, quoted and array types
  SELECT x::text, y :: my_type, z::"My Type", w::shop.money_t, v::int[];
--        ^^ keyword.operator.cast.pgsql
--          ^^^^ storage.type.pgsql
--                     ^^^^^^^ storage.type.pgsql
--                                 ^^^^^^^^^ storage.type.pgsql
--                                               ^^^^^^^^^^^^ storage.type.pgsql
--                                                                ^^^ storage.type.pgsql
--                                                                   ^^ punctuation.section.brackets.pgsql

-- positional parameters
  SELECT * FROM orders WHERE orderid = $1 AND customerid = $12;
--                                     ^^ variable.parameter.positional.pgsql
--                                                         ^^^ variable.parameter.positional.pgsql

-- quoted identifiers keep case and may contain "" and keywords
  SELECT "Order Id", "select", "a""b", U&"d\0061t" FROM "Orders";
--       ^^^^^^^^^^ variable.other.quoted.pgsql
--                   ^^^^^^^^ variable.other.quoted.pgsql
--                    ^^^^^^ - keyword.other.reserved.pgsql
--                               ^^ variable.other.quoted.pgsql constant.character.escape.quote.pgsql
--                                     ^^ variable.other.quoted.pgsql storage.type.string.pgsql
--                                                      ^^^^^^^^ variable.other.quoted.pgsql

-- punctuation
  SELECT a, b FROM t;
--        ^ punctuation.separator.comma.pgsql
--                  ^ punctuation.terminator.statement.pgsql
