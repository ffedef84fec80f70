/**
 * Completion places, picked mechanically from real SQL: every name token of every statement
 * the analysis accepts (no diagnostic), cut to 0, 1 and 2 characters, once with the rest of
 * the statement kept and once with everything after the cursor deleted (typing at the end).
 * The name the user meant is the token itself; a place counts only when that name can be
 * known before it is typed: it is in the catalog or occurs earlier in the document, and the
 * token does not define it (an output alias, a CTE, the name a CREATE creates — see
 * isDefinition). Used by completionQuality.bench.ts.
 */
import { analyzeDocument } from '../server/src/analysis/analyzeDocument';
import { completeAt } from '../server/src/analysis/completion/completeAt';
import { isNameToken, nameOf } from '../server/src/analysis/tokens/statementTokens';
import type { Catalog } from '../server/src/catalog/model';
import { ParsedDocumentCache, scanSql, type Token } from '../server/src/parser';

export type PlaceKind = 'alias.column' | 'column' | 'relation' | 'function' | 'order/group by, having' | 'other';
export type Variant = 'rest kept' | 'rest deleted';

export interface Place {
  kind: PlaceKind;
  variant: Variant;
  prefix: number;
  /** the document text with the cursor's word cut, and the cursor offset */
  text: string;
  offset: number;
  expected: string;
  /** what the statement goes on with from the cursor's word (whitespace collapsed, lower case) */
  written: string;
}

export interface Outcome {
  place: Place;
  /** 1-based rank of the expected name in the list, 0 when not offered */
  rank: number;
  ms: number;
  items: number;
}

/** Names the catalog knows: relations, columns, functions, types, schemas (lower-cased). */
function catalogNames(catalog: Catalog): { relations: Set<string>; columns: Set<string>; all: Set<string> } {
  const relations = new Set<string>();
  const columns = new Set<string>();
  const all = new Set<string>();
  for (const r of catalog.relations) {
    if (r.schema === 'pg_catalog' || r.schema === 'information_schema') {
      continue;
    }
    relations.add(r.name);
    for (const c of r.columns) {
      columns.add(c.name);
    }
  }
  for (const f of catalog.functions) {
    all.add(f.name);
  }
  for (const t of catalog.types) {
    all.add(t.name);
  }
  for (const s of catalog.schemas) {
    all.add(s);
  }
  for (const n of [...relations, ...columns]) {
    all.add(n);
  }
  return { relations, columns, all };
}

const clauseWords = new Set(['SELECT', 'FROM', 'WHERE', 'GROUP', 'ORDER', 'HAVING', 'LIMIT', 'ON', 'JOIN', 'SET', 'VALUES', 'RETURNING', 'WINDOW', 'USING']);
const relationWords = new Set(['FROM', 'JOIN', 'UPDATE', 'INTO', 'TABLE', 'ONLY', 'LATERAL', 'REFERENCES']);

function kindOf(tokens: Token[], k: number, name: string, names: ReturnType<typeof catalogNames>, documentRelations: Set<string>): PlaceKind {
  const prev = tokens[k - 1];
  const next = tokens[k + 1];
  if (prev?.text === '.') {
    return 'alias.column';
  }
  if (next?.text === '(' && !(prev && relationWords.has(prev.text.toUpperCase()))) {
    return 'function';
  }
  if (prev && relationWords.has(prev.text.toUpperCase())) {
    return 'relation';
  }
  // the clause the token is in: the nearest clause word before it at its parenthesis depth
  let depth = 0;
  for (let j = k - 1; j >= 0; j--) {
    const t = tokens[j]!.text;
    if (t === ')') {
      depth++;
    } else if (t === '(') {
      if (depth === 0) {
        break;
      }
      depth--;
    } else if (depth === 0 && clauseWords.has(t.toUpperCase())) {
      const w = t.toUpperCase();
      if (w === 'HAVING' || ((w === 'GROUP' || w === 'ORDER') && tokens[j + 1]?.text.toUpperCase() === 'BY')) {
        return 'order/group by, having';
      }
      break;
    }
  }
  if (names.columns.has(name)) {
    return 'column';
  }
  if (names.relations.has(name) || documentRelations.has(name)) {
    return 'relation';
  }
  return 'other';
}

