/**
 * The server-side check's own connection: it asks PostgreSQL for parse analysis of one
 * statement and never for its execution.
 *
 * How: the extended protocol's Parse message for the unnamed statement, then Sync, and
 * nothing else. PostgreSQL's exec_parse_message runs raw parsing, parse analysis and the
 * rewriter (so 42883, 42804, 42803, 42P18, 22P02 … come out exactly as at run time) and keeps
 * the result as the unnamed prepared statement; only a Bind and an Execute would plan and run
 * it, and this session never sends either. That is safer than `PREPARE name AS …`: PREPARE
 * is itself a statement that gets executed, its text would be ours glued to the user's, its
 * error positions would be shifted, and a named statement outlives ROLLBACK and would need
 * a DEALLOCATE. Parse is also one round trip instead of four (BEGIN, PREPARE, DEALLOCATE,
 * ROLLBACK). A Parse message holding two statements is refused by the server itself
 * ("cannot insert multiple commands into a prepared statement").
 *
 * Defence in depth, set once per session: `default_transaction_read_only = on` (the implicit
 * transaction of each Parse is read-only: a type input function that tried to write would
 * fail), `standard_conforming_strings = on` (the server reads backslashes in strings as
 * libpg-query did when it cut the statement, whatever the role or database default),
 * `statement_timeout` and `lock_timeout` (parse analysis takes AccessShareLock /
 * RowExclusiveLock on the relations it names; a table locked by a long ALTER TABLE must not
 * keep the check waiting). A server silent past the deadline loses the socket; a superseded
 * request is cancelled with PostgreSQL's cancel request (shared/src/libpq/cancelRequest.ts,
 * the one Explain and Run use).
 */
import type pg from 'pg';
import { sendCancelRequest } from '../../../shared/src/libpq/cancelRequest';

/** What pg_stat_activity shows for this session. */
export const serverCheckApplicationName = 'pgsight check';

/** statement_timeout and lock_timeout of the session, ms. */
export const parseTimeouts = { statementMs: 2_000, lockMs: 500 } as const;
/** How long the server may stay silent beyond statement_timeout before the socket is dropped. */
const graceMs = 3_000;

/** PostgreSQL's error for a statement, as the ErrorResponse gave it. */
export interface ServerError {
  code: string;
  message: string;
  detail?: string;
  hint?: string;
  /** 1-based character offset into the text sent, when PostgreSQL gave a cursor */
  position?: number;
}

/** The answer for one statement: clean (null), PostgreSQL's error, or no answer (timeout, cancel, lost connection). */
export type ParseOutcome = { ok: true; error: ServerError | null } | { ok: false };

/** A node-postgres "submittable" that sends Parse (unnamed statement) + Sync and nothing else. */
class ParseOnly {
  private error: ServerError | null = null;
  private failure: Error | null = null;
  readonly done: Promise<{ error: ServerError | null } | Error>;
  private finish!: (r: { error: ServerError | null } | Error) => void;

  constructor(private readonly text: string) {
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  submit(connection: { parse(q: { text: string; name: string; types: number[] }): void; sync(): void }): void {
    connection.parse({ text: this.text, name: '', types: [] });
    connection.sync();
  }

  handleError(err: Error & Partial<Record<'code' | 'detail' | 'hint' | 'position', string>>): void {
    if (typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code)) {
      const position = err.position !== undefined ? Number(err.position) : undefined;
      this.error = {
        code: err.code,
        message: err.message,
        ...(err.detail ? { detail: err.detail } : {}),
        ...(err.hint ? { hint: err.hint } : {}),
        ...(position !== undefined && Number.isInteger(position) && position > 0 ? { position } : {}),
      };
      // node-postgres forgets the query on an ErrorResponse: the ReadyForQuery after it is not ours
      this.finish({ error: this.error });
    } else {
      // not an ErrorResponse (the connection broke): no readyForQuery follows
      this.failure = err;
      this.finish(err);
    }
  }

  handleReadyForQuery(): void {
    this.finish(this.failure ?? { error: this.error });
  }

  // the other messages a query may receive never come for Parse + Sync
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {}
  handleCopyData(): void {}
}

export class ParseSession {
  private broken = false;
  private inFlight: Promise<unknown> | null = null;
  /** Server round trips made (the bench and the cache test read it). */
  parses = 0;

  private constructor(private readonly client: pg.Client) {
    client.on('error', () => {
      this.broken = true;
    });
  }

  /** Sets the session up on a connected client (closed again when that fails). */
  static async open(client: pg.Client): Promise<ParseSession> {
    // an 'error' event with no listener would end the process: the session notes it below
    client.on('error', () => undefined);
    try {
      await client.query({
        text: `select set_config('default_transaction_read_only', 'on', false), set_config('standard_conforming_strings', 'on', false),
                      set_config('statement_timeout', $1, false), set_config('lock_timeout', $2, false),
                      set_config('idle_in_transaction_session_timeout', $1, false)`,
        values: [String(parseTimeouts.statementMs), String(parseTimeouts.lockMs)],
        queryMode: 'extended',
      } as pg.QueryConfig);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    return new ParseSession(client);
  }

  get usable(): boolean {
    return !this.broken;
  }

  /**
   * Parse analysis of `text` (exactly one statement). `superseded` is polled while waiting:
   * when it turns true the server is sent a cancel request and the answer is no answer.
   */
  async parse(text: string, superseded: () => boolean): Promise<ParseOutcome> {
    if (this.broken) {
      return { ok: false };
    }
    const query = new ParseOnly(text);
    this.parses++;
    void this.client.query(query as unknown as pg.QueryConfig);
    let poll: NodeJS.Timeout | undefined;
    let deadline: NodeJS.Timeout | undefined;
    const cut = new Promise<'late' | 'superseded'>((resolve) => {
      deadline = setTimeout(() => resolve('late'), parseTimeouts.statementMs + graceMs);
      poll = setInterval(() => superseded() && resolve('superseded'), 20);
    });
    const settled = query.done;
    this.inFlight = settled;
    try {
      const r = await Promise.race([settled, cut]);
      if (r === 'late') {
        this.drop();
        return { ok: false };
      }
      if (r === 'superseded') {
        // the cancel may arrive after the Parse finished; then it hits an idle session, which ignores it
        await sendCancelRequest(this.client, graceMs);
        const after = await Promise.race([settled, new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), graceMs))]);
        if (after === 'late') {
          this.drop();
        }
        return { ok: false };
      }
      if (r instanceof Error) {
        this.broken = true;
        return { ok: false };
      }
      // a cancel or timeout is no answer about the statement
      return r.error && /^57/.test(r.error.code) ? { ok: false } : { ok: true, error: r.error };
    } finally {
      clearTimeout(deadline);
      clearInterval(poll);
      this.inFlight = null;
    }
  }

  /** Drops the socket without waiting (a dropped session has nothing to commit). */
  private drop(): void {
    this.broken = true;
    const stream = (this.client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
    stream?.destroy();
    void this.client.end().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.broken = true;
    await this.inFlight?.catch(() => undefined);
    await Promise.race([this.client.end().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, graceMs))]);
  }
}
