/**
 * Shared state of one statement's binding: where its text sits in the document, the schema
 * it is checked against, and the problems found so far.
 */
import type { WithClause } from 'libpg-query';
import type { ParsedStatement } from '../../parser';
import { nameParts, type Problem } from '../problems';
import type { SchemaView } from './schemaView';
import type { Level } from './scope';

/** Output columns of a query, or null when unknowable. */
export type Columns = string[] | null;

/**
 * The walker's entry points, handed to the FROM-clause and DML binders through the context
 * so that they call back into the walker without importing it (binder.ts builds it).
 */
export interface Binder {
  expr(node: unknown, level: Level, ctx: BindContext): void;
  query(node: unknown, level: Level, ctx: BindContext): Columns;
  targetList(targets: unknown[], level: Level, ctx: BindContext): Columns;
  with(withClause: WithClause | undefined, level: Level, ctx: BindContext): void;
}

/**
 * The variables of the PL/pgSQL block an embedded statement runs in (plpgsql/plpgsqlScope.ts):
 * what a column reference's names are to PL/pgSQL (resolve_column_ref in pl_comp.c).
 */
export interface BlockVariables {
  /** 'variable' (or a field of one), 'maybe' when it cannot be told, null when not a variable */
  resolve(names: readonly string[], location: number | undefined): 'variable' | 'maybe' | null;
  /** plpgsql.variable_conflict = error: the names are both a column and a variable (42702) */
  conflict(ctx: BindContext, names: readonly string[], location: number | undefined): void;
}

export class BindContext {
  readonly problems: Problem[] = [];
  /** inside a SQL-language function body: its input parameters (functionBody.ts) */
  parameters: { functionName: string; names: readonly string[] } | null = null;
  /** inside a PL/pgSQL body: the variables in scope where the statement runs */
  variables: BlockVariables | null = null;

  /** Whether `name` (or `qualifier.name`) is a parameter (or PL/pgSQL variable) of the function whose body this is. */
  isParameter(qualifier: string | undefined, name: string, location?: number): boolean {
    const p = this.parameters;
    if (p !== null && (qualifier === undefined || qualifier === p.functionName) && p.names.includes(name)) {
      return true;
    }
    return this.variables !== null && this.variables.resolve(qualifier === undefined ? [name] : [qualifier, name], location) !== null;
  }

  /** A column reference that found a column: with PL/pgSQL's default variable_conflict, also a variable is an error. */
  columnFound(names: readonly string[], location: number | undefined): void {
    if (this.variables?.resolve(names, undefined) === 'variable') {
      this.variables.conflict(this, names, location);
    }
  }

  constructor(
    readonly statement: ParsedStatement,
    readonly schema: SchemaView,
    readonly binder: Binder,
  ) {}

  /** Document offset of a parse-tree location (UTF-8 bytes of the statement). */
  offset(location: number | undefined): number {
    return this.statement.docOffsetOfLocation(location ?? 0);
  }

  /** Statement-relative UTF-16 offset of a parse-tree location. */
  localOffset(location: number | undefined): number {
    return this.statement.offsets.fromByte(location ?? 0);
  }

  private stopped = false;

  /**
   * Where `name` is written in the statement, from statement-relative offset `after`, as a
   * whole (maybe quoted) word; the statement's start when not found. For errors whose parse
   * tree keeps no location (PostgreSQL gives no cursor for them either).
   */
  findName(name: string, after = 0): { start: number; end: number } {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(`(?<![\\w$"])(?:"${escaped.replace(/"/g, '""')}"|${escaped})(?![\\w$"])`, 'giu');
    re.lastIndex = after;
    const m = re.exec(this.statement.text);
    const base = this.statement.span.start;
    return m ? { start: base + m.index, end: base + m.index + m[0].length } : { start: base, end: base };
  }

  /** UTF-16 length of the (possibly quoted) name written at a parse-tree location. */
  nameLength(location: number | undefined): number {
    const m = /^("(?:[^"]|"")*"|[^\s.,;()"]+)/.exec(this.statement.text.slice(this.localOffset(location)));
    return m ? m[0].length : 0;
  }

  /** UTF-16 length up to the end of the (maybe qualified) name written at a parse-tree location. */
  nameExtent(location: number | undefined): number {
    const local = this.localOffset(location);
    const parts = nameParts(this.statement.text, local);
    return parts.length > 0 ? parts[parts.length - 1]!.end - local : 1;
  }

  report(problem: Problem): void {
    if (!this.stopped) {
      this.problems.push(problem);
    }
  }

  /** After an error that makes the rest of the statement meaningless (as PostgreSQL stops). */
  stop(): void {
    this.stopped = true;
  }
}

/** Reads the node of one kind out of libpg-query's `{ Kind: {...} }` wrapper. */
export function nodeAs<T>(node: unknown, kind: string): T | undefined {
  if (node === null || typeof node !== 'object') {
    return undefined;
  }
  return (node as Record<string, unknown>)[kind] as T | undefined;
}

/** The string values of a list of `{ String: { sval } }` nodes (others are skipped). */
export function strings(list: unknown[] | undefined): string[] {
  const out: string[] = [];
  for (const n of list ?? []) {
    const s = nodeAs<{ sval?: string }>(n, 'String');
    if (s) {
      out.push(s.sval ?? '');
    }
  }
  return out;
}
