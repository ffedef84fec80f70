/**
 * Runs EXPLAIN on one statement, safely: the text sent is pgsight's own EXPLAIN options plus
 * the statement cut at the parse tree's bounds, over the extended protocol (PostgreSQL itself
 * refuses a second statement), always inside BEGIN … ROLLBACK (READ ONLY unless the statement
 * writes and the user agreed) with standard_conforming_strings pinned on and a
 * statement_timeout; calls that act outside the transaction and sequences it advances are
 * asked about first (sideEffects.ts). A client-side deadline and Cancel through PostgreSQL's
 * cancel request end a run on a dead network, dropping the socket when the server stays
 * silent. Errors carry PostgreSQL's SQLSTATE, message, detail, hint and the position mapped
 * back into the user's statement. No vscode here: the database tier drives it directly.
 */
import type pg from 'pg';
import { sendCancelRequest } from './cancelRequest';
import { readSideEffectCatalog } from './sideEffectCatalog';
import { lastingEffects } from './sideEffects';
import { classifyStatement } from './statementSafety';

/** What the user is asked before EXPLAIN ANALYZE executes a statement. */
export interface ExplainQuestion {
  /** Why it is asked: what the statement does ("UPDATE changes data", or that it calls functions acting outside the transaction). */
  reason: string;
  /** What ROLLBACK does not undo, named (sequences advanced, calls acting outside the transaction); empty when nothing. */
  lasting: string[];
}

export interface ExplainRequest {
  /** The statement as the user wrote it (one statement; a trailing semicolon is fine). */
  sql: string;
  /** EXPLAIN ANALYZE (executes the statement) or a plain EXPLAIN. */
  analyze: boolean;
  /** statement_timeout for the EXPLAIN, ms; 0 means none. */
  timeoutMs: number;
  /**
   * Asked before EXPLAIN ANALYZE executes a statement that writes, or whose effects ROLLBACK
   * does not undo (then `lasting` names them); false cancels the run.
   */
  confirmWrite: (question: ExplainQuestion) => Promise<boolean>;
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
  /** What the user agreed ROLLBACK would not undo (empty when nothing was asked or nothing lasts). */
  lasting: string[];
}

export interface ExplainRunOptions {
  /**
   * How long the server may stay silent beyond statement_timeout before the run fails and the
   * socket is dropped, and how long a cancel request may take to end a run. Default 5 s.
   */
  graceMs?: number;
}

export type ExplainErrorKind = 'refused' | 'declined' | 'database' | 'cancelled' | 'timeout' | 'connection';

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

