/**
 * Where the statement to explain lies in the user's text, taken from PostgreSQL's own parser
 * and lexer (libpg-query), never from a pattern: the statement's bounds are the parse tree's
 * `stmt_location`/`stmt_len`, and for an `EXPLAIN (…)` the user typed, the inner statement
 * starts at the first token after EXPLAIN's options as PostgreSQL's scanner tokenises them
 * (quotes, comments and dollar quotes included). The inner text is then parsed again and must
 * give back exactly the tree PostgreSQL put under ExplainStmt.query, so what is sent is what
 * was classified. No vscode here.
 */
import { loadModule, parseSync, scanSync } from 'libpg-query';

export type Node = Record<string, unknown>;

export interface StatementBody {
  /** The statement's own text, from its first token (comments before it skipped) to its end, no semicolon. */
  text: string;
  /** UTF-16 index of `text` in the input. */
  offset: number;
  /** Node type of the statement (for a typed EXPLAIN: of the statement inside it) and its tree. */
  type: string;
  stmt: Node;
  /** The user typed EXPLAIN around it (its options are dropped; pgsight sends its own). */
  typedExplain: boolean;
}

export class StatementBodyError extends Error {
  constructor(
    message: string,
    readonly sqlstate: string,
    /** 0-based UTF-16 index into the input, when PostgreSQL's parser gave a position. */
    readonly position?: number,
  ) {
    super(message);
  }
}

let loaded: Promise<void> | undefined;

/** Loads the parser's WASM once. */
export async function parserReady(): Promise<void> {
  loaded ??= loadModule();
  await loaded;
}

/** libpg-query counts bytes of UTF-8; JavaScript strings count UTF-16 units. */
function utf16Index(bytes: Buffer, byteOffset: number): number {
  return bytes.subarray(0, byteOffset).toString('utf8').length;
}

interface Token {
  start: number;
  end: number;
  text: string;
  tokenName: string;
}

const commentTokens = new Set(['SQL_COMMENT', 'C_COMMENT']);

function codeTokens(text: string): Token[] {
  const scanned = scanSync(text) as { tokens?: Token[] };
  return (scanned.tokens ?? []).filter((t) => !commentTokens.has(t.tokenName));
}

/** The tree without locations: two parses of the same statement at different offsets compare equal. */
function withoutLocations(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(withoutLocations);
  }
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node as Node)
        .filter(([k]) => k !== 'location' && k !== 'stmt_location' && k !== 'stmt_len')
        .map(([k, v]) => [k, withoutLocations(v)]),
    );
  }
  return node;
}

/**
 * Byte offset, inside an EXPLAIN statement's text, of the statement EXPLAIN wraps. The grammar
 * (gram.y ExplainStmt): EXPLAIN ExplainableStmt | EXPLAIN analyze_keyword [VERBOSE] … |
 * EXPLAIN VERBOSE … | EXPLAIN '(' utility_option_list ')' ExplainableStmt.
 */
function innerStart(explainText: string): number | undefined {
  const tokens = codeTokens(explainText);
  if (tokens[0]?.text.toLowerCase() !== 'explain') {
    return undefined;
  }
  let i = 1;
  if (tokens[i]?.text === '(') {
    let depth = 0;
    for (; i < tokens.length; i++) {
      depth += tokens[i]!.text === '(' ? 1 : tokens[i]!.text === ')' ? -1 : 0;
      if (depth === 0) {
        break;
      }
    }
    i++;
  } else {
    while (i < tokens.length && ['analyze', 'analyse', 'verbose'].includes(tokens[i]!.text.toLowerCase())) {
      i++;
    }
  }
  return tokens[i]?.start;
}

export interface StatementBodyOptions {
  /** Take the statement inside a typed EXPLAIN (EXPLAIN's own use; Run sends EXPLAIN as typed). Default true. */
  unwrapExplain?: boolean;
  /** What the statement is for, in messages ("explain", "run"). Default "explain". */
  verb?: string;
}

/** The one statement of `sql` (a trailing semicolon and comments around it are fine). */
export async function statementBody(sql: string, options: StatementBodyOptions = {}): Promise<StatementBody> {
  const verb = options.verb ?? 'explain';
  await parserReady();
  let tree: { stmts?: { stmt?: Node; stmt_location?: number; stmt_len?: number }[] };
  try {
    tree = parseSync(sql) as typeof tree;
  } catch (err) {
    const e = err as { message?: string; sqlDetails?: { cursorPosition?: number } };
    throw new StatementBodyError(e.message ?? String(err), '42601', e.sqlDetails?.cursorPosition);
  }
  const stmts = (tree.stmts ?? []).filter((s) => s.stmt);
  if (stmts.length === 0) {
    throw new StatementBodyError(`There is no SQL statement here to ${verb}.`, '42601');
  }
  if (stmts.length > 1) {
    throw new StatementBodyError(`This is ${stmts.length} statements; ${verb === 'explain' ? 'EXPLAIN takes one' : `pgsight sends one at a time (Run File runs them all)`}. Put the cursor in one statement or select it.`, '42601');
  }
  const bytes = Buffer.from(sql, 'utf8');
  const { stmt, stmt_location: location = 0, stmt_len: length = 0 } = stmts[0]!;
  // stmt_len 0: the statement runs to the end of the input
  let startByte = location;
  const endByte = length === 0 ? bytes.length : location + length;
  let text = bytes.subarray(startByte, endByte).toString('utf8');
  let [type, node] = Object.entries(stmt!)[0] as [string, Node];
  let typedExplain = false;
  if (type === 'ExplainStmt' && options.unwrapExplain !== false) {
    typedExplain = true;
    const inner = innerStart(text);
    if (inner === undefined) {
      throw new StatementBodyError('pgsight could not find the statement inside this EXPLAIN.', '42601');
    }
    startByte += inner;
    text = bytes.subarray(startByte, endByte).toString('utf8');
    const reparsed = (parseSync(text) as typeof tree).stmts ?? [];
    if (reparsed.length !== 1 || JSON.stringify(withoutLocations(reparsed[0]!.stmt)) !== JSON.stringify(withoutLocations(node.query))) {
      throw new StatementBodyError('pgsight could not find the statement inside this EXPLAIN: its text parses differently on its own.', '42601');
    }
    [type, node] = Object.entries(node.query as Node)[0] as [string, Node];
  } else {
    // leading comments are the statement's (stmt_location counts them); start at its first token
    const first = codeTokens(text)[0];
    startByte += first?.start ?? 0;
    text = bytes.subarray(startByte, endByte).toString('utf8');
  }
  return { text: text.trimEnd(), offset: utf16Index(bytes, startByte), type, stmt: node, typedExplain };
}
