/**
 * One editor's session, run like psql runs it: autocommit, the session's own transaction state
 * (BEGIN leaves it open; a failed statement leaves it aborted until ROLLBACK), values fetched
 * in PostgreSQL's text format exactly as the server prints them. Each statement is cut at its
 * parse-tree bounds (explain/statementBody.ts) and sent over the extended protocol, so the
 * server itself refuses a second statement. A read-only SELECT is read through a SCROLL cursor
 * (DECLARE … CURSOR WITHOUT HOLD, in pgsight's own transaction when the session has none) in
 * pages, so neither this process nor the view holds the whole result; other statements return
 * their rows at once. Notices, the command tag exactly as sent (`INSERT 0 3`) and errors with
 * every field are kept. Cancel is PostgreSQL's cancel request. No vscode here.
 */
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { sendCancelRequest } from '../../../shared/src/libpq/cancelRequest';
import { statementBody, StatementBodyError, type Node } from '../explain/statementBody';
import { classifyStatement } from '../explain/statementSafety';
import { writeReason } from './statementWrites';

export type TransactionStatus = 'idle' | 'inTransaction' | 'failed';
export type Cell = string | null;

export interface Column {
  name: string;
  typeOid: number;
  /** format_type(oid, typmod) as the server prints it (`numeric(10,2)`, `timestamp with time zone`). */
  type: string;
}

/** A NOTICE, WARNING, INFO… as PostgreSQL sent it. */
export interface ServerMessage {
  severity: string;
  message: string;
  sqlstate?: string;
  detail?: string;
  hint?: string;
  where?: string;
}

export type RunErrorKind = 'database' | 'refused' | 'declined' | 'cancelled' | 'connection';

export interface RunError {
  kind: RunErrorKind;
  message: string;
  sqlstate?: string;
  detail?: string;
  hint?: string;
  where?: string;
  /** UTF-16 index into the text given to run(), where PostgreSQL's error cursor points. */
  offset?: number;
}

/** An open result that pages are read from (a cursor in a transaction). */
export interface OpenCursor {
  name: string;
  /** pgsight began the transaction the cursor lives in (autocommit), and ends it when the cursor closes. */
  ownsTransaction: boolean;
  /** The statement the cursor reads (export runs it again through COPY when it has no parameters). */
  sql: string;
  /** Its `$n` values, in order (none: COPY can run it). */
  values: readonly (string | null)[];
}

/** What the fields of a result say about where its rows come from (pg's RowDescription). */
export interface InsertSource {
  /** The one table every column is a plain column of, else 0. */
  table: number;
  attnums: number[];
  names: string[];
}

/** Where INSERT statements copied from a result go, quoted by the server's own quote_ident. */
export interface InsertTarget {
  /** The source table (`regclass` text: schema-qualified when not on the search_path) when every column is a plain column of one table, else null. */
  table: string | null;
  /** The columns: the table's attribute names when `table` is set, else the result's names. */
  columns: string[];
}

export interface StatementResult {
  /** The text sent (the statement cut at its parse-tree bounds). */
  sql: string;
  /** UTF-16 index of `sql` in the text given to run(). */
  offset: number;
  /** The command tag as psql prints it (`SELECT 3`, `INSERT 0 1`, `CREATE TABLE`); null when nothing completed. */
  tag: string | null;
  columns?: Column[];
  /** Where the rows come from, for copying them as INSERT statements (insertTarget()). */
  insertSource?: InsertSource;
  /** The first page (or all rows of a statement not read through a cursor). */
  rows?: Cell[][];
  /** Rows in the result, when known (always, once run() returns). */
  rowCount?: number;
  /** Open when more rows than the first page can be read (page()). */
  cursor?: OpenCursor;
  notices: ServerMessage[];
  ms: number;
  error?: RunError;
  status: TransactionStatus;
}

export interface RunOptions {
  pageSize: number;
  /** Asked before a statement that writes (connections marked "confirm writes"); false: not run. */
  confirmWrite?: (reason: string) => Promise<boolean>;
  /** Values for `$1`…`$n` (text, or null for NULL), asked when the statement has parameters; undefined: not run. */
  parameters?: (count: number, sql: string) => Promise<(string | null)[] | undefined>;
  /** Called with the first page as soon as PostgreSQL sent it, before the rest is counted. */
  onFirstRows?: (columns: Column[], rows: Cell[][]) => void;
}

