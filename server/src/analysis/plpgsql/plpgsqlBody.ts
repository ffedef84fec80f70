/**
 * PL/pgSQL bodies (DO blocks, CREATE FUNCTION / PROCEDURE … LANGUAGE plpgsql), checked as
 * PostgreSQL checks them when they run: every embedded statement and expression is parsed
 * and bound with the variables in scope where it runs (parameters, DECLAREd variables, loop
 * variables, SQLSTATE/SQLERRM in exception handlers, trigger variables, FOUND), a name that is
 * both a column and a variable is 42702 (plpgsql.variable_conflict = error), and the fields read
 * from records whose row type is known are checked. PostgreSQL raises these only when the
 * statement runs, so each carries a DETAIL saying so. EXECUTE strings are not looked into.
 * `v t.c%TYPE` is checked as CREATE FUNCTION checks it.
 */
import type { RawStmt } from 'libpg-query';
import type { ParsedStatement } from '../../parser';
import type { Problem } from '../problems';
import { BindContext, nodeAs, type Binder, type Columns } from '../binder/bindContext';
import type { SchemaView } from '../binder/schemaView';
import { Level } from '../binder/scope';
import { typeOfMissingColumn } from '../checks/undefinedColumn';
import { plpgsqlSyntaxError } from '../checks/syntaxError';
import { syntaxErrorRange } from './plpgsqlSyntax';
import { SqlState } from '../../../../shared/src/diagnosticCodes';
import { declaredBlocks, identifierName, type DeclaredBlock, type Declaration } from './blockDeclarations';
import { BodyText, type SqlMode } from './embeddedSql';
import { PlScope, ScopeVariables, type Variable } from './plpgsqlScope';
import { plpgsqlSource, raisedAtRunTime, type PlpgsqlSource } from './plpgsqlSource';

type Json = Record<string, unknown>;
type Stmt = Record<string, Json>;

const queryKinds = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);
/** statements after which relations may exist that the catalog does not show */
const creating = new Set(['CreateStmt', 'CreateTableAsStmt', 'ViewStmt', 'CreateSeqStmt', 'CreateForeignTableStmt']);
/** statements after which the catalog's columns may no longer be the relations' */
const altering = new Set(['AlterTableStmt', 'RenameStmt', 'DropStmt', 'AlterObjectSchemaStmt']);

/** Problems PostgreSQL raises when the body's statements run (DO: when the block runs). */
export function plpgsqlRunProblems(statement: ParsedStatement, node: unknown, schema: SchemaView, binder: Binder): Problem[] {
  const source = plpgsqlSource(statement, node);
  if (!source || !source.compiled.ok) {
    return [];
  }
  const walker = new BodyWalker(statement, source, schema, binder);
  try {
    walker.function(source.compiled.fn);
  } catch {
    // a compiled-function shape this walker does not know: say nothing rather than guess
    return [];
  }
  return walker.result();
}

/** Whether a statement has a PL/pgSQL body (its run-time checks wait for the document's end). */
export function isPlpgsqlFunction(statement: ParsedStatement, node: unknown): boolean {
  return nodeAs(node, 'CreateFunctionStmt') !== undefined && plpgsqlSource(statement, node) !== null;
}

/**
 * Problems CREATE FUNCTION (or DO, before it runs) itself raises while compiling the body: the
 * PL/pgSQL grammar's syntax error, `%TYPE` of a missing column.
 */
