/**
 * Which statements of a document the server-side check may send, and their exact text.
 *
 * Sent: plannable statements only (SELECT, VALUES, TABLE, INSERT, UPDATE, DELETE, MERGE, and
 * WITH over them: what a Parse message analyses; SELECT … INTO is a utility and is not), that
 * the offline binder found clean, cut from the statement at libpg-query's
 * stmt_location/stmt_len, with no psql variable in them, before any `\connect`.
 *
 * Not sent, because the server would not see what the document sees:
 * - a statement that names a relation, function, type or operator that a statement before it
 *   in the document creates, alters, renames or drops (the document DDL overlay's objects);
 * - everything after a statement whose effects cannot be known from here: DO, CALL, EXECUTE,
 *   SET / RESET (search_path, DateStyle … change how the server reads the text), CREATE CAST /
 *   EXTENSION / OPERATOR CLASS, and a statement that calls a function the document created
 *   (it may create anything) or `set_config`.
 */
import type { RawStmt } from 'libpg-query';
import type { ParsedDocument } from '../parser';
import type { Problem } from '../analysis/problems';

export interface CheckCandidate {
  /** exactly one statement, as PostgreSQL will receive it */
  text: string;
  /** document (UTF-16) offset of `text`'s first character */
  start: number;
  /** document offsets of the statement's first token, for an error PostgreSQL gives no cursor */
  firstToken: { start: number; end: number };
}

const plannable = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/** Statements after which nothing more is sent. */
const unknownEffects = new Set([
  'DoStmt',
  'CallStmt',
  'ExecuteStmt',
  'VariableSetStmt',
  'CreateCastStmt',
  'CreateExtensionStmt',
  'AlterExtensionStmt',
  'AlterExtensionContentsStmt',
  'CreateOpClassStmt',
  'CreateOpFamilyStmt',
  'AlterOpFamilyStmt',
  'CreateConversionStmt',
  'CreateTransformStmt',
  'AlterDatabaseSetStmt',
  'AlterRoleSetStmt',
  'AlterSystemStmt',
  'LoadStmt',
  'ImportForeignSchemaStmt',
  'DiscardStmt',
]);

/** Subtrees of DDL whose names are not the objects it creates (column types, expressions, options). */
const notObjectNames = new Set([
  'ColumnDef',
  'FunctionParameter',
  'returnType',
  'options',
  'Constraint',
  'A_Expr',
  'FuncCall',
  'SelectStmt',
  'sql_body',
  'TypeCast',
  'whereClause',
  'DefElem',
]);
/** Keys of DDL nodes that hold the names of the objects it creates or changes. */
const objectNameKeys = new Set(['funcname', 'defnames', 'objname', 'domainname', 'typeName', 'objects', 'newname', 'object', 'typevar', 'name']);

function lastString(list: unknown): string | undefined {
  if (!Array.isArray(list)) {
    return undefined;
  }
  const last = list[list.length - 1] as { String?: { sval?: string } } | undefined;
  return last?.String?.sval;
}

/** Names of the objects a DDL statement creates, alters, renames or drops (lower-cased as stored, unqualified). */
function ddlObjectNames(node: unknown, out: Set<string>, underObjectKey = false): void {
  if (node === null || typeof node !== 'object') {
    return;
  }
  if (Array.isArray(node)) {
    for (const n of node) {
      ddlObjectNames(n, out, underObjectKey);
    }
    return;
  }
  // a RangeVar, wrapped as a node or bare (CreateStmt.relation, InsertStmt.relation …)
  const relname = (node as { relname?: unknown }).relname;
  if (typeof relname === 'string') {
    out.add(relname);
    return;
  }
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (notObjectNames.has(key)) {
      continue;
    }
    if (key === 'String' && underObjectKey) {
      const sval = (value as { sval?: string }).sval;
      if (sval !== undefined) {
        out.add(sval);
      }
      continue;
    }
    if (typeof value === 'string' && underObjectKey && (key === 'newname' || key === 'name' || key === 'domainname')) {
      out.add(value);
      continue;
    }
    if (key === 'newname' && typeof value === 'string') {
      out.add(value);
      continue;
    }
    ddlObjectNames(value, out, underObjectKey || objectNameKeys.has(key));
  }
}

