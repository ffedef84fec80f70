-- 6. Run SQL and see the results.
--
-- Ctrl+Enter (Cmd+Enter on macOS), or "Run" above a statement, runs the statement at the
-- cursor (or the selection) on this editor's own session: autocommit, as in psql. "PostgreSQL:
-- Run File" runs the whole file as `psql -v ON_ERROR_STOP=1 -f` would: \set variables are
-- substituted, \c switches the database, and the first error stops the script.

-- Values exactly as PostgreSQL prints them: NULL apart from the empty string, numeric never
-- rounded, timestamptz in the session's zone, bytea as \x…, jsonb, arrays.
SELECT 1.10::numeric AS price, NULL::text AS nothing, '' AS empty, now() AS at,
       '\x00ff'::bytea AS bytes, '{"a": [1, 2]}'::jsonb AS doc, ARRAY[1, NULL, 3] AS arr;

-- A million rows: read page by page from a server-side cursor as you scroll.
SELECT g AS id, md5(g::text) AS hash, g * 0.01 AS amount
FROM generate_series(1, 1000000) AS g;

-- Command tags and notices as PostgreSQL sends them.
CREATE TEMP TABLE run_demo (id int PRIMARY KEY, note text);
INSERT INTO run_demo SELECT g, 'note ' || g FROM generate_series(1, 3) AS g;
UPDATE run_demo SET note = upper(note) WHERE id > 1;
DROP TABLE IF EXISTS no_such_table;

-- BEGIN leaves the transaction open (the status bar says so); Commit or Rollback end it.
BEGIN;
DELETE FROM run_demo WHERE id = 1;
ROLLBACK;

-- psql variables (Run File; Run Statement sees them once Run File has set them in this
-- editor's session): :'var' is substituted as a quoted literal, :var as it is.
\set since '2024-01-01'
\set days 3
SELECT :'since'::date + :days AS three_days_later;

-- An error: SQLSTATE, message, hint, and a diagnostic where PostgreSQL points.
SELECT nte FROM run_demo;