export function plpgsqlCreateProblems(statement: ParsedStatement, node: unknown, schema: SchemaView): Problem[] {
  const source = plpgsqlSource(statement, node);
  if (!source) {
    return [];
  }
  const base = statement.span.start + source.bodyStart;
  if (!source.compiled.ok) {
    const range = syntaxErrorRange(statement.text, source.bodyStart, source.body, source.compiled.message);
    return range ? [plpgsqlSyntaxError(source.compiled.message, { start: base + range.start, end: base + range.end })] : [];
  }
  for (const block of declaredBlocks(source.body)) {
    for (const d of block.declarations) {
      const m = /^(?:("(?:[^"]|"")*"|[^."%\s]+)\s*\.\s*)?("(?:[^"]|"")*"|[^."%\s]+)\s*\.\s*("(?:[^"]|"")*"|[^."%\s]+)\s*%\s*type$/.exec(d.type);
      if (!m || !d.typeRange) {
        continue;
      }
      const lookup = schema.lookupRelation(m[1] === undefined ? undefined : identifierName(m[1]), identifierName(m[2]!));
      const column = identifierName(m[3]!);
      if (lookup.kind === 'found' && !lookup.relation.opaque && !lookup.relation.columns.includes(column) && !lookup.relation.uncertain?.includes(column)) {
        // PostgreSQL stops compiling at the first error
        return [typeOfMissingColumn(lookup.relation.name, column, { start: base + d.typeRange.start, end: base + d.typeRange.end })];
      }
    }
  }
  return [];
}

class BodyWalker {
  private readonly text: BodyText;
  private readonly blocks: DeclaredBlock[];
  private blockIndex = 0;
  /** true when the DECLARE sections could not be matched to the compiled blocks */
  private blind = false;
  private readonly maybe = new Set<string>();
  private readonly when: string;
  /** byte offset in the body before which every expression has been found */
  private cursor = 0;
  private readonly problems: Problem[] = [];
  private dynamic = false;
  private altering = false;
  private datums: Json[] = [];
  private readonly cursorColumns = new Map<string, Columns>();

  constructor(
    statement: ParsedStatement,
    private readonly source: PlpgsqlSource,
    private readonly schema: SchemaView,
    private readonly binder: Binder,
  ) {
    this.text = new BodyText(source.body, statement.span.start + source.bodyStart, statement.span.connection);
    this.blocks = declaredBlocks(source.body);
    this.when = raisedAtRunTime(source.kind);
  }

  function(fn: Json): void {
    this.datums = (Array.isArray(fn.datums) ? fn.datums : []) as Json[];
    const root = new PlScope(null, this.source.functionName);
    for (const name of this.source.rootNames) {
      root.names.set(name, { kind: name === 'new' || name === 'old' ? 'record' : 'other', fields: null });
    }
    const action = nodeAs<Json>(fn.action, 'PLpgSQL_stmt_block');
    if (!action) {
      return;
    }
    const synthetic = action.lineno === undefined;
    if (countBlocks(fn.action) - (synthetic ? 1 : 0) !== this.blocks.length) {
      // the DECLARE sections cannot be told apart: every declared name may be a variable anywhere
      this.blind = true;
      for (const d of this.datums) {
        const v = Object.values(d)[0] as { refname?: string } | undefined;
        if (v?.refname !== undefined) {
          this.maybe.add(v.refname);
        }
      }
      for (const a of (Array.isArray(fn.aliases) ? fn.aliases : []) as Json[]) {
        const name = nodeAs<{ name?: string }>(a, 'PLpgSQL_alias')?.name;
        if (name !== undefined) {
          this.maybe.add(name);
        }
      }
    }
    this.block(action, root, synthetic);
  }

  result(): Problem[] {
    if (this.altering) {
      return [];
    }
    // relations made by the body itself (or by EXECUTE), and a trigger's transition tables, are not in the catalog
    return this.dynamic || this.source.trigger ? this.problems.filter((p) => p.code !== SqlState.undefinedTable) : this.problems;
  }

  private block(b: Json, scope: PlScope, synthetic = false): void {
    const inner = scope.child(typeof b.label === 'string' ? b.label : null);
    if (!synthetic && !this.blind) {
      const declared = this.blocks[this.blockIndex++];
      if (declared) {
        for (const d of declared.declarations) {
          this.declare(d, inner);
        }
        this.cursor = Math.max(this.cursor, this.text.byteOf(declared.begin));
      }
    }
    this.statements(b.body, inner);
    const handlers = nodeAs<{ exc_list?: unknown[] }>(b.exceptions, 'PLpgSQL_exception_block')?.exc_list ?? [];
    for (const h of handlers) {
      const handler = nodeAs<Json>(h, 'PLpgSQL_exception');
      const s = inner.child();
      s.names.set('sqlstate', { kind: 'other', fields: null });
      s.names.set('sqlerrm', { kind: 'other', fields: null });
      this.statements(handler?.action, s);
    }
  }

