/**
 * Names and constants in a statement that have a page of their own: built-in functions,
 * data types (where a type is expected), configuration parameters (where a setting is
 * named), system catalogs and views, SQLSTATE codes and condition names, template0…
 * A column or table of the user's that happens to share a word with the manual gets null.
 */
import { findEntry, type DocsTarget } from './docsIndex';
import { commandAt } from './statementCommand';
import { queryScope } from './queryScope';
import type { NestedTokens } from '../parser';

const systemSchemas = new Set(['PG_CATALOG', 'INFORMATION_SCHEMA']);

/** Commands whose parenthesised lists hold `name type` pairs. */
const definitionCommands = new Set([
  'CREATE TABLE', 'CREATE FOREIGN TABLE', 'CREATE TYPE', 'CREATE FUNCTION', 'CREATE PROCEDURE', 'CREATE AGGREGATE',
  'ALTER TABLE', 'ALTER FUNCTION', 'DROP FUNCTION', 'DROP PROCEDURE', 'ALTER PROCEDURE', 'CREATE DOMAIN', 'DROP AGGREGATE',
  'CREATE CAST', 'DROP CAST', 'PREPARE',
]);
const beforeTypedName = new Set(['(', ',', 'IN', 'OUT', 'INOUT', 'VARIADIC', 'ADD', 'COLUMN', 'DECLARE']);

/** The name a token spells: quoted identifiers as written, others case-folded. */
function nameOf(view: NestedTokens, i: number): string {
  const text = view.text(i);
  return text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text.toLowerCase();
}

/** Whether a data type is expected at token i (after ::, CAST(… AS, in a column definition…). */
function typeExpected(view: NestedTokens, i: number, phraseEnd: number): boolean {
  const prev = view.text(i - 1);
  const prevWord = view.plainWord(i - 1);
  if (prev === '::' || prevWord === 'TYPE' || prevWord === 'RETURNS' || prevWord === 'SETOF') {
    return true;
  }
  if (prevWord === 'AS' && view.plainWord((view.opener[i] ?? -1) - 1) === 'CAST') {
    return true;
  }
  const next = view.tokens[phraseEnd + 1];
  if (next?.kind === 'SCONST' && !next.text.startsWith('$') && i > 0 && view.text(i - 1) !== '.') {
    return true; // a typed literal: DATE '2024-01-31', INTERVAL '1 day'
  }
  const cmd = commandAt(view, 0)?.title ?? '';
  const namedBefore = i > 0 && (view.tokens[i - 1]!.kind === 'IDENT' || view.isKeyword(i - 1));
  if (definitionCommands.has(cmd) && (beforeTypedName.has(prev) || (namedBefore && beforeTypedName.has(view.plainWord(i - 2) ?? view.text(i - 2))))) {
    return true;
  }
  if (cmd === 'CREATE DOMAIN' && prevWord === 'AS') {
    return true;
  }
  if (cmd === 'DECLARE' && view.plainWord(i - 2) === 'DECLARE' && namedBefore) {
    return true; // a PL/pgSQL block's first declaration (an SQL cursor has CURSOR here)
  }
  // a PL/pgSQL declaration: `total numeric;`
  return i === 1 && view.tokens[0]!.kind === 'IDENT' && !cmd;
}

/** A data type (one or several words: double precision, timestamp with time zone) at token i. */
export function typeAt(view: NestedTokens, i: number): DocsTarget | null {
  for (let start = Math.max(0, i - 3); start <= i; start++) {
    for (let end = Math.min(view.length - 1, start + 3); end >= i; end--) {
      const words: string[] = [];
      for (let k = start; k <= end && view.plainWord(k); k++) {
        words.push(nameOf(view, k));
      }
      if (words.length !== end - start + 1) {
        continue;
      }
      const name = words.join(' ');
      const hit = findEntry('type', name) ?? datatypeTerm(name);
      if (hit && typeExpected(view, start, end)) {
        return hit;
      }
    }
  }
  return null;
}

/** Types the manual's type table leaves out (regclass, anyelement…), from its book index. */
function datatypeTerm(name: string): DocsTarget | null {
  const term = findEntry('term', name);
  return term && (term.page.startsWith('datatype-') || term.page === 'extend-type-system.html') ? { ...term, kind: 'type' } : null;
}

export function nameMeaning(view: NestedTokens, i: number): DocsTarget | null {
  const t = view.tokens[i]!;
  if (t.kind === 'SCONST') {
    return stringMeaning(view, i);
  }
  if (t.kind !== 'IDENT' && t.keywordKind === 0) {
    return null;
  }
  const name = nameOf(view, i);
  if (view.text(i - 1) === '.' && view.plainWord(i - 2) === 'INFORMATION_SCHEMA') {
    return findEntry('infoschema', name);
  }
  if (view.text(i - 1) === '.' && !systemSchemas.has(view.plainWord(i - 2) ?? '')) {
    // a custom setting (auto_explain.log_analyze) or a user's qualified name
    const dotted = `${nameOf(view, i - 2)}.${name}`;
    return findEntry('guc', dotted) ?? findEntry('term', dotted);
  }
  if (view.text(i + 1) === '.') {
    const dotted = `${name}.${nameOf(view, i + 2)}`;
    return findEntry('construct', name) ?? findEntry('guc', dotted) ?? findEntry('term', dotted);
  }
  if (view.text(i + 1) === '(') {
    // bytea(…), cidr(…): a cast written as a call, documented with its type; lo_open(…),
    // pg_available_extensions(): the manual's own index entry for that very name
    return (
      findEntry('function', name) ?? typeAt(view, i) ?? findEntry('type', name) ?? findEntry('view', name) ?? findEntry('catalog', name) ?? findEntry('term', name)
    );
  }
  const type = typeAt(view, i);
  if (type) {
    return type;
  }
  const prev = view.plainWord(i - 1);
  if (prev && ['SET', 'SHOW', 'RESET', 'LOCAL', 'SESSION'].includes(prev)) {
    const head = queryScope(view, i).headWord;
    if (head !== 'UPDATE' && head !== 'INSERT' && head !== 'MERGE') {
      const guc = findEntry('guc', name);
      if (guc) {
        return guc;
      }
    }
  }
  const catalog = findEntry('catalog', name) ?? findEntry('view', name);
  if (catalog) {
    return catalog;
  }
  const distinctive = name.includes('_') || /\d/.test(name);
  if (distinctive || prev === 'WHEN' || prev === 'OR') {
    const condition = findEntry('condition', name);
    if (condition) {
      return condition;
    }
  }
  if (distinctive) {
    const guc = findEntry('guc', name);
    if (guc) {
      return guc;
    }
  }
  const concept = findEntry('construct', name);
  if (concept) {
    return concept;
  }
  return distinctive ? findEntry('term', name) : null;
}

/** String constants: SQLSTATE '42P01', current_setting('work_mem'), 'pg_class'::regclass. */
function stringMeaning(view: NestedTokens, i: number): DocsTarget | null {
  const m = /^'((?:[^']|'')*)'$/.exec(view.text(i));
  if (!m) {
    return null;
  }
  const value = m[1]!.replace(/''/g, "'");
  if (/^[0-9A-Z]{5}$/.test(value)) {
    return findEntry('sqlstate', value);
  }
  const call = view.plainWord((view.opener[i] ?? -1) - 1);
  if (call === 'CURRENT_SETTING' || call === 'SET_CONFIG') {
    return findEntry('guc', value);
  }
  return findEntry('catalog', value) ?? findEntry('view', value);
}
