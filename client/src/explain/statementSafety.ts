/**
 * Decides how a statement may be explained, from PostgreSQL's own parse tree (libpg-query):
 * refused (not explainable, or cannot run inside a transaction block), a write (the user is
 * asked before EXPLAIN ANALYZE executes it), or a read (run in a READ ONLY transaction, so a
 * function that writes fails instead of changing anything). `sql` is the statement's text cut
 * at the parse tree's bounds (statementBody.ts) and `calls` what it calls (sideEffects.ts).
 * No vscode here.
 */
import { statementBody, StatementBodyError, type Node } from './statementBody';
import { statementCalls, type StatementCalls } from './sideEffects';

interface Runnable {
  /** The statement to put after pgsight's EXPLAIN options: the parse tree's text, never a user's EXPLAIN. */
  sql: string;
  /** UTF-16 index of `sql` in the classified text (to map PostgreSQL's error positions back). */
  offset: number;
  calls: StatementCalls;
}

export type StatementSafety =
  | ({ kind: 'read' } & Runnable)
  | ({ kind: 'write'; reason: string } & Runnable)
  | { kind: 'refused'; reason: string; sqlstate: string; position?: number };

/** Statements EXPLAIN accepts (PostgreSQL's ExplainableStmt). */
const explainable = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'ExecuteStmt', 'DeclareCursorStmt', 'CreateTableAsStmt']);

const commandNames: Record<string, string> = {
  VacuumStmt: 'VACUUM',
  CreatedbStmt: 'CREATE DATABASE',
  DropdbStmt: 'DROP DATABASE',
  CreateTableSpaceStmt: 'CREATE TABLESPACE',
  DropTableSpaceStmt: 'DROP TABLESPACE',
  AlterSystemStmt: 'ALTER SYSTEM',
  IndexStmt: 'CREATE INDEX CONCURRENTLY',
  DropStmt: 'DROP INDEX CONCURRENTLY',
  ReindexStmt: 'REINDEX CONCURRENTLY',
  AlterTableStmt: 'ALTER TABLE … DETACH PARTITION … CONCURRENTLY',
  TransactionStmt: 'Transaction control',
  CallStmt: 'CALL',
  CopyStmt: 'COPY',
};

/** Commands PostgreSQL refuses inside a transaction block (PreventInTransactionBlock callers). */
function noTransactionCommand(type: string, stmt: Node): string | undefined {
  const concurrently = (params: unknown) => Array.isArray(params) && params.some((p) => (p as Node).DefElem && ((p as Node).DefElem as Node).defname === 'concurrently');
  switch (type) {
    case 'VacuumStmt':
      return stmt.is_vacuumcmd === true ? 'VACUUM' : undefined;
    case 'CreatedbStmt':
    case 'DropdbStmt':
    case 'CreateTableSpaceStmt':
    case 'DropTableSpaceStmt':
    case 'AlterSystemStmt':
      return commandNames[type];
    case 'IndexStmt':
      return stmt.concurrent === true ? 'CREATE INDEX CONCURRENTLY' : undefined;
    case 'DropStmt':
      return stmt.concurrent === true ? 'DROP INDEX CONCURRENTLY' : undefined;
    case 'ReindexStmt':
      return concurrently(stmt.params) || stmt.kind === 'REINDEX_OBJECT_DATABASE' || stmt.kind === 'REINDEX_OBJECT_SYSTEM' ? 'REINDEX' + (concurrently(stmt.params) ? ' CONCURRENTLY' : ' DATABASE/SYSTEM') : undefined;
    case 'AlterTableStmt':
      return JSON.stringify(stmt).includes('"AT_DetachPartition"') && JSON.stringify(stmt).includes('"concurrent":true') ? commandNames[type] : undefined;
    case 'ClusterStmt':
      return stmt.relation === undefined ? 'CLUSTER without a table' : undefined;
    case 'CreateSubscriptionStmt':
    case 'DropSubscriptionStmt':
      return type === 'CreateSubscriptionStmt' ? 'CREATE SUBSCRIPTION' : 'DROP SUBSCRIPTION';
    case 'TransactionStmt':
      return 'Transaction control (BEGIN, COMMIT, ROLLBACK…)';
    default:
      return undefined;
  }
}

