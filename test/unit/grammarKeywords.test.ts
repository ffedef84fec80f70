/**
 * The TextMate grammar's keyword lists are generated from a live server's pg_get_keywords()
 * (scripts/gen-grammar-keywords.mjs). This checks them against the other authority we ship:
 * libpg-query's scanner, which is PostgreSQL's own lexer. A stale or hand-edited list fails.
 */
import { test, before } from 'node:test';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadModule, scanSync } from 'libpg-query';

interface Rule { name?: string; match?: string; patterns?: Rule[] }
const grammar = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../syntaxes/pgsql.tmLanguage.json'), 'utf8')) as {
  repository: Record<string, Rule>;
};

/**
 * The words of a generated `(?i)\b(?<!\$)(?:…)(?![\w$])` rule, whose alternation is a trie
 * such as `ab(?:ort|s(?:olute|ent))`: expanded back into the word list.
 */
function words(scope: string): string[] {
  const rule = grammar.repository.keywords?.patterns?.find((p) => p.name === scope);
  assert.ok(rule?.match, `no rule named ${scope}`);
  const m = /^\(\?i\)\\b\(\?<!\\\$\)\(\?:(.*)\)\(\?!\[\\w\$\]\)$/.exec(rule.match);
  assert.ok(m, `unexpected shape of ${scope}: ${rule.match.slice(0, 40)}`);
  const src = m[1]!;
  let i = 0;
  const alternation = (): string[] => {
    const out = [...sequence()];
    while (src[i] === '|') {
      i++;
      out.push(...sequence());
    }
    return out;
  };
  const sequence = (): string[] => {
    let prefixes = [''];
    while (i < src.length && src[i] !== '|' && src[i] !== ')') {
      if (src.startsWith('(?:', i)) {
        i += 3;
        const inner = alternation();
        assert.equal(src[i], ')');
        i++;
        const optional = src[i] === '?';
        if (optional) {
          i++;
        }
        const tails = optional ? ['', ...inner] : inner;
        prefixes = prefixes.flatMap((p) => tails.map((t) => p + t));
      } else {
        assert.match(src[i]!, /[a-z0-9_]/, `unexpected ${src[i]} in ${scope}`);
        const ch = src[i++];
        prefixes = prefixes.map((p) => p + ch);
      }
    }
    return prefixes;
  };
  const list = alternation();
  assert.equal(i, src.length, `${scope} parsed to the end`);
  return list.sort();
}

/** libpg-query's keyword category: 1 unreserved, 2 col_name, 3 type_func_name, 4 reserved. */
function keywordKind(word: string): number {
  return scanSync(word).tokens[0]?.keywordKind ?? 0;
}

before(async () => {
  await loadModule();
});

test('every reserved keyword in the grammar is reserved or type_func_name for PostgreSQL', () => {
  const reserved = words('keyword.other.reserved.pgsql');
  assert.ok(reserved.length > 80, `only ${reserved.length} reserved keywords`);
  const wrong = reserved.filter((w) => ![3, 4].includes(keywordKind(w)));
  assert.deepEqual(wrong, []);
  for (const w of ['select', 'from', 'where', 'join', 'left', 'analyze', 'do']) {
    assert.ok(reserved.includes(w), `${w} missing`);
  }
});

test('every unreserved keyword in the grammar is unreserved or col_name for PostgreSQL', () => {
  const unreserved = words('keyword.other.unreserved.pgsql');
  assert.ok(unreserved.length > 300, `only ${unreserved.length} unreserved keywords`);
  const wrong = unreserved.filter((w) => ![1, 2].includes(keywordKind(w)));
  assert.deepEqual(wrong, []);
  for (const w of ['insert', 'vacuum', 'values', 'exists', 'merge', 'json_table']) {
    assert.ok(unreserved.includes(w), `${w} missing`);
  }
});

test('logical operators and constants are keywords with their own scopes', () => {
  for (const [scope, list] of [
    ['keyword.operator.logical.pgsql', ['and', 'or', 'not']],
    ['constant.language.null.pgsql', ['null']],
  ] as const) {
    assert.deepEqual(words(scope), [...list].sort());
    for (const w of list) {
      assert.equal(keywordKind(w), 4, `${w} should be reserved`);
    }
  }
});

test('the committed grammar is what scripts/build-grammar.mjs builds (no hand edits to the JSON)', () => {
  const out = execFileSync(process.execPath, [path.resolve(__dirname, '../../scripts/build-grammar.mjs'), '--check'], { encoding: 'utf8' });
  assert.match(out, /up to date/);
});
