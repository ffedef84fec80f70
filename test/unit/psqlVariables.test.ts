/**
 * psql variable handling against psql's own behaviour: every expectation below was printed by
 * psql 15 (`\set …` then `\echo [:v] [:'v'] [:"v"]`), and the DB tier runs psql on scripts to
 * compare again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeIdentifier, escapeLiteral, metaArguments, parseMetaCommand, substituteVariables, type Variables } from '../../client/src/run/psqlVariables';
import { splitScript } from '../../shared/src/statementSplitter';
import { scriptSteps } from '../../client/src/run/scriptSteps';

/** What `\set name args` stores, as psql does it (arguments concatenated). */
function set(vars: Variables, line: string): void {
  const [name, ...value] = metaArguments(line, vars);
  vars.set(name!, value.join(''));
}

test('\\set reads arguments as psql does: quotes, escapes, concatenation, variables inside', () => {
  const vars: Variables = new Map();
  set(vars, "a 'it''s'");
  set(vars, "c foo bar 'baz qux'");
  set(vars, 'd "Ab""c" x');
  set(vars, "e 'a\\nb\\tc\\101'");
  set(vars, 'f :a:c');
  set(vars, 'g');
  set(vars, "k 'a\\\\b'");
  set(vars, "m x:'k'y");
  set(vars, "n 'p'q'r'");
  set(vars, "p 'x\\x41y'");
  assert.equal(vars.get('a'), "it's");
  assert.equal(vars.get('c'), 'foobarbaz qux');
  assert.equal(vars.get('d'), '"Ab""c"x');
  assert.equal(vars.get('e'), 'a\nb\tcA');
  assert.equal(vars.get('f'), "it'sfoobarbaz qux");
  assert.equal(vars.get('g'), '');
  assert.equal(vars.get('k'), 'a\\b');
  assert.equal(vars.get('m'), "x E'a\\\\b'y");
  assert.equal(vars.get('n'), 'pqr');
  assert.equal(vars.get('p'), 'xAy');
  assert.throws(() => metaArguments('o `echo hi`', vars), /backquoted/);
  assert.throws(() => metaArguments("b it's", vars), /unterminated quoted string/);
});

test(":'v' and :\"v\" quote as libpq's PQescapeLiteral and PQescapeIdentifier (psql 15's output)", () => {
  assert.equal(escapeLiteral("it's"), "'it''s'");
  assert.equal(escapeIdentifier("it's"), '"it\'s"');
  assert.equal(escapeLiteral('a\\b'), " E'a\\\\b'");
  assert.equal(escapeIdentifier('a\\b'), '"a\\b"');
  assert.equal(escapeLiteral('"Ab""c"x'), '\'"Ab""c"x\'');
  assert.equal(escapeIdentifier('"Ab""c"x'), '"""Ab""""c""x"');
  assert.equal(escapeLiteral(''), "''");
  assert.equal(escapeIdentifier(''), '""');
});

test('statements get values substituted where the splitter found references; quotes, casts and slices untouched', () => {
  const doc = "\\set k 'a\\\\b'\n\\set t items\nselect :'k', ':k', $$:k$$, 1::int, arr[1:2], :\"t\", :t, :undefined from x;\n";
  const [span] = splitScript(doc).statements;
  const vars: Variables = new Map([['k', 'a\\b'], ['t', 'items']]);
  const sent = substituteVariables(span!.text, span!.start, span!.variables, doc, vars);
  assert.equal(sent.text, "select  E'a\\\\b', ':k', $$:k$$, 1::int, arr[1:2], \"items\", items, :undefined from x;");
  // an index after a substituted value maps back to the document
  const from = sent.text.indexOf('from');
  assert.equal(sent.toDocument(from), doc.indexOf('from'));
  // an index inside a value maps to its reference
  assert.equal(sent.toDocument(sent.text.indexOf('items')), doc.indexOf(':"t"'));
});

test('script steps: meta-commands in the order psql acts on them', () => {
  const doc = 'select 1;\n\\set x 1\nselect\n\\echo mid\n:x;\n\\c other\nselect 3\n';
  const steps = scriptSteps(doc).map((s) => (s.kind === 'meta' ? s.text : s.span.text.replace(/\s+/g, ' ').trim()));
  assert.deepEqual(steps, ['select 1;', '\\set x 1', '\\echo mid', 'select _x;', '\\c other', 'select 3']);
  assert.deepEqual(parseMetaCommand('\\c  other'), { name: 'c', args: '  other' });
  assert.deepEqual(parseMetaCommand('\\set x 1'), { name: 'set', args: ' x 1' });
});

test('a statement run on its own sees the variables its session set earlier (Run Statement after Run File)', () => {
  const text = "select :'who', :n;";
  assert.deepEqual(splitScript(text).statements[0]!.variables, [], 'unknown names are left as typed, as psql does');
  const [span] = splitScript(text, ['who', 'n']).statements;
  const sent = substituteVariables(span!.text, span!.start, span!.variables, text, new Map([['who', "O'Brien"], ['n', '3']]));
  assert.equal(sent.text, "select 'O''Brien', 3;");
});