/** Relations, functions, types and operators a query names (the last part of each name). */
function queryNames(node: unknown, out: { names: Set<string>; functions: Set<string> }): void {
  if (node === null || typeof node !== 'object') {
    return;
  }
  if (Array.isArray(node)) {
    for (const n of node) {
      queryNames(n, out);
    }
    return;
  }
  const relname = (node as { relname?: unknown }).relname;
  if (typeof relname === 'string') {
    out.names.add(relname);
  }
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const v = value as Record<string, unknown>;
    if (key === 'FuncCall') {
      const name = lastString(v.funcname);
      if (name !== undefined) {
        out.names.add(name);
        out.functions.add(name);
      }
    } else if (key === 'TypeName' || key === 'typeName') {
      // a TypeName, wrapped as a node or bare (TypeCast.typeName, ColumnDef.typeName …)
      const name = lastString(v.names);
      if (name !== undefined) {
        out.names.add(name);
      }
    } else if (key === 'A_Expr') {
      const name = lastString(v.name);
      if (name !== undefined) {
        out.names.add(name);
      }
    }
    queryNames(value, out);
  }
}

function stmtKind(raw: RawStmt): string {
  return Object.keys(raw.stmt ?? {})[0] ?? '';
}

/** Whether a plannable statement is one a Parse message analyses (SELECT … INTO becomes CREATE TABLE AS). */
function analysedByParse(kind: string, stmt: Record<string, unknown>): boolean {
  if (!plannable.has(kind)) {
    return false;
  }
  return !(kind === 'SelectStmt' && stmt.intoClause !== undefined);
}

export function serverCheckCandidates(doc: ParsedDocument, problems: readonly Problem[]): CheckCandidate[] {
  const created = new Set<string>();
  const candidates: CheckCandidate[] = [];
  for (const statement of doc.statements) {
    const stmts = statement.stmts;
    if (statement.span.connection !== 0) {
      break; // after psql's \connect the script talks to another database
    }
    if (!stmts) {
      continue;
    }
    const span = statement.span;
    const clean = !problems.some((p) => p.start < span.end && span.start <= p.end);
    for (const raw of stmts) {
      const kind = stmtKind(raw);
      const node = (raw.stmt as Record<string, Record<string, unknown>> | undefined)?.[kind] ?? {};
      if (unknownEffects.has(kind)) {
        return candidates;
      }
      if (!plannable.has(kind)) {
        ddlObjectNames(raw.stmt, created);
        continue;
      }
      const names = { names: new Set<string>(), functions: new Set<string>() };
      queryNames(raw.stmt, names);
      const usesDocumentObject = [...names.names].some((n) => created.has(n));
      if (names.functions.has('set_config') || [...names.functions].some((f) => created.has(f))) {
        return candidates; // its effects are not known from here
      }
      if (!clean || usesDocumentObject || span.variables.length > 0 || !analysedByParse(kind, node)) {
        continue;
      }
      const startByte = raw.stmt_location ?? 0;
      const endByte = raw.stmt_len ? startByte + raw.stmt_len : undefined;
      const from = statement.offsets.fromByte(startByte);
      const to = endByte === undefined ? span.text.length : statement.offsets.fromByte(endByte);
      // leading comments are counted in stmt_location: start at the first token, as Run and Explain do
      const first = statement.tokens().find((t) => t.start >= from && t.start < to && !t.kind.endsWith('COMMENT'));
      if (!first) {
        continue;
      }
      const text = span.text.slice(first.start, to).trimEnd();
      candidates.push({ text, start: span.start + first.start, firstToken: { start: span.start + first.start, end: span.start + first.end } });
    }
  }
  return candidates;
}
