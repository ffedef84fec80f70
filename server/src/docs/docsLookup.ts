/**
 * Maps the cursor or a selection in SQL text to a place in the PostgreSQL manual.
 *
 *   lookupDocs(text, start, end)   start === end: the token under the cursor, read in its
 *                                  statement; a selection: the selected words as the manual
 *                                  spells them (LEFT JOIN, CREATE DATABASE, 42P01), the whole
 *                                  statement's command, or its first token in context.
 *
 * Plain data in, plain data out (DocsTarget); the LSP feature adds the URL. Needs the parser
 * loaded (`await loadParser()`).
 */
import { keywordKind, NestedTokens } from '../parser';
import { closestKeyword } from './closestKeyword';
import { findAny, findEntry, findEntryAnyVersion, type DocsTarget } from './docsIndex';
import { commandFor, tokenMeaning } from './tokenMeaning';
import { commandAt } from './statementCommand';
import { plpgsqlMeaning } from './plpgsqlMeaning';
import { textSource, type StatementSource } from './statementSource';

/** Function bodies are SQL or PL/pgSQL inside a dollar quote: looked into, one level or two. */
const maxBodyDepth = 2;

export function lookupDocs(
  text: string,
  start: number,
  end = start,
  source: StatementSource = textSource(text),
  depth = 0,
  language: string | null = null,
): DocsTarget | null {
  if (end < start) {
    [start, end] = [end, start];
  }
  const spans = source.spans();
  const span =
    spans.find((s) => start >= s.start && start <= s.end) ?? (end > start ? spans.find((s) => s.start >= start && s.start < end) : undefined);
  if (!span) {
    return end > start ? findAny(text.slice(start, end)) : null;
  }
  const view = new NestedTokens(source.tokens(span));
  const relStart = Math.max(0, start - span.start);
  const here: Here = { view, statement: span.text, parse: () => source.parse(span), depth, language };
  if (end === start) {
    return atCursor(here, relStart);
  }
  return inSelection(here, text.slice(start, end), relStart, end - span.start);
}

/** The statement being read: its tokens, its text, its parse on demand, how deep in bodies. */
interface Here {
  view: NestedTokens;
  statement: string;
  parse: () => ReturnType<StatementSource['parse']>;
  depth: number;
  /** Language of the function body being read (plpgsql, sql…), null at the top level. */
  language: string | null;
}

