/**
 * Whether Run would write, for connections marked "confirm writes": the EXPLAIN classifier
 * (explain/statementSafety.ts) decides for the statements it knows (SELECT with a writable WITH
 * or a row lock, INSERT, UPDATE, DELETE, MERGE, CREATE TABLE AS, EXECUTE); statements that only
 * read or set session state are listed here; anything else (DDL, COPY, CALL, VACUUM, GRANT…)
 * counts as a write. No vscode here.
 */
import { classifyStatement } from '../explain/statementSafety';
import type { Node } from '../explain/statementBody';

/** Statements that change no data or schema (session state and transaction control aside). */
const nonWriting = new Set([
  'VariableShowStmt',
  'VariableSetStmt',
  'TransactionStmt',
  'FetchStmt',
  'ClosePortalStmt',
  'DeclareCursorStmt',
  'PrepareStmt',
  'DeallocateStmt',
  'DiscardStmt',
  'ListenStmt',
  'UnlistenStmt',
  'CheckPointStmt',
  'LoadStmt',
]);

/** Why the statement writes, or undefined when it does not. `sql` is the statement cut at its parse-tree bounds. */
export async function writeReason(sql: string, type: string, stmt: Node): Promise<string | undefined> {
  if (type === 'SelectStmt' || type === 'ExplainStmt' || type === 'ExecuteStmt' || type === 'DeclareCursorStmt') {
    if (type === 'ExplainStmt' && !JSON.stringify(stmt.options ?? []).includes('"analyze"')) {
      return undefined; // a plain EXPLAIN only plans
    }
    const safety = await classifyStatement(sql);
    if (safety.kind === 'write') {
      return safety.reason;
    }
    return type === 'ExplainStmt' && safety.kind === 'refused' ? 'EXPLAIN ANALYZE executes the statement' : undefined;
  }
  if (nonWriting.has(type)) {
    return undefined;
  }
  if (['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'CreateTableAsStmt'].includes(type)) {
    const safety = await classifyStatement(sql);
    return safety.kind === 'write' ? safety.reason : `${type.replace(/Stmt$/, '').toUpperCase()} changes data`;
  }
  const name = type.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
  return `${name} changes the database (schema, data, settings or privileges)`;
}