const createdKinds = new Set(['TABLE', 'VIEW', 'INDEX', 'FUNCTION', 'PROCEDURE', 'TYPE', 'DOMAIN', 'SCHEMA', 'SEQUENCE', 'TRIGGER', 'DATABASE', 'EXTENSION']);

/**
 * Whether token k defines a new name rather than referring to one: an output or CTE alias,
 * a CTE's column list, the name a CREATE creates, a column definition of CREATE TABLE, the
 * new name of ADD COLUMN / RENAME … TO. Completion cannot know such a name.
 */
function isDefinition(tokens: Token[], k: number): boolean {
  const word = (i: number) => tokens[i]?.text.toUpperCase() ?? '';
  const openerOf = (i: number): number => {
    let depth = 0;
    for (let j = i - 1; j >= 0; j--) {
      if (tokens[j]!.text === ')') {
        depth++;
      } else if (tokens[j]!.text === '(') {
        if (depth === 0) {
          return j;
        }
        depth--;
      }
    }
    return -1;
  };
  const open = openerOf(k);
  if (word(k - 1) === 'AS' && !(open > 0 && word(open - 1) === 'CAST')) {
    return true;
  }
  // an alias without AS: after a FROM item (`from orders o`, `(…) s`) or an expression (`count(*) n`)
  const next = tokens[k + 1]?.text;
  if (next !== '.' && next !== '(') {
    let p = k - 1;
    if (tokens[p]?.text === ')') {
      return true;
    }
    while (isNameTokenAt(tokens, p) && tokens[p - 1]?.text === '.' && isNameTokenAt(tokens, p - 2)) {
      p -= 2;
    }
    if (isNameTokenAt(tokens, p) && ['FROM', 'JOIN', 'UPDATE', 'INTO', 'USING', ',', 'ONLY'].includes(word(p - 1)) && tokens[p]?.kind === 'IDENT') {
      return true;
    }
  }
  // a column alias list: `as g(a, b)`
  if (open > 1 && isNameTokenAt(tokens, open - 1) && word(open - 2) === 'AS') {
    return true;
  }
  if (word(k + 1) === 'AS' && (tokens[k + 2]?.text === '(' || ['MATERIALIZED', 'NOT'].includes(word(k + 2)))) {
    return true;
  }
  // a CTE's column list: `name (a, b) AS (`, and the name itself
  const closeAfter = (i: number): number => {
    let depth = 0;
    for (let j = i; j < tokens.length; j++) {
      if (tokens[j]!.text === '(') {
        depth++;
      } else if (tokens[j]!.text === ')' && --depth === 0) {
        return j;
      }
    }
    return tokens.length;
  };
  if (tokens[k + 1]?.text === '(' && word(closeAfter(k + 1) + 1) === 'AS' && tokens[closeAfter(k + 1) + 2]?.text === '(') {
    return true;
  }
  if (open > 0 && isNameTokenAt(tokens, open - 1) && word(closeAfter(open) + 1) === 'AS' && tokens[closeAfter(open) + 2]?.text === '(') {
    return true;
  }
  // CREATE … KIND [IF NOT EXISTS] [CONCURRENTLY] [schema.]name
  let j = k - 1;
  while (tokens[j]?.text === '.' && isNameTokenAt(tokens, j - 1)) {
    j -= 2;
  }
  if (word(j) === 'EXISTS' && word(j - 2) === 'IF') {
    j -= 3;
  }
  if (word(j) === 'CONCURRENTLY') {
    j--;
  }
  if (createdKinds.has(word(j)) && tokens.slice(Math.max(0, j - 4), j).some((t) => t.text.toUpperCase() === 'CREATE')) {
    return true;
  }
  // a column definition: right after `(` or `,` of CREATE TABLE name (
  if (open > 0 && (tokens[k - 1]?.text === '(' || tokens[k - 1]?.text === ',') && word(0) === 'CREATE' && openerOf(open) === -1) {
    const kind = tokens.slice(0, open).find((t) => createdKinds.has(t.text.toUpperCase()));
    if (kind?.text.toUpperCase() === 'TABLE') {
      return true;
    }
  }
  if (word(k - 1) === 'TO' && tokens.some((t) => t.text.toUpperCase() === 'RENAME')) {
    return true;
  }
  return word(k - 1) === 'ADD' || (word(k - 1) === 'COLUMN' && word(k - 2) === 'ADD') || (word(k - 1) === 'EXISTS' && word(k - 3) === 'ADD');
}