/** Finds a writable CTE or row lock anywhere in the tree (also inside subqueries). */
function findWrite(node: unknown): string | undefined {
  if (Array.isArray(node)) {
    for (const n of node) {
      const w = findWrite(n);
      if (w) {
        return w;
      }
    }
    return undefined;
  }
  if (!node || typeof node !== 'object') {
    return undefined;
  }
  const o = node as Node;
  if (o.CommonTableExpr) {
    const q = (o.CommonTableExpr as Node).ctequery as Node | undefined;
    const kind = q && Object.keys(q)[0];
    if (kind === 'InsertStmt' || kind === 'UpdateStmt' || kind === 'DeleteStmt' || kind === 'MergeStmt') {
      return `its WITH clause runs ${kind.replace('Stmt', '').toUpperCase()}, which changes data`;
    }
  }
  if (Array.isArray(o.lockingClause) && o.lockingClause.length > 0) {
    const strength = String(((o.lockingClause[0] as Node).LockingClause as Node).strength ?? '');
    const label = { LCS_FORKEYSHARE: 'FOR KEY SHARE', LCS_FORSHARE: 'FOR SHARE', LCS_FORNOKEYUPDATE: 'FOR NO KEY UPDATE', LCS_FORUPDATE: 'FOR UPDATE' }[strength] ?? 'FOR UPDATE';
    return `SELECT … ${label} locks the rows it reads`;
  }
  for (const v of Object.values(o)) {
    const w = findWrite(v);
    if (w) {
      return w;
    }
  }
  return undefined;
}

/** Classifies one statement. `sql` is the statement text (a trailing semicolon is allowed). */
export async function classifyStatement(sql: string): Promise<StatementSafety> {
  let body;
  try {
    body = await statementBody(sql);
  } catch (err) {
    if (err instanceof StatementBodyError) {
      return { kind: 'refused', reason: err.message, sqlstate: err.sqlstate, position: err.position };
    }
    throw err;
  }
  const { type, stmt } = body;
  const run: Runnable = { sql: body.text, offset: body.offset, calls: statementCalls({ [type]: stmt }) };
  const noTx = noTransactionCommand(type, stmt);
  if (noTx) {
    return {
      kind: 'refused',
      sqlstate: '25001',
      reason: `${noTx} cannot run inside a transaction block, and pgsight always explains inside BEGIN … ROLLBACK so that nothing is left changed. Run it yourself outside a transaction.`,
    };
  }
  if (!explainable.has(type)) {
    const name = type === 'VacuumStmt' ? 'ANALYZE' : (commandNames[type] ?? type.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase());
    return {
      kind: 'refused',
      sqlstate: '42601',
      reason: `EXPLAIN cannot show a plan for ${name}: PostgreSQL explains SELECT, INSERT, UPDATE, DELETE, MERGE, VALUES, EXECUTE, DECLARE and CREATE TABLE AS / CREATE MATERIALIZED VIEW.`,
    };
  }
  switch (type) {
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'MergeStmt':
      return { kind: 'write', ...run, reason: `${type.replace('Stmt', '').toUpperCase()} changes data` };
    case 'CreateTableAsStmt':
      return { kind: 'write', ...run, reason: stmt.objtype === 'OBJECT_MATVIEW' ? 'CREATE MATERIALIZED VIEW creates and fills a materialized view' : 'CREATE TABLE AS creates and fills a table' };
    case 'ExecuteStmt':
      return { kind: 'write', ...run, reason: 'EXECUTE runs a prepared statement pgsight cannot see, which may change data' };
  }
  if (type === 'SelectStmt' && stmt.intoClause) {
    return { kind: 'write', ...run, reason: 'SELECT … INTO creates and fills a table' };
  }
  const write = findWrite(stmt);
  return write ? { kind: 'write', ...run, reason: write } : { kind: 'read', ...run };
}
