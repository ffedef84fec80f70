// Writes syntaxes/pgsql.tmLanguage.json (scope source.pgsql) from the readable rules below.
// The keyword, built-in type, declared-name and function-call entries come from a live
// PostgreSQL and are written by scripts/gen-grammar-keywords.mjs: this script keeps them as
// they are in the JSON. Tests: test/grammar/*.sql (npm run test:grammar).
//   node scripts/build-grammar.mjs [--check]   (--check: exit 1 if the JSON is not what this builds)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const grammarPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'syntaxes', 'pgsql.tmLanguage.json');
const generatedEntries = ['types-builtin', 'keywords', 'declared-name', 'function-call'];

const IDENT = String.raw`[A-Za-z_\x{80}-\x{10FFFF}][\w$\x{80}-\x{10FFFF}]*`;
const QIDENT = String.raw`(?:[uU]&)?"(?:[^"]|"")*"`;
const NAME = `(?:${QIDENT}|${IDENT})`;
const TAG = String.raw`[A-Za-z_\x{80}-\x{10FFFF}][\w\x{80}-\x{10FFFF}]*`;
// not inside a word (PostgreSQL identifiers may contain $)
const NB = String.raw`(?<![\w$])`;
const NA = String.raw`(?![\w$])`;
// before a word character, \b(?<!\$) means the same as (?<![\w$]) and is ~5x faster in Oniguruma
const NBW = String.raw`\b(?<!\$)`;
const MULTI = String.raw`double\s+precision|(?:character|char|bit)\s+varying|(?:timestamp|time)(?:\s*\(\s*\d+\s*\))?\s+with(?:out)?\s+time\s+zone`;
const STMT_CHARS = String.raw`(?:[^;'"]|'(?:[^']|'')*'|"(?:[^"]|"")*")`;
const KW = { patterns: [{ include: '#keywords' }] };
const copyData = [
  { name: 'constant.language.null.pgsql', match: String.raw`\\N` },
  { name: 'constant.character.escape.pgsql', match: String.raw`\\(?:[0-7]{1,3}|x[0-9A-Fa-f]{1,2}|.)` },
  { name: 'punctuation.separator.tab.pgsql', match: String.raw`\t` },
];
const g = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'PostgreSQL',
  scopeName: 'source.pgsql',
  comment: 'PostgreSQL and psql scripts. Built by scripts/build-grammar.mjs; the keyword, type and function-call rules by scripts/gen-grammar-keywords.mjs. Do not edit by hand.',
  patterns: [{ include: '#copy-from-stdin' }, { include: '#psql-copy-from-stdin' }, { include: '#psql-meta-command' }, { include: '#expressions' }],
  repository: {
    expressions: {
      patterns: [
        { include: '#comments' },
        { include: '#psql-variables' },
        { include: '#strings' },
        { include: '#quoted-identifier' },
        { include: '#positional-parameter' },
        { include: '#numbers' },
        { include: '#cast' },
        { include: '#declarations' },
        { include: '#declared-name' },
        { include: '#qualified-names' },
        { include: '#types-builtin' },
        { include: '#function-call' },
        { include: '#keywords' },
        { include: '#operators' },
        { include: '#punctuation' },
        { include: '#parens' },
      ],
    },
    comments: {
      patterns: [
        { name: 'comment.line.double-dash.pgsql', begin: '--', beginCaptures: { 0: { name: 'punctuation.definition.comment.pgsql' } }, end: '$' },
        { include: '#block-comment' },
      ],
    },
    'block-comment': {
      comment: 'PostgreSQL block comments nest, unlike the SQL standard\'s and C\'s',
      name: 'comment.block.pgsql',
      begin: String.raw`/\*`,
      end: String.raw`\*/`,
      captures: { 0: { name: 'punctuation.definition.comment.pgsql' } },
      patterns: [{ include: '#block-comment' }],
    },
    strings: {
      patterns: [
        { include: '#dollar-quoted-body' },
        { include: '#dollar-quoted' },
        {
          comment: "E'…': C-style backslash escapes",
          name: 'string.quoted.single.escape.pgsql',
          begin: `${NBW}([eE])(')`,
          beginCaptures: { 1: { name: 'storage.type.string.pgsql' }, 2: { name: 'punctuation.definition.string.begin.pgsql' } },
          end: "'(?!')",
          endCaptures: { 0: { name: 'punctuation.definition.string.end.pgsql' } },
          patterns: [
            { name: 'constant.character.escape.pgsql', match: String.raw`\\(?:[0-7]{1,3}|x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[^xuU0-7])` },
            { name: 'constant.character.escape.quote.pgsql', match: "''" },
          ],
        },
        {
          comment: "U&'…': Unicode escapes \\XXXX and \\+XXXXXX",
          name: 'string.quoted.single.unicode.pgsql',
          begin: `${NBW}([uU]&)(')`,
          beginCaptures: { 1: { name: 'storage.type.string.pgsql' }, 2: { name: 'punctuation.definition.string.begin.pgsql' } },
          end: "'(?!')",
          endCaptures: { 0: { name: 'punctuation.definition.string.end.pgsql' } },
          patterns: [
            { name: 'constant.character.escape.unicode.pgsql', match: String.raw`\\(?:[0-9A-Fa-f]{4}|\+[0-9A-Fa-f]{6}|\\)` },
            { name: 'invalid.illegal.escape.pgsql', match: String.raw`\\` },
            { name: 'constant.character.escape.quote.pgsql', match: "''" },
          ],
        },
        {
          comment: "B'…': bit string",
          name: 'string.quoted.single.bit.pgsql',
          begin: `${NBW}([bB])(')`,
          beginCaptures: { 1: { name: 'storage.type.string.pgsql' }, 2: { name: 'punctuation.definition.string.begin.pgsql' } },
          end: "'",
          endCaptures: { 0: { name: 'punctuation.definition.string.end.pgsql' } },
          patterns: [{ name: 'constant.numeric.binary.pgsql', match: '[01]+' }, { name: 'invalid.illegal.bit.pgsql', match: "[^01']+" }],
        },
        {
          comment: "X'…': hexadecimal bit string",
          name: 'string.quoted.single.hex.pgsql',
          begin: `${NBW}([xX])(')`,
          beginCaptures: { 1: { name: 'storage.type.string.pgsql' }, 2: { name: 'punctuation.definition.string.begin.pgsql' } },
          end: "'",
          endCaptures: { 0: { name: 'punctuation.definition.string.end.pgsql' } },
          patterns: [{ name: 'constant.numeric.hex.pgsql', match: '[0-9A-Fa-f]+' }, { name: 'invalid.illegal.hex.pgsql', match: "[^0-9A-Fa-f']+" }],
        },
        {
          comment: "'…' and N'…': standard-conforming, so a backslash is just a character; '' is a quote",
          name: 'string.quoted.single.pgsql',
          begin: `(?:${NBW}([nN]))?(')`,
          beginCaptures: { 1: { name: 'storage.type.string.pgsql' }, 2: { name: 'punctuation.definition.string.begin.pgsql' } },
          end: "'(?!')",
          endCaptures: { 0: { name: 'punctuation.definition.string.end.pgsql' } },
          patterns: [{ name: 'constant.character.escape.quote.pgsql', match: "''" }],
        },
      ],
    },
    'dollar-quoted-body': {
      comment: 'A dollar-quoted string after AS or DO, or whose delimiter starts or ends its line, is almost always a function body: highlight it as SQL / PL/pgSQL',
      patterns: [
        {
          begin: String.raw`(?i)${NBW}(as|do)\s+(\$(${TAG})?\$)`,
          beginCaptures: { 1: KW, 2: { name: 'string.quoted.dollar.delimiter.pgsql punctuation.definition.string.begin.pgsql' } },
          end: String.raw`\$\3\$`,
          endCaptures: { 0: { name: 'string.quoted.dollar.delimiter.pgsql punctuation.definition.string.end.pgsql' } },
          contentName: 'meta.embedded.block.pgsql',
          patterns: [{ include: '#function-body' }],
        },
        {
          begin: String.raw`${NB}(\$(${TAG})?\$)(?=\s*(?:--.*)?$)`,
          beginCaptures: { 1: { name: 'string.quoted.dollar.delimiter.pgsql punctuation.definition.string.begin.pgsql' } },
          end: String.raw`\$\2\$`,
          endCaptures: { 0: { name: 'string.quoted.dollar.delimiter.pgsql punctuation.definition.string.end.pgsql' } },
          contentName: 'meta.embedded.block.pgsql',
          patterns: [{ include: '#function-body' }],
        },
      ],
    },
    'dollar-quoted': {
      name: 'string.quoted.dollar.pgsql',
      begin: String.raw`${NB}\$(${TAG})?\$`,
      beginCaptures: { 0: { name: 'punctuation.definition.string.begin.pgsql' } },
      end: String.raw`\$\1\$`,
      endCaptures: { 0: { name: 'punctuation.definition.string.end.pgsql' } },
    },
    'function-body': {
      patterns: [
        { include: '#plpgsql' },
        { comment: 'psql does not interpolate variables inside dollar quotes: a[1:n] is a slice', name: 'punctuation.separator.slice.pgsql', match: '(?<!:):(?![:=])' },
        { include: '#expressions' },
      ],
    },
    plpgsql: {
      comment: 'PL/pgSQL statements and the %TYPE / %ROWTYPE decorations, which SQL itself does not have',
      patterns: [
        { name: 'storage.modifier.plpgsql.pgsql', match: String.raw`(?i)%(?:rowtype|type)${NA}` },
        { name: 'keyword.control.plpgsql.pgsql', match: String.raw`(?i)${NBW}(?:declare|begin|end|if|elsif|elseif|else|then|loop|while|foreach|exit|continue|return|raise|perform|execute|exception|assert|get|diagnostics|stacked|open|fetch|close|move|slice|reverse|alias|constant|notice|info|debug|log|warning)${NA}` },
        { name: 'keyword.operator.assignment.pgsql', match: ':=' },
      ],
    },
    'quoted-identifier': {
      comment: 'Quoted identifiers keep their case; "" is a quote inside them',
      name: 'variable.other.quoted.pgsql',
      begin: `(?:${NBW}([uU]&))?(")`,
      beginCaptures: { 1: { name: 'storage.type.string.pgsql' }, 2: { name: 'punctuation.definition.identifier.begin.pgsql' } },
      end: '"(?!")',
      endCaptures: { 0: { name: 'punctuation.definition.identifier.end.pgsql' } },
      patterns: [{ name: 'constant.character.escape.quote.pgsql', match: '""' }],
    },
    'positional-parameter': { name: 'variable.parameter.positional.pgsql', match: String.raw`${NB}\$\d+${NA}` },
    numbers: {
      comment: 'PostgreSQL 16+ also accepts 0x, 0o, 0b prefixes and _ between digits',
      patterns: [
        { name: 'constant.numeric.hex.pgsql', match: String.raw`${NBW}0[xX](?:_?[0-9A-Fa-f])+${NA}` },
        { name: 'constant.numeric.octal.pgsql', match: String.raw`${NBW}0[oO](?:_?[0-7])+${NA}` },
        { name: 'constant.numeric.binary.pgsql', match: String.raw`${NBW}0[bB](?:_?[01])+${NA}` },
        { name: 'constant.numeric.decimal.pgsql', match: String.raw`(?:\b(?<![$.])\d(?:_?\d)*(?:\.(?!\.)(?:\d(?:_?\d)*)?)?|(?<![\w$.])\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?${NA}` },
      ],
    },
    cast: {
      comment: 'expr::type: whatever follows :: is a type name, also user-defined and schema-qualified ones',
      match: String.raw`(::)\s*((?i:${MULTI})|${NAME}(?:\s*\.\s*${NAME})?)((?:\s*\[\s*\d*\s*\])*)`,
      captures: { 1: { name: 'keyword.operator.cast.pgsql' }, 2: { name: 'storage.type.pgsql' }, 3: { name: 'punctuation.section.brackets.pgsql' } },
    },
    declarations: {
      comment: 'Names being declared, so that CREATE TABLE t ( is not read as a call of t',
      patterns: [
        {
          match: String.raw`(?i)${NBW}(function|procedure|aggregate)\s+(${NAME}(?:\s*\.\s*${NAME})?)(?=\s*\()`,
          captures: { 1: KW, 2: { name: 'entity.name.function.pgsql' } },
        },
        {
          match: String.raw`(?i)${NBW}(table|into|references|view|copy)\s+(?:(if\s+not\s+exists)\s+)?(${NAME}(?:\s*\.\s*${NAME})?)(?=\s*\()`,
          captures: { 1: KW, 2: KW, 3: { name: 'entity.name.type.table.pgsql' } },
        },
        {
          match: String.raw`(?i)${NBW}(index)\s+(?:(concurrently)\s+)?(?:(if\s+not\s+exists)\s+)?(?:${NAME}\s+)?(on)\s+(?:(only)\s+)?(${NAME}(?:\s*\.\s*${NAME})?)`,
          captures: { 1: KW, 2: KW, 3: KW, 4: KW, 5: KW, 6: { name: 'entity.name.type.table.pgsql' } },
        },
      ],
    },
    'qualified-names': {
      comment: 'In a.b neither part is a keyword: orders.name, c.type, x.value are columns',
      patterns: [
        { name: 'variable.other.member.pgsql', match: String.raw`(?<=\.)\s*(?>${IDENT})(?!\s*\()` },
        { name: 'variable.other.qualifier.pgsql', match: String.raw`${NBW}(?>${IDENT})(?=\s*\.\s*(?:[A-Za-z_"*\x{80}-\x{10FFFF}]))` },
      ],
    },
    operators: {
      patterns: [
        { name: 'keyword.operator.assignment.pgsql', match: ':=' },
        { comment: 'an operator never contains -- or /*, which start comments', name: 'keyword.operator.pgsql', match: String.raw`(?:(?!--|/\*)[+\-*/<>=~!@#%^&|` + '`' + String.raw`?])+` },
      ],
    },
    punctuation: {
      patterns: [
        { name: 'punctuation.terminator.statement.pgsql', match: ';' },
        { name: 'punctuation.separator.comma.pgsql', match: ',' },
        { name: 'punctuation.separator.period.pgsql', match: String.raw`\.` },
        { name: 'punctuation.section.brackets.begin.pgsql', match: String.raw`\[` },
        { name: 'punctuation.section.brackets.end.pgsql', match: String.raw`\]` },
      ],
    },
    parens: {
      begin: String.raw`\(`,
      beginCaptures: { 0: { name: 'punctuation.section.parens.begin.pgsql' } },
      end: String.raw`\)`,
      endCaptures: { 0: { name: 'punctuation.section.parens.end.pgsql' } },
      patterns: [{ include: '#expressions' }],
    },
    'psql-variables': {
      comment: "psql interpolates :name, :'name' (as a literal) and :\"name\" (as an identifier); :: is a cast",
      patterns: [
        { name: 'variable.other.psql.literal.pgsql', match: String.raw`(?<!:)(:)'[A-Za-z0-9_\x{80}-\x{10FFFF}]+'`, captures: { 1: { name: 'punctuation.definition.variable.pgsql' } } },
        { name: 'variable.other.psql.identifier.pgsql', match: String.raw`(?<!:)(:)"[A-Za-z0-9_\x{80}-\x{10FFFF}]+"`, captures: { 1: { name: 'punctuation.definition.variable.pgsql' } } },
        { name: 'variable.other.psql.pgsql', match: String.raw`(?<!:)(:)[A-Za-z_\x{80}-\x{10FFFF}][A-Za-z0-9_\x{80}-\x{10FFFF}]*`, captures: { 1: { name: 'punctuation.definition.variable.pgsql' } } },
      ],
    },
    'psql-meta-command': {
      comment: 'A backslash outside a string starts a psql meta-command, which runs to the end of the line or to \\\\',
      name: 'meta.psql-command.pgsql',
      begin: String.raw`(\\(?:[A-Za-z_][A-Za-z0-9_]*\+?|[?!]))(?:\s+((?<=\\set\s|\\unset\s|\\gset\s)[A-Za-z0-9_]+))?`,
      beginCaptures: { 1: { name: 'keyword.control.psql.pgsql' }, 2: { name: 'variable.other.psql.pgsql' } },
      end: String.raw`$|(?=\\\\)`,
      patterns: [
        { include: '#psql-variables' },
        { name: 'string.quoted.single.psql.pgsql', begin: "'", end: "'", patterns: [{ name: 'constant.character.escape.pgsql', match: String.raw`\\.|''` }] },
        { name: 'string.quoted.double.psql.pgsql', begin: '"', end: '"', patterns: [{ name: 'constant.character.escape.pgsql', match: '""' }] },
        { name: 'string.interpolated.backtick.psql.pgsql', begin: '`', end: '`' },
      ],
    },
    'copy-from-stdin': {
      comment: 'COPY … FROM STDIN; (on one line, as pg_dump writes it) is followed by data lines up to \\. on a line of its own',
      begin: String.raw`(?i)(${NBW}copy${NA}${STMT_CHARS}*?${NBW}from\s+stdin${NA}${STMT_CHARS}*)(;)(.*)$`,
      beginCaptures: {
        1: { patterns: [{ include: '#expressions' }] },
        2: { name: 'punctuation.terminator.statement.pgsql' },
        3: { patterns: [{ include: '#comments' }] },
      },
      end: String.raw`^(\\\.)(?=\s*$)`,
      endCaptures: { 1: { name: 'punctuation.definition.copy-data.end.pgsql' } },
      contentName: 'string.unquoted.copy-data.pgsql',
      patterns: copyData,
    },
    'psql-copy-from-stdin': {
      comment: 'psql\'s \\copy … from stdin reads its data from the script too',
      begin: String.raw`(\\copy)${NA}((?i:.*?${NB}from\s+stdin${NA}).*)$`,
      beginCaptures: { 1: { name: 'keyword.control.psql.pgsql' }, 2: { patterns: [{ include: '#expressions' }] } },
      end: String.raw`^(\\\.)(?=\s*$)`,
      endCaptures: { 1: { name: 'punctuation.definition.copy-data.end.pgsql' } },
      contentName: 'string.unquoted.copy-data.pgsql',
      patterns: copyData,
    },
  },
};
const existing = fs.existsSync(grammarPath) ? JSON.parse(fs.readFileSync(grammarPath, 'utf8')) : { repository: {} };
for (const key of generatedEntries) {
  if (!existing.repository[key]) {
    throw new Error(`${key} is missing: run node scripts/gen-grammar-keywords.mjs after this script`);
  }
  g.repository[key] = existing.repository[key];
}
const built = `${JSON.stringify(g, null, 2)}\n`;
if (process.argv.includes('--check')) {
  const same = fs.readFileSync(grammarPath, 'utf8') === built;
  console.log(same ? 'the grammar is up to date' : 'syntaxes/pgsql.tmLanguage.json differs from what scripts/build-grammar.mjs builds');
  process.exit(same ? 0 : 1);
}
fs.writeFileSync(grammarPath, built);
console.log(`${path.relative(process.cwd(), grammarPath)}: ${Object.keys(g.repository).length} repository entries`);
