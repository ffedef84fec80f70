-- SYNTAX TEST "source.pgsql" "string constants: standard, E'', U&'', B'', X'', N''"

-- standard-conforming strings: '' is a quote, a backslash is just a character
  SELECT 'it''s', 'C:\dir\', 'still a string after the backslash';
--       ^ string.quoted.single.pgsql punctuation.definition.string.begin.pgsql
--          ^^ string.quoted.single.pgsql constant.character.escape.quote.pgsql
--                 ^^^^^^^ string.quoted.single.pgsql
--                   ^^ - constant.character.escape.pgsql
--                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.single.pgsql

-- a string may span lines
  SELECT 'first line
second line';
-- <----------- string.quoted.single.pgsql

-- E'': backslash escapes, and \' does not end the string
  SELECT E'tab\there\nnew \'quoted\' \\ \101 \x41 \u00e9 \U0001F600 '' end';
--       ^ string.quoted.single.escape.pgsql storage.type.string.pgsql
--            ^^ string.quoted.single.escape.pgsql constant.character.escape.pgsql
--                  ^^ string.quoted.single.escape.pgsql constant.character.escape.pgsql
--                        ^^ string.quoted.single.escape.pgsql constant.character.escape.pgsql
--                                   ^^ string.quoted.single.escape.pgsql constant.character.escape.pgsql
--                                      ^^^^ string.quoted.single.escape.pgsql constant.character.escape.pgsql
--                                           ^^^^ string.quoted.single.escape.pgsql constant.character.escape.pgsql
--                                                ^^^^^^ string.quoted.single.escape.pgsql constant.character.escape.pgsql
--                                                       ^^^^^^^^^^ string.quoted.single.escape.pgsql constant.character.escape.pgsql
--                                                                  ^^ string.quoted.single.escape.pgsql constant.character.escape.quote.pgsql
--                                                                     ^^^ string.quoted.single.escape.pgsql
  SELECT e'lower-case prefix\n';
--       ^ string.quoted.single.escape.pgsql storage.type.string.pgsql
-- a name ending in e is not a prefix
  SELECT name'x';
--       ^^^^^^ - string.quoted.single.escape.pgsql

-- U&'': \XXXX and \+XXXXXX escapes; any other backslash is an error in PostgreSQL
  SELECT U&'d\0061t\+000061 \\ \zz';
--       ^^ string.quoted.single.unicode.pgsql storage.type.string.pgsql
--           ^^^^^ string.quoted.single.unicode.pgsql constant.character.escape.unicode.pgsql
--                 ^^^^^^^^ string.quoted.single.unicode.pgsql constant.character.escape.unicode.pgsql
--                          ^^ string.quoted.single.unicode.pgsql constant.character.escape.unicode.pgsql
--                             ^ string.quoted.single.unicode.pgsql invalid.illegal.escape.pgsql
  SELECT u&'lower-case';
--       ^^ string.quoted.single.unicode.pgsql storage.type.string.pgsql

-- B'' bit strings and X'' hexadecimal bit strings, with bad digits marked
  SELECT B'1010', b'102', X'1F', x'GG';
--       ^ string.quoted.single.bit.pgsql storage.type.string.pgsql
--         ^^^^ string.quoted.single.bit.pgsql constant.numeric.binary.pgsql
--                    ^ string.quoted.single.bit.pgsql invalid.illegal.bit.pgsql
--                        ^ string.quoted.single.hex.pgsql storage.type.string.pgsql
--                          ^^ string.quoted.single.hex.pgsql constant.numeric.hex.pgsql
--                                 ^^ string.quoted.single.hex.pgsql invalid.illegal.hex.pgsql

-- N'' national character strings
  SELECT N'national';
--       ^ string.quoted.single.pgsql storage.type.string.pgsql
--         ^^^^^^^^ string.quoted.single.pgsql

-- nothing inside a string is a keyword, a comment or a parameter
  SELECT 'select -- not a comment /* nor this */ $1 :var';
--        ^^^^^^ - keyword.other.reserved.pgsql
--               ^^ - comment.line.double-dash.pgsql
--                                ^^ - comment.block.pgsql
--                                               ^^ - variable.parameter.positional.pgsql
--                                                  ^^^^ - variable.other.psql.pgsql