function isNameTokenAt(tokens: Token[], i: number): boolean {
  return isNameToken(tokens[i], true);
}

/** The places of one SQL file, over `catalog`. Statements with a diagnostic are skipped. */
export function placesOf(fileText: string, catalog: Catalog, isSchemaFile = false): Place[] {
  const names = catalogNames(catalog);
  const doc = ParsedDocumentCache.parseText(fileText);
  const problems = analyzeDocument(doc, catalog);
  const places: Place[] = [];
  // earlier DDL is kept in front of each statement (a migration: tables created above)
  let ddl = '';
  const seenInDocument = new Set<string>();
  const documentRelations = new Set<string>();
  for (const s of doc.statements) {
    const stText = fileText.slice(s.span.start, s.span.end);
    const clean = s.stmts !== undefined && !problems.some((p) => p.start >= s.span.start && p.start <= s.span.end);
    const tokens = scanSql(stText).filter((t) => t.kind !== 'SQL_COMMENT' && t.kind !== 'C_COMMENT');
    // the CREATE statements of the schema the catalog was loaded from define its names
    const defines = isSchemaFile && /^\s*create\s+(table|type|domain|schema|index|unique|sequence|extension)\b/i.test(stText);
    tokens.forEach((t, k) => {
      if (!isNameToken(t) || t.text.startsWith('"') || !clean || defines) {
        return;
      }
      const name = nameOf(t);
      const known = names.all.has(name) || seenInDocument.has(name);
      if (!known || (t.kind !== 'IDENT' && !names.all.has(name))) {
        return;
      }
      if (isDefinition(tokens, k)) {
        return;
      }
      const kind = kindOf(tokens, k, name, names, documentRelations);
      for (const cut of [0, 1, 2]) {
        if (t.text.length <= cut) {
          continue;
        }
        const before = ddl + stText.slice(0, t.start) + t.text.slice(0, cut);
        const after = stText.slice(t.end);
        const written = normalized(stText.slice(t.start));
        places.push({ kind, variant: 'rest kept', prefix: cut, text: before + after, offset: before.length, expected: name, written });
        places.push({ kind, variant: 'rest deleted', prefix: cut, text: before, offset: before.length, expected: name, written });
      }
    });
    if (!clean) {
      continue;
    }
    for (const t of tokens) {
      if (isNameToken(t, true)) {
        seenInDocument.add(nameOf(t));
      }
    }
    if (/^\s*(create|alter|drop)\b/i.test(stText)) {
      ddl += stText.trimEnd().endsWith(';') ? `${stText}\n` : `${stText};\n`;
      const created = /^\s*create\s+(?:or\s+replace\s+)?(?:temp\w*\s+|unlogged\s+|materialized\s+)?(?:table|view)\s+(?:if\s+not\s+exists\s+)?([\w.]+)/i.exec(
        stText,
      );
      if (created) {
        documentRelations.add(created[1]!.split('.').pop()!.toLowerCase());
      }
    }
  }
  return places;
}

