/**
 * The server-side check (issue 12): once an edit settles, the statements the offline binder
 * found clean (candidates.ts) are sent to PostgreSQL for parse analysis, never execution
 * (parseSession.ts), and PostgreSQL's own errors — 42883 with its argument types and hint,
 * 42804, 42803, 42P18, 22P02 on a literal … — become problems at PostgreSQL's cursor.
 *
 * - Answers are cached per statement text and catalog snapshot (a reload is a new snapshot,
 *   so a changed schema asks again); a statement typed before costs no round trip.
 * - One session per server, one Parse in flight at a time; per document only the newest
 *   request counts: an older one still waiting is skipped, one in flight is cancelled.
 * - No answer (timeout, cancel, lost connection, no session) is silence: offline
 *   diagnostics are never held back for it.
 * - Errors that are about the session rather than the statement (connection, lock and
 *   statement timeouts, resources, internal errors) are never shown.
 */
import type pg from 'pg';
import type { Catalog } from '../catalog/model';
import { TextOffsets } from '../parser/textOffsets';
import { scanSql } from '../parser/pgQuery';
import type { CheckCandidate } from './candidates';
import { ParseSession, serverCheckApplicationName, type ServerError } from './parseSession';

/** A problem PostgreSQL itself reported (its code is any SQLSTATE, not only pgsight's own). */
export interface ServerProblem {
  code: string;
  message: string;
  detail?: string;
  hint?: string;
  /** document UTF-16 offsets; start is PostgreSQL's cursor */
  start: number;
  end: number;
}

/** What the checker needs of the server (ServerContext provides it). */
export interface ServerCheckHost {
  /** `pgsight.diagnostics.serverCheck` */
  enabled(): boolean;
  /** The catalog loaded from a server (not the workspace's schema files), or null. */
  serverCatalog(): Catalog | null;
  connect(applicationName: string): Promise<pg.Client | null>;
  log(message: string): void;
}

/** SQLSTATE classes that describe the session, not the statement: never shown. */
const sessionClasses = new Set(['08', '25', '40', '53', '55', '57', '58', 'F0', 'HV', 'P0', 'XX']);

/** Cached answers per catalog snapshot, at most this many statement texts each. */
const cacheLimit = 5_000;
/** After a failed connection attempt, the next one waits this long. */
const reconnectAfterMs = 10_000;
/** The session is closed after this long without a request (the server keeps no idle connection of ours). */
const idleCloseMs = 120_000;

export class ServerChecker {
  private readonly answers = new WeakMap<Catalog, Map<string, ServerError | null>>();
  private session: ParseSession | null = null;
  private sessionCatalog: Catalog | null = null;
  private connecting: Promise<ParseSession | null> | null = null;
  private lastFailure = 0;
  /** The newest request per document: an older one is superseded. */
  private readonly latest = new Map<string, number>();
  private requests = 0;
  /** Serialises the session's use (one Parse in flight). */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private idle: NodeJS.Timeout | undefined;

  constructor(private readonly host: ServerCheckHost) {}

  /** Server round trips so far (the bench and the cache test read it). */
  get roundTrips(): number {
    return this.session?.parses ?? 0;
  }

  get active(): boolean {
    return this.host.enabled() && this.host.serverCatalog() !== null && !this.closed;
  }

  /** The problems already known for these candidates (from the cache, no round trip). */
  known(candidates: readonly CheckCandidate[]): ServerProblem[] {
    const catalog = this.host.serverCatalog();
    const cache = catalog && this.active ? this.answers.get(catalog) : undefined;
    if (!cache) {
      return [];
    }
    const problems: ServerProblem[] = [];
    for (const c of candidates) {
      const error = cache.get(c.text);
      if (error && !sessionClasses.has(error.code.slice(0, 2))) {
        problems.push(toProblem(c, error));
      }
    }
    return problems;
  }

  /** Whether some candidate has no cached answer yet. */
  needsServer(candidates: readonly CheckCandidate[]): boolean {
    const catalog = this.host.serverCatalog();
    if (!catalog || !this.active) {
      return false;
    }
    const cache = this.answers.get(catalog);
    return candidates.some((c) => !cache?.has(c.text));
  }