/** The language of a DO block or function body: its LANGUAGE clause, else DO's plpgsql / SQL. */
function bodyLanguage(view: NestedTokens): string {
  const at = view.findForward(0, (k) => view.plainWord(k) === 'LANGUAGE' && view.depth[k] === 0);
  const name = at >= 0 ? view.text(at + 1).replace(/^['"]|['"]$/g, '').toLowerCase() : null;
  return name ?? (commandAt(view, 0)?.title === 'DO' ? 'plpgsql' : 'sql');
}

function atCursor(here: Here, offset: number): DocsTarget | null {
  const { view, statement, depth } = here;
  const i = view.tokenAt(offset);
  if (i < 0) {
    return null;
  }
  const t = view.tokens[i]!;
  if (t.kind === 'SCONST' && t.text.startsWith('$')) {
    const tag = /^\$[^$]*\$/.exec(t.text)?.[0] ?? '$$';
    const bodyStart = t.start + tag.length;
    const bodyEnd = t.text.endsWith(tag) && t.text.length >= 2 * tag.length ? t.end - tag.length : t.end;
    if (offset >= bodyStart && offset < bodyEnd) {
      const body = statement.slice(bodyStart, bodyEnd);
      const rel = offset - bodyStart;
      return depth < maxBodyDepth ? lookupDocs(body, rel, rel, textSource(body), depth + 1, bodyLanguage(view)) : null;
    }
    return findEntry('construct', '$$');
  }
  const meaning = (here.language === 'plpgsql' ? plpgsqlMeaning(view, i) : null) ?? tokenMeaning(view, i);
  if (meaning || depth > 0 || t.kind !== 'IDENT' || t.text.startsWith('"')) {
    return meaning;
  }
  return misspelled(here, i);
}

/**
 * An unknown word where PostgreSQL's parser stops (`SELEC 1`, `… LEFT JION b`) is read as the
 * keyword it most likely misspells. A word the statement parses with is a name, never fixed.
 */
function misspelled(here: Here, i: number): DocsTarget | null {
  const { view } = here;
  const outcome = here.parse();
  if (outcome.ok) {
    return null;
  }
  const t = view.tokens[i]!;
  const next = view.tokens[i + 1];
  if (!mayBeMisspelledKeyword(t.text, next?.text)) {
    return null;
  }
  const at = outcome.error.offset;
  if (at < t.start || at > (next?.start ?? t.end)) {
    return null;
  }
  const word = closestKeyword(t.text);
  if (!word) {
    return null;
  }
  return tokenMeaning(view.withWord(i, word, keywordKind(word) || 1), i);
}

function inSelection(here: Here, selected: string, from: number, to: number): DocsTarget | null {
  const { view } = here;
  const s = selected.trim().replace(/\s+/g, ' ').replace(/\s*;$/, '');
  if (!s) {
    return atCursor(here, from);
  }
  const typed = typeSpelling(s) ?? systemName(s);
  if (typed) {
    return typed;
  }
  const call = /^(?:[A-Za-z_][\w$]*\.)?([A-Za-z_][\w$]*)\s*\(.*\)$/s.exec(s);
  if (call) {
    const hit = findEntry('function', call[1]!) ?? findEntry('construct', call[1]!);
    if (hit) {
      return hit;
    }
  }
  const inside: number[] = [];
  view.tokens.forEach((t, i) => {
    if (t.end > from && t.start < to) {
      inside.push(i);
    }
  });
  if (inside.length === 1) {
    // one token selected: the same reading as the cursor on it (`@>` next to jsonb is jsonb's)
    const one = atCursor(here, view.tokens[inside[0]!]!.start);
    if (one) {
      return one;
    }
  }
  const exact = findAny(s.replace(/^'(.*)'$/, '$1'));
  if (exact || inside.length === 0) {
    return exact;
  }
  let last = view.length - 1;
  while (last > 0 && view.text(last) === ';') {
    last--;
  }
  if (inside[0] === 0 && inside[inside.length - 1]! >= last && inside.length > 1) {
    const cmd = commandFor(view, 0);
    const whole = cmd ? findEntry('command', cmd.title) : null;
    if (whole) {
      return whole;
    }
  }
  const corrected = correctedPhrase(s);
  if (corrected) {
    return corrected;
  }
  const first = inside.find((i) => view.text(i) !== '(' && view.text(i) !== ',') ?? inside[0]!;
  return atCursor(here, view.tokens[first]!.start);
}

/**
 * Whether a word may be read as a misspelled keyword: never a name called as a function
 * (`lpad(`), a name the manual documents (tand, setval, acldefault: they are not typos), or a
 * word spelled like an identifier (pg_foo, col1). A wrong page is worse than none.
 */
function mayBeMisspelledKeyword(word: string, next: string | undefined): boolean {
  return next !== '(' && /^[A-Za-z]+$/.test(word) && !findAny(word) && !knownName(word);
}

/** A name any version of the manual documents (a function new in 18 is no typo on 15). */
function knownName(word: string): boolean {
  return (['function', 'type', 'guc', 'catalog', 'view'] as const).some((kind) => findEntryAnyVersion(kind, word) !== null);
}

/** A name qualified by a system schema: information_schema.columns, pg_catalog.now. */
function systemName(s: string): DocsTarget | null {
  const m = /^(information_schema|pg_catalog)\.([a-z_][a-z0-9_]*)$/i.exec(s);
  if (!m) {
    return null;
  }
  return m[1]!.toLowerCase() === 'information_schema' ? findEntry('infoschema', m[2]!) : findAny(m[2]!, false);
}

/** A type written with modifiers or as an array: numeric(12,2), varchar(50), int[], text[][]. */
function typeSpelling(s: string): DocsTarget | null {
  const m = /^([A-Za-z_][\w ]*?)\s*(\(\s*\d+\s*(?:,\s*-?\d+\s*)?\))?\s*((?:\[\s*\d*\s*\]\s*)*)$/.exec(s);
  return m && (m[2] || m[3]) ? findEntry('type', m[1]!) : null;
}

/**
 * A selected phrase with misspelled words (`LEFT JION`) read as the keywords they misspell:
 * only beside a real keyword, so a single selected name (`lpad`, `width`) is never a keyword.
 */
function correctedPhrase(s: string): DocsTarget | null {
  const words = s.split(' ');
  if (words.length < 2 || words.length > 4 || !words.every((w) => /^[A-Za-z_]+$/.test(w)) || !words.some((w) => keywordKind(w) > 0)) {
    return null;
  }
  let changed = false;
  const fixed = words.map((w) => {
    if (keywordKind(w) > 0 || findAny(w, false) || !mayBeMisspelledKeyword(w, undefined)) {
      return w;
    }
    const k = closestKeyword(w);
    changed ||= k !== null;
    return k ?? w;
  });
  return changed ? findAny(fixed.join(' '), false) : null;
}