/** Runs completion at a place (timing the parse of the edit too) and finds the expected name in the answer. */
export function runPlace(place: Place, catalog: Catalog): Outcome {
  // a keystroke in an open document: the text before it is parsed and completed already (untimed), so the
  // statements the keystroke did not touch keep their parse and tokens, as in the editor.
  // The time is the median of three runs: the machine is shared, and one run's scheduling
  // hiccup is not the code's latency.
  const times: number[] = [];
  let answer: ReturnType<typeof completeAt> = null;
  const previous = place.text.slice(0, place.offset - 1) + place.text.slice(place.offset);
  for (let run = 0; run < 3; run++) {
    const editor = new ParsedDocumentCache();
    // the previous keystroke, completed too (its statements' tokens are then scanned already)
    completeAt(editor.get({ uri: 'file:///bench.sql', version: 1, getText: () => previous }), Math.max(0, place.offset - 1), catalog);
    const t0 = performance.now();
    const doc = editor.get({ uri: 'file:///bench.sql', version: 2, getText: () => place.text });
    answer = completeAt(doc, place.offset, catalog);
    times.push(performance.now() - t0);
  }
  const ms = times.sort((a, b) => a - b)[1]!;
  const items = answer?.items ?? [];
  const expected = place.expected;
  const at = items.findIndex((item) => {
    const label = item.label.toLowerCase();
    const insert = item.insertText.replace(/\(.*$/, '').replace(/\\/g, '').toLowerCase();
    return label === expected || insert === expected || insert.endsWith(`.${expected}`) || writesAhead(item, place);
  });
  return { place, rank: at + 1, ms, items: items.length };
}

/** Whitespace collapsed, lower case: how two spellings of the same SQL compare. */
function normalized(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * An item that inserts more than the name (a join condition, a whole join) counts when it
 * inserts exactly what the statement goes on with, up to a token boundary: accepting it
 * writes the name and what the user would have typed next.
 */
function writesAhead(item: { insertText: string; snippet: boolean }, place: Place): boolean {
  const defaults = new Map([...item.insertText.matchAll(/\$\{(\d+):([^}]*)\}/g)].map((m) => [m[1]!, m[2]!]));
  const plain = item.snippet
    ? item.insertText.replace(/\$\{(\d+)(?::([^}]*))?\}|\$(\d+)|\\([$}\\])/g, (_m, n: string, d: string | undefined, bare: string, esc: string) => d ?? esc ?? defaults.get(n ?? bare) ?? '')
    : item.insertText;
  const insert = normalized(plain);
  const afterName = insert[place.expected.length] ?? '';
  if (!insert.startsWith(place.expected) || afterName === '' || /[a-z0-9_$]/.test(afterName) || !place.written.startsWith(insert)) {
    return false;
  }
  return !/[a-z0-9_$]/.test(place.written[insert.length] ?? '');
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))]!;
}

export interface Summary {
  places: number;
  offered: number;
  top1: number;
  top5: number;
  medianItems: number;
  p50: number;
  p95: number;
}

export function summarize(outcomes: Outcome[]): Summary {
  const n = outcomes.length;
  const pct = (f: (o: Outcome) => boolean) => (n === 0 ? 0 : (100 * outcomes.filter(f).length) / n);
  return {
    places: n,
    offered: pct((o) => o.rank > 0),
    top1: pct((o) => o.rank === 1),
    top5: pct((o) => o.rank > 0 && o.rank <= 5),
    medianItems: percentile(
      outcomes.map((o) => o.items),
      50,
    ),
    p50: percentile(
      outcomes.map((o) => o.ms),
      50,
    ),
    p95: percentile(
      outcomes.map((o) => o.ms),
      95,
    ),
  };
}

/** A markdown table: one row per place kind × prefix length, for one variant. */
export function qualityTable(outcomes: Outcome[], variant: Variant): string {
  const lines = [`| ${variant} | prefix | places | offered | top-1 | top-5 | median list | p50 ms | p95 ms |`, '|---|---|---|---|---|---|---|---|---|'];
  const mine = outcomes.filter((o) => o.place.variant === variant);
  const kinds: (PlaceKind | 'all')[] = ['all', 'column', 'alias.column', 'relation', 'function', 'order/group by, having', 'other'];
  for (const kind of kinds) {
    for (const prefix of [0, 1, 2]) {
      const s = summarize(mine.filter((o) => (kind === 'all' || o.place.kind === kind) && o.place.prefix === prefix));
      if (s.places === 0) {
        continue;
      }
      const f = (v: number) => v.toFixed(0);
      lines.push(
        `| ${kind} | ${prefix} | ${s.places} | ${f(s.offered)}% | ${f(s.top1)}% | ${f(s.top5)}% | ${s.medianItems} | ${s.p50.toFixed(2)} | ${s.p95.toFixed(2)} |`,
      );
    }
  }
  return lines.join('\n');
}
