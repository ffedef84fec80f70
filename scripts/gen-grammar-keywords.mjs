// Regenerates the keyword and built-in type rules of syntaxes/pgsql.tmLanguage.json from a
// real PostgreSQL: keywords from pg_get_keywords() (the server's own keyword list, with its
// reserved/unreserved category), types from pg_type in pg_catalog. Only these generated
// repository entries are rewritten; the rest comes from scripts/build-grammar.mjs.
//   node scripts/gen-grammar-keywords.mjs [postgres://…]
// Without a URL it uses PGSIGHT_TEST_URL, else starts a throwaway embedded PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbeddedPostgres } from './lib/embeddedPg.mjs';

const grammarPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'syntaxes', 'pgsql.tmLanguage.json');

// Built-in type names that are far more often column names than types in real schemas
// (`name`, `path`, `point`…): highlighting every `name` column as a type is noise. They are
// still highlighted after `::`, where they can only be types.
const typesSeldomWrittenAsTypes = new Set(['name', 'path', 'line', 'point', 'box', 'circle', 'polygon', 'lseg', 'unknown']);
// SQL-standard type spellings the parser turns into pg_catalog types; they are keywords
// (col_name category), and `serial` & co. are CREATE TABLE shorthands, not pg_type rows.
const sqlTypeSpellings = ['bigint', 'boolean', 'character', 'char', 'dec', 'decimal', 'float', 'int', 'integer', 'real', 'smallint', 'varchar', 'nchar',
  'serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial'];
// Multi-word type names, matched before single words so `double precision` is one token.
const multiWordTypes = [
  'double\\s+precision',
  '(?:character|char|nchar|bit)\\s+varying',
  'national\\s+(?:character|char)(?:\\s+varying)?',
  '(?:timestamp|time)(?:\\s*\\(\\s*\\d+\\s*\\))?\\s+with(?:out)?\\s+time\\s+zone',
];
// Keywords that read as operators or constants get their own scopes.
const logicalOperators = ['and', 'or', 'not'];
const constants = { true: 'constant.language.boolean.pgsql', false: 'constant.language.boolean.pgsql', null: 'constant.language.null.pgsql' };
// Keywords that can never be a function name even when followed by `(`: the reserved and
// type_func_name categories (`in (`, `join (`…) and a few col_name keywords that introduce a
// parenthesised list (`values (`, `exists (`, `row (`). `left(`, `right(` are functions.
const colNameNotFunctions = ['between', 'exists', 'inout', 'national', 'none', 'out', 'precision', 'row', 'setof', 'values'];
// Words that start a line before a type without declaring anything (`RETURNS int`).
const notDeclaredNames = ['returns', 'return', 'setof', 'variadic', 'type'];
const typeFuncNameFunctions = ['left', 'right', 'current_schema', 'collation'];

/**
 * The alternation of `words` as a trie: `ab(?:ort|s(?:olute|ent))`. A flat `abort|absent|…`
 * of 400 words makes Oniguruma try every alternative at every character of every line; the
 * trie rejects a position after one or two characters (the keyword rules got ~3x faster).
 * The longer word is tried first at each branch; the caller's `(?![\w$])` picks the whole word.
 */
function trie(words) {
  const root = new Map();
  for (const w of new Set(words)) {
    let node = root;
    for (const ch of w) {
      if (!node.has(ch)) {
        node.set(ch, new Map());
      }
      node = node.get(ch);
    }
    node.set('', null); // end of a word
  }
  const emit = (node) => [...node.keys()].filter((ch) => ch !== '').sort().map((ch) => {
    const child = node.get(ch);
    const rest = [...child.keys()].filter((c) => c !== '');
    if (rest.length === 0) {
      return ch;
    }
    const sub = emit(child);
    if (child.has('')) {
      return `${ch}(?:${sub})?`;
    }
    return rest.length === 1 && !sub.startsWith('(') && !sub.includes('|') ? `${ch}${sub}` : `${ch}(?:${sub})`;
  }).join('|');
  return emit(root);
}

/** One regular expression matching any of `words` as a whole word, case-insensitively. */
function wordsRegex(words) {
  // \b(?<!\$) before a word character means (?<![\w$]) and is ~5x faster in Oniguruma
  return `(?i)\\b(?<!\\$)(?:${trie(words)})(?![\\w$])`;
}

async function withServer(run) {
  const url = process.argv[2] ?? process.env.PGSIGHT_TEST_URL;
  if (url) {
    return run(url);
  }
  const server = await startEmbeddedPostgres();
  try {
    return await run(server.url);
  } finally {
    await server.stop();
  }
}