  /**
   * Asks the server about the candidates without a cached answer. Resolves true when new
   * answers arrived and this request is still the document's newest; `stale()` (a newer
   * version of the document) stops it early.
   */
  check(uri: string, candidates: readonly CheckCandidate[], stale: () => boolean): Promise<boolean> {
    const id = ++this.requests;
    this.latest.set(uri, id);
    const superseded = () => this.closed || stale() || this.latest.get(uri) !== id;
    const run = this.queue.then(() => this.run(candidates, superseded));
    this.queue = run.catch(() => undefined).then(() => this.closeWhenIdle());
    return run.catch(() => false);
  }

  /** (Re)arms the idle timer; when it fires, the session is closed in its turn in the queue. */
  private closeWhenIdle(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      this.queue = this.queue.then(async () => {
        const session = this.session;
        this.session = null;
        await session?.close();
      });
    }, idleCloseMs);
    this.idle.unref();
  }

  forget(uri: string): void {
    this.latest.delete(uri);
  }

  private async run(candidates: readonly CheckCandidate[], superseded: () => boolean): Promise<boolean> {
    const catalog = this.host.serverCatalog();
    if (!catalog || superseded() || !this.active) {
      return false;
    }
    let cache = this.answers.get(catalog);
    if (!cache) {
      cache = new Map();
      this.answers.set(catalog, cache);
    }
    const todo = [...new Set(candidates.map((c) => c.text))].filter((t) => !cache.has(t));
    if (todo.length === 0) {
      return false;
    }
    const session = await this.sessionFor(catalog);
    let learned = false;
    for (const text of todo) {
      if (!session || superseded() || this.host.serverCatalog() !== catalog) {
        break;
      }
      const outcome = await session.parse(text, superseded);
      if (!outcome.ok) {
        break; // no answer (timeout, cancel, lost connection): ask again next time
      }
      if (outcome.error && sessionClasses.has(outcome.error.code.slice(0, 2))) {
        continue; // about the session (a lock not granted in time …), not the statement: not cached
      }
      if (cache.size >= cacheLimit) {
        cache.delete(cache.keys().next().value as string);
      }
      cache.set(text, outcome.error);
      learned = true;
    }
    return learned && !superseded();
  }

  private async sessionFor(catalog: Catalog): Promise<ParseSession | null> {
    if (this.session && this.sessionCatalog === catalog && this.session.usable) {
      return this.session;
    }
    if (this.connecting) {
      return this.connecting;
    }
    const old = this.session;
    this.session = null;
    void old?.close();
    if (Date.now() - this.lastFailure < reconnectAfterMs) {
      return null;
    }
    this.connecting = (async () => {
      try {
        const client = await this.host.connect(serverCheckApplicationName);
        if (!client) {
          return null;
        }
        // this session must never keep the server process alive on its own
        (client as unknown as { connection?: { stream?: { unref?(): void } } }).connection?.stream?.unref?.();
        const session = await ParseSession.open(client);
        if (this.closed) {
          await session.close();
          return null;
        }
        this.session = session;
        this.sessionCatalog = catalog;
        return session;
      } catch (err) {
        this.lastFailure = Date.now();
        this.host.log(`server-side check: no session (${err instanceof Error ? err.message : String(err)})`);
        return null;
      } finally {
        this.connecting = null;
      }
    })();
    return this.connecting;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idle);
    const session = this.session;
    this.session = null;
    await session?.close();
  }
}

/** PostgreSQL's error at its cursor: `position` is 1-based, in characters of the text sent. */
function toProblem(c: CheckCandidate, error: ServerError): ServerProblem {
  const base = { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}), ...(error.detail ? { detail: error.detail } : {}) };
  if (error.position === undefined) {
    return { ...base, ...c.firstToken };
  }
  const offsets = new TextOffsets(c.text);
  const at = offsets.fromCodePoint(error.position - 1);
  // the squiggle covers the token PostgreSQL points at
  const token = scanSql(c.text, offsets).find((t) => t.start <= at && at < t.end);
  return { ...base, start: c.start + at, end: c.start + (token && token.start === at ? token.end : Math.min(c.text.length, at + 1)) };
}
