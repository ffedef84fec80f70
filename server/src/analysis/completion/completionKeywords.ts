/**
 * Keywords completion offers, by the place in a statement where they make sense. Every word
 * here is one of PostgreSQL's own keywords (a unit test checks each against libpg-query's
 * keyword list), so completion never proposes SQL PostgreSQL does not know.
 */

export type KeywordPlace = 'statement' | 'afterRelation' | 'expression' | 'type' | 'tableElement';

/** Phrases, in a sensible default order. A trailing `()` marks the function-like ones. */
// one line per group of related words reads better than one word per line
// prettier-ignore
export const keywordsByPlace: Record<KeywordPlace, readonly string[]> = {
  statement: [
    'SELECT', 'INSERT INTO', 'UPDATE', 'DELETE FROM', 'WITH', 'MERGE INTO', 'VALUES', 'TABLE',
    'CREATE TABLE', 'CREATE VIEW', 'CREATE MATERIALIZED VIEW', 'CREATE INDEX', 'CREATE FUNCTION',
    'CREATE SCHEMA', 'CREATE TYPE', 'CREATE SEQUENCE', 'CREATE EXTENSION', 'CREATE PROCEDURE',
    'CREATE TRIGGER', 'CREATE OR REPLACE', 'ALTER TABLE', 'ALTER INDEX', 'ALTER VIEW', 'DROP TABLE',
    'DROP VIEW', 'DROP INDEX', 'DROP FUNCTION', 'TRUNCATE', 'COMMENT ON', 'GRANT', 'REVOKE',
    'EXPLAIN', 'EXPLAIN ANALYZE', 'ANALYZE', 'VACUUM', 'REFRESH MATERIALIZED VIEW', 'BEGIN', 'COMMIT',
    'ROLLBACK', 'SAVEPOINT', 'COPY', 'CALL', 'DO', 'SET', 'SHOW', 'RESET', 'LOCK TABLE', 'REINDEX',
    'CLUSTER', 'LISTEN', 'NOTIFY', 'PREPARE', 'EXECUTE', 'DEALLOCATE',
  ],
  afterRelation: [
    'WHERE', 'JOIN', 'LEFT JOIN', 'INNER JOIN', 'RIGHT JOIN', 'FULL JOIN', 'CROSS JOIN', 'NATURAL JOIN',
    'ON', 'USING', 'AS', 'GROUP BY', 'HAVING', 'ORDER BY', 'LIMIT', 'OFFSET', 'UNION', 'UNION ALL',
    'EXCEPT', 'INTERSECT', 'WINDOW', 'FOR UPDATE', 'FOR SHARE', 'RETURNING', 'SET', 'TABLESAMPLE',
    'LATERAL', 'FETCH FIRST', 'DEFAULT VALUES', 'OVERRIDING SYSTEM VALUE', 'ON CONFLICT', 'DO NOTHING',
  ],
  expression: [
    'AND', 'OR', 'NOT', 'IN', 'IS NULL', 'IS NOT NULL', 'IS DISTINCT FROM', 'IS NOT DISTINCT FROM',
    'NULL', 'TRUE', 'FALSE', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'BETWEEN', 'LIKE', 'ILIKE',
    'SIMILAR TO', 'EXISTS', 'DISTINCT', 'AS', 'FROM', 'WHERE', 'GROUP BY', 'ORDER BY', 'HAVING',
    'LIMIT', 'OFFSET', 'ASC', 'DESC', 'NULLS FIRST', 'NULLS LAST', 'ANY', 'ALL', 'SOME', 'ARRAY',
    'ROW', 'OVER', 'FILTER', 'PARTITION BY', 'WITHIN GROUP', 'INTERVAL', 'CURRENT_DATE',
    'CURRENT_TIMESTAMP', 'CURRENT_TIME', 'LOCALTIMESTAMP', 'CURRENT_USER', 'SESSION_USER',
    'COALESCE()', 'NULLIF()', 'GREATEST()', 'LEAST()', 'CAST()', 'EXTRACT()', 'SUBSTRING()', 'TRIM()',
    'POSITION()', 'OVERLAY()', 'XMLELEMENT()', 'UNION', 'EXCEPT', 'INTERSECT', 'COLLATE', 'AT TIME ZONE',
  ],
  tableElement: ['CONSTRAINT', 'PRIMARY KEY', 'UNIQUE', 'CHECK', 'FOREIGN KEY', 'EXCLUDE', 'LIKE'],
  // the SQL-standard spellings of types, which are keywords rather than pg_type names
  type: [
    'INTEGER', 'BIGINT', 'SMALLINT', 'BOOLEAN', 'NUMERIC', 'DECIMAL', 'REAL', 'DOUBLE PRECISION',
    'VARCHAR', 'CHARACTER VARYING', 'CHAR', 'CHARACTER', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'TIME',
    'INTERVAL', 'BIT VARYING', 'FLOAT', 'INT',
  ],
};