const { keywords, types, version } = await withServer(async (url) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const k = await client.query('SELECT word, catcode FROM pg_get_keywords() ORDER BY word');
    const t = await client.query(`SELECT typname FROM pg_type
      WHERE typnamespace = 'pg_catalog'::regnamespace AND typrelid = 0 AND typname !~ '^_'
      ORDER BY typname`);
    const v = await client.query('SHOW server_version');
    return { keywords: k.rows, types: t.rows.map((r) => r.typname), version: v.rows[0].server_version };
  } finally {
    await client.end();
  }
});

const typeWords = [...types.filter((t) => !typesSeldomWrittenAsTypes.has(t)), ...sqlTypeSpellings];
const typeSet = new Set(typeWords);
const special = new Set([...logicalOperators, ...Object.keys(constants)]);
const reserved = keywords.filter((k) => (k.catcode === 'R' || k.catcode === 'T') && !special.has(k.word) && !typeSet.has(k.word)).map((k) => k.word);
const unreserved = keywords.filter((k) => (k.catcode === 'U' || k.catcode === 'C') && !special.has(k.word) && !typeSet.has(k.word)).map((k) => k.word);
const notFunctions = keywords
  .filter((k) => ((k.catcode === 'R' || k.catcode === 'T') && !typeFuncNameFunctions.includes(k.word)) || colNameNotFunctions.includes(k.word))
  .map((k) => k.word);

const source = `generated by scripts/gen-grammar-keywords.mjs from PostgreSQL ${version}: do not edit by hand`;
const grammar = JSON.parse(fs.readFileSync(grammarPath, 'utf8'));
Object.assign(grammar.repository, {
  'types-builtin': {
    comment: `${source} (pg_type in pg_catalog, plus the SQL-standard spellings)`,
    patterns: [
      { name: 'storage.type.pgsql', match: `(?i)\\b(?<!\\$)(?:${multiWordTypes.join('|')})(?![\\w$])` },
      { name: 'storage.type.pgsql', match: wordsRegex(typeWords) },
    ],
  },
  'keywords': {
    comment: `${source} (pg_get_keywords(): R and T are reserved, U and C unreserved)`,
    patterns: [
      { name: 'keyword.operator.logical.pgsql', match: wordsRegex(logicalOperators) },
      ...Object.entries(constants).map(([word, name]) => ({ name, match: wordsRegex([word]) })),
      { name: 'keyword.other.reserved.pgsql', match: wordsRegex(reserved) },
      { name: 'keyword.other.unreserved.pgsql', match: wordsRegex(unreserved) },
    ],
  },
  'declared-name': {
    comment: `${source}: a name that starts a line or follows ( or , and is followed by a built-in type is being declared (a column, a parameter, a PL/pgSQL variable), even when it is an unreserved keyword such as name or value`,
    match: `(?i)(?:^|(?<=[(,]))\\s*(?!(?:${trie([...notFunctions, ...notDeclaredNames])})(?![\\w$]))((?>[A-Za-z_\\x{80}-\\x{10FFFF}][\\w$\\x{80}-\\x{10FFFF}]*))(?=\\s+(?:${multiWordTypes.join('|')}|${trie(typeWords)})(?![\\w$]))`,
    captures: { 1: { name: 'variable.other.declaration.pgsql' } },
  },
  'function-call': {
    comment: `${source}: a name followed by '(' is a call unless it is a keyword that cannot name a function`,
    begin: `(?i)\\b(?<!\\$)(?!(?:${trie(notFunctions)})(?![\\w$]))([A-Za-z_\\x{80}-\\x{10FFFF}][\\w$\\x{80}-\\x{10FFFF}]*)\\s*(\\()`,
    beginCaptures: { 1: { name: 'entity.name.function.pgsql' }, 2: { name: 'punctuation.section.arguments.begin.pgsql' } },
    end: '\\)',
    endCaptures: { 0: { name: 'punctuation.section.arguments.end.pgsql' } },
    name: 'meta.function-call.pgsql',
    patterns: [{ include: '#expressions' }],
  },
});
fs.writeFileSync(grammarPath, `${JSON.stringify(grammar, null, 2)}\n`);
console.log(`${path.relative(process.cwd(), grammarPath)}: ${reserved.length} reserved and ${unreserved.length} unreserved keywords, ${typeWords.length} types (PostgreSQL ${version})`);