  private declare(d: Declaration, scope: PlScope): void {
    if (d.kind === 'cursor') {
      const args = scope.child();
      for (const a of d.cursorArgs) {
        args.names.set(a, { kind: 'other', fields: null });
      }
      this.cursorColumns.set(d.name, d.expression ? this.sqlAt(d.expression, 'statement', args) : null);
    } else if (d.expression) {
      this.sqlAt(d.expression, 'expression', scope);
    }
    scope.names.set(d.name, this.variableOf(d));
  }

  private variableOf(d: Declaration): Variable {
    if (d.kind !== 'variable') {
      return { kind: 'other', fields: null };
    }
    if (d.type === 'record') {
      return { kind: 'record', fields: null, untyped: true };
    }
    const m = /^(?:("(?:[^"]|"")*"|[^."%\s]+)\s*\.\s*)?("(?:[^"]|"")*"|[^."%\s]+)(\s*%\s*rowtype)?$/.exec(d.type);
    if (!m) {
      return { kind: 'other', fields: null };
    }
    const lookup = this.schema.lookupRelation(m[1] === undefined ? undefined : identifierName(m[1]), identifierName(m[2]!));
    if (lookup.kind === 'found' && lookup.relation.kind !== 'sequence' && lookup.relation.kind !== 'index') {
      const r = lookup.relation;
      return { kind: 'record', fields: r.opaque || (r.uncertain?.length ?? 0) > 0 ? null : r.columns };
    }
    return m[3] ? { kind: 'record', fields: null } : { kind: 'other', fields: null };
  }

  private statements(list: unknown, scope: PlScope): void {
    for (const s of Array.isArray(list) ? list : []) {
      this.statement(s as Stmt, scope);
    }
  }

  private statement(s: Stmt, scope: PlScope): void {
    const [kind, n] = Object.entries(s)[0] ?? [];
    if (!kind || !n) {
      return;
    }
    const line = typeof n.lineno === 'number' ? n.lineno : undefined;
    const loop = (): PlScope => scope.child(typeof n.label === 'string' ? n.label : null);
    switch (kind) {
      case 'PLpgSQL_stmt_block':
        this.block(n, scope);
        return;
      case 'PLpgSQL_stmt_if':
        this.expr(n.cond, scope, line);
        this.statements(n.then_body, scope);
        for (const e of (n.elsif_list ?? []) as Json[]) {
          const elsif = nodeAs<Json>(e, 'PLpgSQL_if_elsif') ?? {};
          this.expr(elsif.cond, scope, elsif.lineno as number | undefined);
          this.statements(elsif.stmts, scope);
        }
        this.statements(n.else_body, scope);
        return;
      case 'PLpgSQL_stmt_case': {
        this.expr(n.t_expr, scope, line);
        const withVariable = scope.child();
        for (const w of (n.case_when_list ?? []) as Json[]) {
          const when = nodeAs<Json>(w, 'PLpgSQL_case_when') ?? {};
          this.expr(when.expr, withVariable, when.lineno as number | undefined);
          this.statements(when.stmts, scope);
        }
        this.statements(n.else_stmts, scope);
        return;
      }
      case 'PLpgSQL_stmt_loop':
        this.statements(n.body, loop());
        return;
      case 'PLpgSQL_stmt_while':
        this.expr(n.cond, scope, line);
        this.statements(n.body, loop());
        return;
      case 'PLpgSQL_stmt_fori': {
        this.expr(n.lower, scope, line);
        this.expr(n.upper, scope, line);
        this.expr(n.step, scope, line);
        const body = loop();
        const name = nodeAs<{ refname?: string }>(n.var, 'PLpgSQL_var')?.refname;
        if (name !== undefined) {
          body.names.set(name, { kind: 'other', fields: null });
        }
        this.statements(n.body, body);
        return;
      }
      case 'PLpgSQL_stmt_fors':
        this.loopOverRows(n, this.expr(n.query, scope, line), scope);
        return;
      case 'PLpgSQL_stmt_forc': {
        this.expr(n.argquery, scope, line);
        const cursor = this.datumName(n.curvar);
        this.loopOverRows(n, cursor === undefined ? null : (this.cursorColumns.get(cursor) ?? null), scope);
        return;
      }
      case 'PLpgSQL_stmt_dynfors':
        this.dynamic = true;
        this.expr(n.query, scope, line);
        this.exprs(n.params, scope, line);
        this.loopOverRows(n, null, scope);
        return;
      case 'PLpgSQL_stmt_foreach_a':
        this.expr(n.expr, scope, line);
        this.statements(n.body, loop());
        return;
      case 'PLpgSQL_stmt_dynexecute':
        this.dynamic = true;
        this.expr(n.query, scope, line);
        this.exprs(n.params, scope, line);
        return;
      case 'PLpgSQL_stmt_return_query':
        if (n.dynquery) {
          this.dynamic = true;
        }
        this.expr(n.query, scope, line);
        this.expr(n.dynquery, scope, line);
        this.exprs(n.params, scope, line);
        return;
      case 'PLpgSQL_stmt_open':
        if (n.dynquery) {
          this.dynamic = true;
        }
        this.expr(n.argquery, scope, line);
        this.expr(n.query, scope, line);
        this.expr(n.dynquery, scope, line);
        this.exprs(n.params, scope, line);
        return;
      case 'PLpgSQL_stmt_raise':
        this.exprs(n.params, scope, line);
        for (const o of (n.options ?? []) as Json[]) {
          this.expr(nodeAs<Json>(o, 'PLpgSQL_raise_option')?.expr, scope, line);
        }
        return;
      case 'PLpgSQL_stmt_assert':
        this.expr(n.cond, scope, line);
        this.expr(n.message, scope, line);
        return;
      case 'PLpgSQL_stmt_assign':
      case 'PLpgSQL_stmt_exit':
      case 'PLpgSQL_stmt_return':
      case 'PLpgSQL_stmt_return_next':
      case 'PLpgSQL_stmt_fetch':
        this.expr(n.expr ?? n.cond, scope, line);
        return;
      case 'PLpgSQL_stmt_execsql':
        this.expr(n.sqlstmt, scope, line);
        return;
      case 'PLpgSQL_stmt_perform':
      case 'PLpgSQL_stmt_call':
        this.expr(n.expr, scope, line);
        return;
      default:
        // GET DIAGNOSTICS, CLOSE, COMMIT, ROLLBACK, NULL: no SQL of their own
        return;
    }
  }

  private loopOverRows(n: Json, columns: Columns, scope: PlScope): void {
    const body = scope.child(typeof n.label === 'string' ? n.label : null);
    const rec = nodeAs<{ refname?: string }>(n.var, 'PLpgSQL_rec')?.refname;
    const declared = rec === undefined ? undefined : scope.lookup(rec);
    // a `record` takes the query's row type; a variable of a row type keeps its own fields
    if (rec !== undefined && (declared === undefined || declared.untyped === true)) {
      body.names.set(rec, { kind: 'record', fields: columns, untyped: true });
    }
    this.statements(n.body, body);
  }

  private datumName(dno: unknown): string | undefined {
    const d = typeof dno === 'number' ? this.datums[dno] : undefined;
    return d ? (Object.values(d)[0] as { refname?: string } | undefined)?.refname : undefined;
  }

  private exprs(list: unknown, scope: PlScope, line: number | undefined): void {
    for (const e of Array.isArray(list) ? list : []) {
      this.expr(e, scope, line);
    }
  }

  /** Finds, parses and binds one PLpgSQL_expr; returns a query's output columns. */
  private expr(node: unknown, scope: PlScope, line: number | undefined): Columns {
    const e = nodeAs<{ query?: string; parseMode?: number }>(node, 'PLpgSQL_expr');
    if (!e?.query) {
      return null;
    }
    if (/^\s*(?:[-+]?\d[\d.e]*|'(?:[^']|'')*'|true|false|null)\s*$/i.test(e.query)) {
      // a constant names nothing (and is most of `RETURN 1`, `PERFORM 1`, loop bounds)
      return null;
    }
    let query = e.query;
    let mode: SqlMode = (e.parseMode ?? 0) === 0 ? 'statement' : 'expression';
    let skip = 0;
    const caseVariable = /^"__Case__Variable_\d+__" IN \(([\s\S]*)\)$/.exec(query);
    if (caseVariable) {
      query = caseVariable[1]!;
    }
    const from = Math.max(this.cursor, this.text.lineStart(line));
    let at = this.text.find(query, from);
    if (at < 0 && mode === 'statement' && query.startsWith('SELECT ')) {
      // PERFORM: PostgreSQL analyses "SELECT " and what follows the keyword
      query = query.slice(7);
      mode = 'expression';
      at = this.text.find(query, from);
    }
    if (at < 0) {
      return null;
    }
    this.cursor = at + Buffer.byteLength(query, 'utf8');
    if ((e.parseMode ?? 0) >= 3) {
      // an assignment `target := value`: the value is analysed (RAW_PARSE_PLPGSQL_ASSIGNn)
      const target = /^\s*(?:"(?:[^"]|"")*"|[^\s.:=[\]"]+)(?:\s*\.\s*(?:"(?:[^"]|"")*"|[^\s.:=[\]"]+))*(?:\s*\[[^\]]*\])*\s*:?=\s*/.exec(query);
      if (!target) {
        return null;
      }
      skip = Buffer.byteLength(target[0], 'utf8');
    }
    return this.bind(this.text.statement(query, at, mode, skip), scope);
  }

  /** A default expression or cursor query at a body range found by the DECLARE scan. */
  private sqlAt(range: { start: number; end: number }, mode: SqlMode, scope: PlScope): Columns {
    const at = this.text.byteOf(range.start);
    const query = this.source.body.slice(range.start, range.end);
    return this.bind(this.text.statement(query, at, mode), scope);
  }

  private bind(statement: ParsedStatement | null, scope: PlScope): Columns {
    if (!statement) {
      return null;
    }
    const ctx = new BindContext(statement, this.schema, this.binder);
    const variables = new ScopeVariables(scope, this.maybe, this.when, !this.source.conflictsAllowed);
    ctx.variables = variables;
    let output: Columns = null;
    for (const raw of statement.stmts ?? []) {
      const stmt = (raw as RawStmt).stmt;
      const kind = Object.keys(stmt ?? {})[0] ?? '';
      if (!queryKinds.has(kind)) {
        this.dynamic ||= creating.has(kind);
        this.altering ||= altering.has(kind);
        continue;
      }
      try {
        output = this.binder.query(stmt, new Level(null), ctx);
      } catch {
        return null;
      }
    }
    if (ctx.problems.length === 0) {
      variables.reportMisses(ctx);
    }
    const first = ctx.problems[0];
    if (first) {
      this.problems.push(first.detail?.endsWith(this.when) ? first : { ...first, detail: first.detail ? `${first.detail}\n${this.when}` : this.when });
    }
    return output;
  }
}

function countBlocks(node: unknown): number {
  if (node === null || typeof node !== 'object') {
    return 0;
  }
  if (Array.isArray(node)) {
    return node.reduce((n: number, x) => n + countBlocks(x), 0);
  }
  let n = 0;
  for (const [k, v] of Object.entries(node as Json)) {
    n += (k === 'PLpgSQL_stmt_block' ? 1 : 0) + countBlocks(v);
  }
  return n;
}