/** An error PostgreSQL raised (it carries a SQLSTATE), as opposed to ours or the socket's. */
function isDatabaseError(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return !(err instanceof ExplainError) && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/** A query config that node-postgres sends over the extended protocol (Parse/Bind/Execute) even without parameters. */
function extended(text: string, values: unknown[] = []): pg.QueryConfig {
  return { text, values, queryMode: 'extended' } as pg.QueryConfig;
}

/** One run on one session (which it may drop on a dead network: open a fresh one per run). */
export class ExplainRun {
  private cancelRequested = false;
  /** Fails the call in flight (deadline, or a cancel the server did not answer). */
  private abortInFlight: ((err: ExplainError) => void) | undefined;
  private dropped = false;
  private readonly graceMs: number;

  constructor(
    private readonly client: pg.Client,
    options: ExplainRunOptions = {},
  ) {
    this.graceMs = options.graceMs ?? 5_000;
  }

  /**
   * Cancels the run: PostgreSQL's cancel request with the session's backend key; when the
   * server has not ended the statement within the grace period, the socket is dropped and the
   * run fails as cancelled. Resolves true when the server took the cancel request.
   */
  async cancel(): Promise<boolean> {
    this.cancelRequested = true;
    const abort = this.abortInFlight;
    if (!abort) {
      return false;
    }
    const timer = setTimeout(() => {
      if (this.abortInFlight !== abort) {
        return; // that call ended (cancelled, most likely): nothing to drop
      }
      abort(new ExplainError(`Cancelled: the server did not stop the statement within ${this.graceMs / 1000} s, so pgsight dropped the connection. Nothing was committed: PostgreSQL rolls back a transaction whose connection is gone.`, 'cancelled'));
    }, this.graceMs);
    timer.unref();
    return sendCancelRequest(this.client, this.graceMs);
  }

  /** Closes the socket at once: nothing more is read or sent on this session. */
  private drop(): void {
    this.dropped = true;
    // node-postgres reports the closed socket as an 'error' event: it must not crash the host
    this.client.on('error', () => undefined);
    (this.client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  }

  /** One server call, failed by the deadline (`deadlineMs` after it starts) or by an unanswered cancel. */
  private async call<R extends pg.QueryResultRow>(config: pg.QueryConfig, deadlineMs: number | undefined): Promise<pg.QueryResult<R>> {
    if (this.dropped) {
      throw new ExplainError('The connection was dropped.', 'connection');
    }
    let timer: NodeJS.Timeout | undefined;
    const aborted = new Promise<never>((_, reject) => {
      this.abortInFlight = (err) => {
        this.drop();
        reject(err);
      };
      if (deadlineMs !== undefined) {
        timer = setTimeout(() => {
          // best effort: the server may be alive behind a dead path, or alive and slow
          void sendCancelRequest(this.client, this.graceMs);
          this.abortInFlight?.(
            new ExplainError(`The server did not answer within ${(deadlineMs / 1000).toFixed(1)} s (statement_timeout + ${this.graceMs / 1000} s), so pgsight dropped the connection. Nothing was committed: PostgreSQL rolls back a transaction whose connection is gone.`, 'timeout'),
          );
        }, deadlineMs);
      }
    });
    const query = this.client.query<R>(config);
    // once the socket is dropped node-postgres rejects the query too: nobody waits for that
    query.catch(() => undefined);
    try {
      return await Promise.race([query, aborted]);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (err instanceof ExplainError || (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code))) {
        throw err;
      }
      // the socket failed (reset, closed): say so, never a bare TypeError
      throw new ExplainError(`The connection failed during EXPLAIN: ${(err as Error).message ?? String(err)}`, 'connection');
    } finally {
      clearTimeout(timer);
      this.abortInFlight = undefined;
    }
  }

  private checkCancelled(): void {
    if (this.cancelRequested) {
      throw new ExplainError('Cancelled.', 'cancelled');
    }
  }

  async run(request: ExplainRequest): Promise<ExplainResult> {
    const safety = await classifyStatement(request.sql);
    if (safety.kind === 'refused') {
      throw new ExplainError(safety.reason, 'refused', { sqlstate: safety.sqlstate, offset: safety.position });
    }
    const timeoutMs = Math.max(0, Math.floor(request.timeoutMs));
    const deadline = timeoutMs > 0 ? timeoutMs + this.graceMs : undefined;
    try {
      const info = await this.call<{ v: string }>(extended("select current_setting('server_version_num') as v"), deadline);
      const version = Number(info.rows[0]?.v);
      this.checkCancelled();
      let write = false;
      let lasting: string[] = [];
      if (request.analyze) {
        // the catalog decides what outlives the ROLLBACK, on the server the statement runs on
        lasting = lastingEffects(safety.calls, await readSideEffectCatalog(this.client, safety.calls));
        this.checkCancelled();
        const writes = safety.kind === 'write' || request.forceWrite === true;
        if (writes || lasting.length > 0) {
          const reason = safety.kind === 'write' ? safety.reason : writes ? 'the statement writes through a function it calls' : 'it calls what acts outside the transaction';
          if (!(await request.confirmWrite({ reason, lasting }))) {
            throw new ExplainError(`Not run: ${[reason, ...lasting].join('; ')}.`, 'declined');
          }
          write = writes;
        }
      }
      this.checkCancelled();
      return await this.explain(safety.sql, safety.offset, request.analyze, version, write, lasting, timeoutMs, deadline);
    } catch (err) {
      throw isDatabaseError(err) ? this.toExplainError(err, '', '', 0) : err;
    }
  }

  private async explain(body: string, bodyOffset: number, analyze: boolean, version: number, write: boolean, lasting: string[], timeoutMs: number, deadline: number | undefined): Promise<ExplainResult> {
    const options = explainOptions(version, analyze);
    const prefix = `EXPLAIN (${options.join(', ')}) `;
    await this.call(extended(write ? 'BEGIN' : 'BEGIN READ ONLY'), deadline);
    try {
      // pinned for this transaction: the server lexes the statement as pgsight's parser did,
      // whatever ALTER ROLE/DATABASE … SET standard_conforming_strings says
      await this.call(extended("select set_config('statement_timeout', $1, true), set_config('standard_conforming_strings', 'on', true)", [String(timeoutMs)]), deadline);
      this.checkCancelled();
      const r = await this.call<{ 'QUERY PLAN': unknown }>(extended(prefix + body), deadline);
      const plan = r.rows[0]?.['QUERY PLAN'];
      if (plan === undefined) {
        throw new ExplainError('PostgreSQL returned no plan for this statement.', 'database');
      }
      return {
        planJson: JSON.stringify(typeof plan === 'string' ? JSON.parse(plan) : plan, null, 2),
        sql: body,
        options,
        serverVersionNum: version,
        wrote: write,
        lasting,
      };
    } catch (err) {
      throw isDatabaseError(err) ? this.toExplainError(err, prefix, body, bodyOffset) : err;
    } finally {
      // the whole point: whatever happened, nothing stays changed (a dropped socket never commits)
      if (!this.dropped) {
        await this.call(extended('ROLLBACK'), this.graceMs).catch(() => this.drop());
      }
    }
  }

  private toExplainError(err: unknown, prefix: string, body: string, bodyStart: number): ExplainError {
    const e = err as { code?: string; message?: string; detail?: string; hint?: string; where?: string; position?: string };
    if (e.code === '42601' && /multiple commands/.test(e.message ?? '')) {
      return new ExplainError('PostgreSQL read this text as more than one statement, so nothing was run: pgsight sends exactly one statement.', 'refused', { sqlstate: e.code });
    }
    let offset: number | undefined;
    if (e.position && prefix) {
      const cp = Number(e.position) - 1 - [...prefix].length;
      offset = cp >= 0 ? bodyStart + codePointToIndex(body, cp) : undefined;
    }
    const kind: ExplainErrorKind = e.code === '57014' ? (this.cancelRequested ? 'cancelled' : /statement timeout/.test(e.message ?? '') ? 'timeout' : 'cancelled') : 'database';
    return new ExplainError(e.message ?? 'error', kind, { sqlstate: e.code, detail: e.detail, hint: e.hint, where: e.where, offset });
  }
}
