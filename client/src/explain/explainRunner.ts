/**
 * Runs EXPLAIN on one statement, safely: always inside BEGIN … ROLLBACK (READ ONLY unless the
 * statement writes and the user agreed), with a statement_timeout, a cancel path through
 * pg_cancel_backend on a second session, and errors carrying PostgreSQL's SQLSTATE, message,
 * detail, hint and the position mapped back into the user's statement. No vscode here: the
 * database tier drives it directly.
 */
import type pg from 'pg';
import { classifyStatement } from './statementSafety';

export interface ExplainRequest {
  /** The statement as the user wrote it (one statement; a trailing semicolon is fine). */
  sql: string;
  /** EXPLAIN ANALYZE (executes the statement) or a plain EXPLAIN. */
  analyze: boolean;
  /** statement_timeout for the EXPLAIN, ms; 0 means none. */
  timeoutMs: number;
  /** Asked before EXPLAIN ANALYZE executes a statement that writes; false cancels the run. */
  confirmWrite: (reason: string) => Promise<boolean>;
  /** Run a statement that looks read-only as a write (it failed with 25006 in READ ONLY and the user agreed). */
  forceWrite?: boolean;
}

export interface ExplainResult {
  /** FORMAT JSON output, pretty-printed: what the plan view and "Open Plan…" read. */
  planJson: string;
  /** The text actually sent after the EXPLAIN options. */
  sql: string;
  /** The EXPLAIN options used, as sent. */
  options: string[];
  serverVersionNum: number;
  /** Whether the statement was run as a write (after the user agreed). */
  wrote: boolean;
}

export type ExplainErrorKind = 'refused' | 'declined' | 'database' | 'cancelled' | 'timeout';

/** A failure to show: PostgreSQL's fields when PostgreSQL raised it. */
export class ExplainError extends Error {
  constructor(
    message: string,
    readonly kind: ExplainErrorKind,
    readonly fields: {
      sqlstate?: string;
      detail?: string;
      hint?: string;
      where?: string;
      /** 0-based offset into ExplainRequest.sql (UTF-16 index), when PostgreSQL gave a position. */
      offset?: number;
    } = {},
  ) {
    super(message);
    this.name = 'ExplainError';
  }
}

/** The EXPLAIN options for a server version: WAL from 13, SERIALIZE and MEMORY from 17. */
export function explainOptions(serverVersionNum: number, analyze: boolean): string[] {
  const o: string[] = [];
  if (analyze) {
    o.push('ANALYZE', 'BUFFERS');
  }
  o.push('VERBOSE');
  if (serverVersionNum >= 120000) {
    o.push('SETTINGS');
  }
  if (analyze && serverVersionNum >= 130000) {
    o.push('WAL');
  }
  if (analyze && serverVersionNum >= 170000) {
    o.push('SERIALIZE');
  }
  if (serverVersionNum >= 170000) {
    o.push('MEMORY');
  }
  o.push('FORMAT JSON');
  return o;
}

/** PostgreSQL counts positions in characters (code points); JS strings index UTF-16 units. */
function codePointToIndex(text: string, codePoints: number): number {
  let index = 0;
  for (let cp = 0; cp < codePoints && index < text.length; cp++) {
    index += text.codePointAt(index)! > 0xffff ? 2 : 1;
  }
  return index;
}

/**
 * One run on one session. `openSession` opens a second session to the same server for the
 * cancel request (pg_cancel_backend needs a connection of its own).
 */
export class ExplainRun {
  private pid: number | undefined;
  private cancelRequested = false;

  constructor(
    private readonly client: pg.Client,
    private readonly openSession: () => Promise<pg.Client>,
  ) {}

  /** Asks the server to cancel the running EXPLAIN. Resolves true when the signal was sent. */
  async cancel(): Promise<boolean> {
    this.cancelRequested = true;
    if (this.pid === undefined) {
      return false;
    }
    const other = await this.openSession();
    try {
      const r = await other.query<{ ok: boolean }>('select pg_cancel_backend($1) as ok', [this.pid]);
      return r.rows[0]?.ok === true;
    } finally {
      await other.end().catch(() => undefined);
    }
  }

  async run(request: ExplainRequest): Promise<ExplainResult> {
    const safety = await classifyStatement(request.sql);
    if (safety.kind === 'refused') {
      throw new ExplainError(safety.reason, 'refused', { sqlstate: safety.sqlstate, offset: safety.position });
    }
    let write = false;
    if ((safety.kind === 'write' || request.forceWrite) && request.analyze) {
      const reason = safety.kind === 'write' ? safety.reason : 'the statement writes through a function it calls';
      if (!(await request.confirmWrite(reason))) {
        throw new ExplainError(`Not run: ${reason}.`, 'declined');
      }
      write = true;
    }
    const info = await this.client.query<{ pid: number; v: string }>("select pg_backend_pid() as pid, current_setting('server_version_num') as v");
    this.pid = info.rows[0]!.pid;
    const version = Number(info.rows[0]!.v);
    if (this.cancelRequested) {
      throw new ExplainError('Cancelled.', 'cancelled');
    }
    const options = explainOptions(version, request.analyze);
    const prefix = `EXPLAIN (${options.join(', ')}) `;
    // where the user's statement begins inside what is sent, to map error positions back
    const bodyStart = request.sql.indexOf(safety.sql);
    await this.client.query(write ? 'BEGIN' : 'BEGIN READ ONLY');
    try {
      await this.client.query("select set_config('statement_timeout', $1, true)", [String(Math.max(0, Math.floor(request.timeoutMs)))]);
      const r = await this.client.query<{ 'QUERY PLAN': unknown }>(prefix + safety.sql);
      const plan = r.rows[0]?.['QUERY PLAN'];
      return {
        planJson: JSON.stringify(typeof plan === 'string' ? JSON.parse(plan) : plan, null, 2),
        sql: safety.sql,
        options,
        serverVersionNum: version,
        wrote: write,
      };
    } catch (err) {
      throw this.toExplainError(err, prefix, safety.sql, Math.max(0, bodyStart));
    } finally {
      // the whole point: whatever happened, nothing stays changed
      await this.client.query('ROLLBACK').catch(() => undefined);
      this.pid = undefined;
    }
  }

  private toExplainError(err: unknown, prefix: string, body: string, bodyStart: number): ExplainError {
    const e = err as { code?: string; message?: string; detail?: string; hint?: string; where?: string; position?: string };
    if (!e.code) {
      return new ExplainError(e.message ?? String(err), 'database');
    }
    let offset: number | undefined;
    if (e.position) {
      const cp = Number(e.position) - 1 - [...prefix].length;
      offset = cp >= 0 ? bodyStart + codePointToIndex(body, cp) : undefined;
    }
    const kind: ExplainErrorKind = e.code === '57014' ? (this.cancelRequested ? 'cancelled' : /statement timeout/.test(e.message ?? '') ? 'timeout' : 'cancelled') : 'database';
    return new ExplainError(e.message ?? 'error', kind, { sqlstate: e.code, detail: e.detail, hint: e.hint, where: e.where, offset });
  }
}
