/**
 * Checked quick fixes over the real server process and JSON-RPC, with the catalog from a real
 * PostgreSQL: for each rule the actions offered, their order and isPreferred, and PostgreSQL
 * as the judge: the text each action produces is PREPAREd on the server, and every action
 * ranked above another is one PostgreSQL accepts at least as readily (the preferred one is
 * always accepted; an action that leaves an error is never preferred).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { connect, freshDatabase } from '../support/db';
import { startServer } from '../support/lspServer';

const schemaSql = `
create table title (id int primary key, title text, production_year int, kind_id int);
create table movie_companies (id int primary key, movie_id int references title, company_id int, note text);
create table company_name (id int primary key, name text, country_code text, note text);
`;

interface Case {
  rule: string;
  sql: string;
  /** the diagnostic the actions are asked for */
  message: string;
  /** [title, isPreferred] in the order offered (Refresh catalog left out) */
  actions: [string, boolean][];
}

const cases: Case[] = [
  {
    rule: 'missing FROM-clause entry: the alias misspelled where it is defined',
    sql: 'select mc.note, mc.company_id from movie_companies mo join title t on mc.movie_id = t.id',
    message: 'missing FROM-clause entry for table "mc"',
    actions: [
      // DESIGN contract 3: one "Change to" per name; this one renames every "mc" reference
      ['Change to "mo"', true],
      ['Rename alias "mo" to "mc"', false],
      ['Change to "t"', false],
    ],
  },
  {
    rule: 'missing FROM-clause entry: one reference misspelled',
    sql: 'select mo.note from movie_companies mo join title t on mc.movie_id = t.id',
    message: 'missing FROM-clause entry for table "mc"',
    actions: [
      ['Change to "mo"', true],
      // renaming the alias breaks mo.note; t has no movie_id
      ['Change to "t"', false],
      ['Rename alias "mo" to "mc"', false],
    ],
  },
  {
    rule: 'a fix that leaves more errors than it removes is not offered',
    sql: 'select mo.note, mo.company_id from movie_companies mo where mc.movie_id = 1',
    message: 'missing FROM-clause entry for table "mc"',
    // renaming the alias to "mc" would break both mo references
    actions: [['Change to "mo"', true]],
  },
  {
    rule: 'Perhaps you meant to reference the table alias: every reference',
    sql: 'select movie_companies.note from movie_companies mc where movie_companies.company_id = 1',
    message: 'invalid reference to FROM-clause entry for table "movie_companies"\nHint: Perhaps you meant to reference the table alias "mc".',
    actions: [
      // every reference at once, under the contract's title
      ['Change to "mc"', true],
    ],
  },
  {
    rule: 'a column misspelled in several places',
    sql: "select t.titel, count(*) from title t where t.titel <> '' group by t.titel",
    message: 'column t.titel does not exist\nHint: Perhaps you meant to reference the column "t.title".',
    actions: [
      // every place at once, under the contract's title
      ['Change to "title"', true],
    ],
  },
  {
    rule: 'a column misspelled once: the nearest name that binds',
    sql: 'select n.nme, mc.note from company_name n join movie_companies mc on mc.company_id = n.id',
    message: 'column n.nme does not exist\nHint: Perhaps you meant to reference the column "n.name".',
    actions: [
      ['Change to "name"', true],
      ['Change to "note"', false],
      ['Change to "id"', false],
    ],
  },
  {
    rule: 'a column whose nearest name is ambiguous: that fix goes below one that binds',
    sql: 'select noet from movie_companies mc join company_name n on mc.company_id = n.id',
    message: 'column "noet" does not exist\nHint: Perhaps you meant to reference the column "mc.note" or the column "n.note".',
    actions: [
      ['Change to "mc.note"', true],
      ['Change to "n.note"', false],
      ['Change to "name"', false],
      // column reference "note" is ambiguous
      ['Change to "note"', false],
    ],
  },
];

test('checked quick fixes over LSP: order and isPreferred, each judged by PostgreSQL', async () => {
  const url = await freshDatabase('checked_fixes', schemaSql);
  const server = await startServer({ connection: url, settings: { diagnosticsDelay: 0 } });
  const pg = await connect(url);
  /** PostgreSQL's verdict on a statement: null when it accepts it (parse analysis only), else its message. */
  const judge = async (sql: string): Promise<string | null> => {
    try {
      await pg.query(`prepare checked_fix as ${sql}`);
      await pg.query('deallocate checked_fix');
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  };
  try {
    assert.equal((await server.waitForCatalog()).state, 'loaded');
    for (const [i, c] of cases.entries()) {
      const uri = `file:///checked-${i}.sql`;
      const diags = await server.open(uri, `${c.sql};\n`);
      const diag = diags.find((d: Diagnostic) => d.message === c.message);
      assert.ok(diag, `${c.rule}: ${JSON.stringify(diags.map((d) => d.message))}`);
      // PostgreSQL rejects the statement as written, with the same message
      assert.equal(await judge(c.sql), c.message.split('\n')[0], c.rule);
      const actions = (
        await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } })
      ).filter((a) => a.title !== 'Refresh catalog');
      assert.deepEqual(
        actions.map((a) => [a.title, a.isPreferred === true]),
        c.actions,
        c.rule,
      );
      const doc = TextDocument.create(uri, 'sql', 1, `${c.sql};\n`);
      const verdicts: (string | null)[] = [];
      for (const a of actions) {
        const fixed = TextDocument.applyEdits(doc, a.edit!.changes![uri]!).replace(/;\n$/, '');
        verdicts.push(await judge(fixed));
      }
      // the preferred fix gives a statement PostgreSQL accepts; no accepted fix is ranked below a rejected one
      assert.equal(verdicts[0], null, `${c.rule}: preferred fix rejected: ${verdicts[0]}`);
      const firstRejected = verdicts.findIndex((v) => v !== null);
      assert.ok(firstRejected === -1 || verdicts.slice(firstRejected).every((v) => v !== null), `${c.rule}: ${JSON.stringify(verdicts)}`);
      // an action is preferred exactly when it is first and PostgreSQL accepts what it gives
      assert.deepEqual(
        actions.map((a) => a.isPreferred === true),
        actions.map((_, k) => k === 0 && verdicts[0] === null),
        c.rule,
      );
      server.close(uri);
    }
  } finally {
    await pg.end();
    await server.shutdown();
  }
});