/** The highest `$n` the statement refers to (0 when none). */
export function parameterCount(stmt: Node): number {
  let max = 0;
  for (const m of JSON.stringify(stmt).matchAll(/"ParamRef":\{"number":(\d+)/g)) {
    max = Math.max(max, Number(m[1]));
  }
  return max;
}

export interface SessionSettings {
  /** statement_timeout for the session, ms; 0: none. */
  statementTimeoutMs: number;
  /** default_transaction_read_only on (connections marked read-only). */
  readOnly: boolean;
}

/** node-postgres type parsers that hand back the server's text for every type, untouched. */
const serverText = { getTypeParser: () => (value: string) => value };

/** PostgreSQL counts positions in characters (code points); JS strings index UTF-16 units. */
function codePointToIndex(text: string, codePoints: number): number {
  let index = 0;
  for (let cp = 0; cp < codePoints && index < text.length; cp++) {
    index += text.codePointAt(index)! > 0xffff ? 2 : 1;
  }
  return index;
}

function isDatabaseError(err: unknown): err is pg.DatabaseError {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

interface PgInternals {
  connection: NodeJS.EventEmitter;
}

export class RunSession {
  status: TransactionStatus = 'idle';
  private lastTag: string | null = null;
  private notices: ServerMessage[] = [];
  private cursor: OpenCursor | undefined;
  private cursors = 0;
  private busy = false;
  private cancelRequested = false;
  private readonly typeNames = new Map<string, string>();
  private closed = false;

  /** Queries sent through this session, and ReadyForQuery messages received (one per query). */
  private issued = 0;
  private answered = 0;
  private answerWaiters: (() => void)[] = [];

  private wake(): void {
    for (const w of this.answerWaiters.splice(0)) {
      w();
    }
  }

  /**
   * One query, settled only once its ReadyForQuery has arrived: node-postgres rejects on the
   * ErrorResponse, before the ReadyForQuery that says whether the transaction failed, so the
   * transaction status would otherwise be read too early.
   */
  private async query<R extends pg.QueryResultRow>(config: pg.QueryConfig | pg.QueryArrayConfig): Promise<pg.QueryResult<R>> {
    const k = ++this.issued;
    try {
      return (await this.client.query(config as pg.QueryConfig)) as pg.QueryResult<R>;
    } finally {
      await this.waitAnswered(k);
    }
  }

  private constructor(readonly client: pg.Client) {
    const connection = (client as unknown as PgInternals).connection;
    connection.on('readyForQuery', (m: { status?: string }) => {
      this.status = m.status === 'T' ? 'inTransaction' : m.status === 'E' ? 'failed' : 'idle';
      this.answered++;
      this.wake();
    });
    connection.on('commandComplete', (m: { text?: string }) => {
      this.lastTag = m.text ?? null;
    });
    client.on('notice', (n: { severity?: string; message?: string; code?: string; detail?: string; hint?: string; where?: string }) => {
      this.notices.push({ severity: n.severity ?? 'NOTICE', message: n.message ?? '', sqlstate: n.code, detail: n.detail, hint: n.hint, where: n.where });
    });
    client.on('error', () => {
      this.closed = true;
      this.wake();
    });
    client.on('end', () => {
      this.closed = true;
      this.wake();
    });
  }

  /** A session on a connected client: statement_timeout and the read-only default set for the whole session. */
  static async open(client: pg.Client, settings: SessionSettings): Promise<RunSession> {
    const session = new RunSession(client);
    await session.query({
      text: "select set_config('statement_timeout', $1, false), set_config('default_transaction_read_only', $2, false)",
      values: [String(Math.max(0, Math.floor(settings.statementTimeoutMs))), settings.readOnly ? 'on' : 'off'],
    });
    return session;
  }

  /** A statement is running (run() has not returned). */
  get isBusy(): boolean {
    return this.busy;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The cursor a result is paged from, while it is open. */
  get openCursor(): OpenCursor | undefined {
    return this.cursor;
  }

  private async send(text: string, values: unknown[] = []): Promise<pg.QueryResult<Cell[]>> {
    return this.query<Cell[]>({ text, values, rowMode: 'array', types: serverText, queryMode: 'extended' } as pg.QueryArrayConfig);
  }

  /** Closes the open result's cursor (and commits pgsight's own read-only transaction around it). */
  async closeCursor(): Promise<void> {
    const c = this.cursor;
    this.cursor = undefined;
    if (!c || this.closed) {
      return;
    }
    if (c.ownsTransaction) {
      // only a read ran in it: COMMIT ends it as autocommit would have
      await this.send(this.status === 'failed' ? 'ROLLBACK' : 'COMMIT');
    } else if (this.status === 'inTransaction') {
      await this.send(`CLOSE ${c.name}`);
    }
  }

  /** Rows [start, start + count) of the open result. */
  async page(cursor: OpenCursor, start: number, count: number): Promise<Cell[][]> {
    if (this.cursor !== cursor || this.busy) {
      throw new Error(
        this.busy ? 'A statement is running in this session: its rows come when it ends.' : 'This result is closed: run the statement again to read its rows.',
      );
    }
    // both queued at once: nothing (a CLOSE by the next run) can come between them and fail a
    // transaction the user has open
    const move = this.send(`MOVE ABSOLUTE ${Math.max(0, Math.floor(start))} IN ${cursor.name}`);
    const fetch = this.send(`FETCH FORWARD ${Math.max(1, Math.floor(count))} FROM ${cursor.name}`);
    await move;
    return (await fetch).rows;
  }

  /** Sends PostgreSQL's cancel request for the statement running now. */
  async cancel(): Promise<boolean> {
    if (!this.busy) {
      return false;
    }
    this.cancelRequested = true;
    return sendCancelRequest(this.client, 5_000);
  }

  async commit(): Promise<StatementResult> {
    return this.run('COMMIT', { pageSize: 1 });
  }

  async rollback(): Promise<StatementResult> {
    return this.run('ROLLBACK', { pageSize: 1 });
  }

  /** Runs one statement (`text` may carry comments and a trailing semicolon). */
  async run(text: string, options: RunOptions): Promise<StatementResult> {
    const t0 = performance.now();
    this.notices = [];
    this.lastTag = null;
    this.cancelRequested = false;
    const done = (r: Omit<StatementResult, 'notices' | 'ms' | 'status'>): StatementResult => ({
      ...r,
      notices: this.notices,
      ms: performance.now() - t0,
      status: this.status,
    });
    let body;
    try {
      body = await statementBody(text, { unwrapExplain: false, verb: 'run' });
    } catch (err) {
      if (err instanceof StatementBodyError) {
        return done({ sql: text, offset: 0, tag: null, error: { kind: 'refused', message: err.message, sqlstate: err.sqlstate, offset: err.position } });
      }
      throw err;
    }
    if (body.type === 'CopyStmt' && body.stmt.filename === undefined) {
      // node-postgres has no stream here: COPY TO STDOUT would drop the data unseen, and FROM
      // STDIN fails and leaves the connection waiting
      const dir = body.stmt.is_from === true ? 'FROM STDIN' : 'TO STDOUT';
      return done({
        sql: body.text,
        offset: body.offset,
        tag: null,
        error: {
          kind: 'refused',
          message: `COPY … ${dir} moves data through the client, which pgsight does not do yet: nothing was sent. Use psql's \\copy, or COPY to or from a file on the server.`,
        },
      });
    }
    if (options.confirmWrite) {
      const reason = await writeReason(body.text, body.type, body.stmt);
      if (reason && !(await options.confirmWrite(reason))) {
        return done({ sql: body.text, offset: body.offset, tag: null, error: { kind: 'declined', message: `Not run: ${reason}.` } });
      }
    }
    let values: (string | null)[] = [];
    const count = parameterCount(body.stmt);
    if (count > 0) {
      const given = await options.parameters?.(count, body.text);
      if (!given) {
        return done({
          sql: body.text,
          offset: body.offset,
          tag: null,
          error: { kind: 'declined', message: `Not run: the statement has ${count} parameter${count > 1 ? 's' : ''} ($1…) and no values were given.` },
        });
      }
      values = given;
    }
    this.busy = true;
    let prefix = '';
    try {
      await this.closeCursor();
      this.notices = [];
      if (await this.pagesThroughCursor(body.type, body.text, body.stmt)) {
        const name = `pgsight_result_${++this.cursors}`;
        const ownsTransaction = this.status === 'idle';
        if (ownsTransaction) {
          await this.send('BEGIN');
        }
        prefix = `DECLARE ${name} SCROLL CURSOR FOR `;
        const cursor: OpenCursor = { name, ownsTransaction, sql: body.text, values };
        try {
          await this.send(prefix + body.text, values);
          this.cursor = cursor;
          const first = await this.send(`FETCH FORWARD ${options.pageSize} FROM ${name}`);
          const [columns, insertSource] = await this.columns(first.fields);
          let rowCount = first.rows.length;
          if (rowCount === options.pageSize) {
            options.onFirstRows?.(columns, first.rows);
            // the server runs the rest without sending it: the total for the tag and the scrollbar
            await this.send(`MOVE FORWARD ALL IN ${name}`);
            rowCount += Number(/\d+$/.exec(this.lastTag ?? '')?.[0] ?? 0);
          }
          const complete = rowCount < options.pageSize;
          if (complete) {
            await this.closeCursor();
          }
          return done({
            sql: body.text,
            offset: body.offset,
            tag: `SELECT ${rowCount}`,
            columns,
            insertSource,
            rows: first.rows,
            rowCount,
            cursor: complete ? undefined : cursor,
          });
        } catch (err) {
          this.cursor = undefined;
          if (ownsTransaction && !this.closed) {
            await this.send('ROLLBACK').catch(() => undefined);
          }
          throw err;
        }
      }
      const r = await this.send(body.text, values);
      const tag = this.lastTag;
      const [columns, insertSource] = r.fields.length > 0 ? await this.columns(r.fields) : [];
      return done({
        sql: body.text,
        offset: body.offset,
        tag,
        columns,
        insertSource,
        rows: columns ? r.rows : undefined,
        rowCount: columns ? r.rows.length : undefined,
      });
    } catch (err) {
      return done({ sql: body.text, offset: body.offset, tag: null, error: this.toRunError(err, prefix, body.text, body.offset) });
    } finally {
      this.busy = false;
    }
  }

  /** A plain read-only SELECT (no locking, no writable WITH, no INTO) in a session whose transaction has not failed. */
  private async pagesThroughCursor(type: string, sql: string, stmt: Node): Promise<boolean> {
    if (type !== 'SelectStmt' || stmt.intoClause || this.status === 'failed') {
      return false;
    }
    return (await classifyStatement(sql)).kind === 'read';
  }

  /** Column names and types; format_type from the catalog once per (type, modifier) of the session. */
  private async columns(fields: pg.FieldDef[]): Promise<[Column[], InsertSource]> {
    const key = (f: pg.FieldDef) => `${f.dataTypeID}:${f.dataTypeModifier}`;
    const missing = fields.filter((f) => !this.typeNames.has(key(f)));
    if (missing.length > 0 && this.status !== 'failed') {
      const r = await this.query<{ oid: number; mod: number; name: string }>({
        text: 'select t.oid::int as oid, t.mod as mod, format_type(t.oid, nullif(t.mod, -1)) as name from unnest($1::oid[], $2::int[]) as t(oid, mod)',
        values: [missing.map((f) => f.dataTypeID), missing.map((f) => f.dataTypeModifier)],
      });
      for (const row of r.rows) {
        this.typeNames.set(`${row.oid}:${row.mod}`, row.name);
      }
    }
    const table = fields[0]?.tableID ?? 0;
    const attnums = fields.map((f) => f.columnID);
    const single = table !== 0 && fields.every((f) => f.tableID === table && f.columnID > 0) && new Set(attnums).size === attnums.length;
    return [
      fields.map((f) => ({ name: f.name, typeOid: f.dataTypeID, type: this.typeNames.get(key(f)) ?? `oid ${f.dataTypeID}` })),
      { table: single ? table : 0, attnums, names: fields.map((f) => f.name) },
    ];
  }

  /**
   * Where a result's rows would be inserted, asked of the server when the user copies them as
   * INSERT statements (never per statement): the source table (`regclass` text) when every
   * column is a plain column of one table (the fields' tableID and columnID) with its attribute
   * names, else the result's names; all quoted by quote_ident. Undefined while the session is
   * busy, closed or in a failed transaction, or when the table is gone.
   */
  async insertTarget(source: InsertSource): Promise<InsertTarget | undefined> {
    if (this.busy || this.closed || this.status === 'failed') {
      return undefined;
    }
    const r = await this.query<{ tbl: string | null; cols: string[] | null }>({
      text: `select case when $1::oid <> 0 then $1::oid::regclass::text end as tbl,
                    case when $1::oid <> 0 then (select array_agg(quote_ident(a.attname) order by u.o) from unnest($2::int2[]) with ordinality as u(n, o) join pg_attribute a on a.attrelid = $1::oid and a.attnum = u.n and not a.attisdropped)
                         else (select array_agg(quote_ident(u.n) order by u.o) from unnest($3::text[]) with ordinality as u(n, o)) end as cols
               where $1::oid = 0 or exists (select from pg_class where oid = $1::oid)`,
      values: [source.table, source.attnums, source.names],
    });
    const row = r.rows[0];
    return row?.cols?.length === source.names.length ? { table: row.tbl, columns: row.cols } : undefined;
  }

  /**
   * Writes the open result again as CSV with a header, exactly as psql's `\copy (…) to … csv
   * header` does: `COPY (statement) TO STDOUT WITH (FORMAT csv, HEADER)` streamed to `out`, in
   * a savepoint of the cursor's transaction so a cancel (PostgreSQL's cancel request) or an
   * error leaves that transaction and the cursor as they were. Resolves with the rows copied,
   * or 'cancelled'.
   * Only for a result whose statement has no `$n` parameters (COPY takes none).
   */
  async copyCsv(cursor: OpenCursor, out: Writable, cancelled?: () => boolean): Promise<number | 'cancelled'> {
    if (cursor.values.length > 0) {
      throw new Error("COPY cannot take the statement's $n parameters: export it page by page from the cursor.");
    }
    if (this.cursor !== cursor || this.busy) {
      throw new Error(
        this.busy ? 'A statement is running in this session: export when it ends.' : 'This result is closed: run the statement again to export it.',
      );
    }
    this.busy = true;
    this.cancelRequested = false;
    const poll = cancelled
      ? setInterval(() => {
          if (cancelled() && !this.cancelRequested) {
            this.cancelRequested = true;
            void sendCancelRequest(this.client, 5_000);
          }
        }, 100)
      : undefined;
    try {
      await this.send('SAVEPOINT pgsight_export');
      const k = ++this.issued;
      const stream = this.client.query(copyTo(`COPY (${cursor.sql}) TO STDOUT WITH (FORMAT csv, HEADER)`));
      try {
        await pipeline(stream, out, { end: false });
      } catch (err) {
        await this.waitAnswered(k);
        await this.send('ROLLBACK TO SAVEPOINT pgsight_export');
        await this.send('RELEASE SAVEPOINT pgsight_export');
        if (this.cancelRequested && isDatabaseError(err) && err.code === '57014') {
          return 'cancelled';
        }
        throw err;
      }
      await this.waitAnswered(k);
      await this.send('RELEASE SAVEPOINT pgsight_export');
      return stream.rowCount;
    } finally {
      clearInterval(poll);
      this.busy = false;
    }
  }

  private async waitAnswered(k: number): Promise<void> {
    while (this.answered < k && !this.closed) {
      await new Promise<void>((resolve) => this.answerWaiters.push(resolve));
    }
  }

  private toRunError(err: unknown, prefix: string, body: string, bodyOffset: number): RunError {
    if (!isDatabaseError(err)) {
      this.closed = this.closed || !(this.client as unknown as { _connected?: boolean })._connected;
      return { kind: 'connection', message: `The connection failed: ${(err as Error).message ?? String(err)}` };
    }
    const e = err;
    if (e.code === '42601' && /multiple commands/.test(e.message)) {
      return {
        kind: 'refused',
        sqlstate: e.code,
        message: 'PostgreSQL read this text as more than one statement, so nothing was run: pgsight sends exactly one statement.',
      };
    }
    let offset: number | undefined;
    if (e.position) {
      const cp = Number(e.position) - 1 - [...prefix].length;
      offset = cp >= 0 ? bodyOffset + codePointToIndex(body, cp) : undefined;
    }
    const kind: RunErrorKind = e.code === '57014' && this.cancelRequested ? 'cancelled' : 'database';
    return { kind, message: e.message, sqlstate: e.code, detail: e.detail, hint: e.hint, where: e.where, offset };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client.end().catch(() => undefined);
  }
}
