/**
 * Catalog text that carries Markdown (a column comment with a remote image and a command
 * link, a table named `](http://…)`, a default and a type with a code fence, a server error
 * message) stays literal text in the hover and the tree's tooltips: the catalog comes from a
 * real PostgreSQL, the markdown is rendered by marked (VS Code's renderer) and must hold no
 * link, image or raw HTML, and show each string as written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { connect, freshDatabase } from '../support/db';
import { inertProblems, renderedText } from '../support/markdownRender';
import { loadCatalog } from '../../server/src/catalog/catalogLoader';
import { loadParser, ParsedDocumentCache } from '../../server/src/parser';
import { hoverAt } from '../../server/src/analysis/hover/hover';
import { render } from '../../server/src/features/hover';
import { listDatabases } from '../../client/src/tree/data/databases';
import { listColumns, listSchemaObjects, listSchemas } from '../../client/src/tree/data/schemaObjects';
import { columnNode, databaseNode, errorNode, objectNode, schemaNode } from '../../client/src/tree/data/treeModel';
import { pgErrorInfo, formatPgError } from '../../client/src/pgError';

const image = '![x](https://evil.example/p.png)';
const command = '[click](command:workbench.action.terminal.new)';
const commentAttack = `${image} ${command} <img src=https://evil.example/q.png> www.evil.example`;
/** A name that closes a naive code span or link and opens a link of its own. */
const tableName = 'x`](http://evil.example/) [y](http://evil.example/t)';
const columnName = 'c` ![i](https://evil.example/c.png) `';
const fenceDefault = "'\n```\n![d](https://evil.example/d.png)\n```\n'";
const schemaName = 'S](http://evil.example/s)';

const setup = `
  create schema "${schemaName}";
  comment on schema "${schemaName}" is $c$${commentAttack}$c$;
  create domain "${schemaName}"."t\`[ty](http://evil.example/ty)" as text;
  create table "${schemaName}"."${tableName.replace(/"/g, '""')}" (
    "${columnName}" text default ${fenceDefault},
    plain "${schemaName}"."t\`[ty](http://evil.example/ty)"
  );
  comment on table "${schemaName}"."${tableName}" is $c$${commentAttack}$c$;
  comment on column "${schemaName}"."${tableName}"."${columnName}" is $c$${commentAttack}$c$;
  create function "${schemaName}".f() returns int language sql as 'select 1';
  comment on function "${schemaName}".f() is $c$${commentAttack}$c$;
  set search_path = "${schemaName}", public;
`;

function assertInert(markdown: string, ...shown: string[]): void {
  assert.deepEqual(inertProblems(markdown), [], markdown);
  const text = renderedText(markdown);
  for (const s of shown) {
    assert.ok(text.includes(s), `${JSON.stringify(s)} not shown literally in\n${text}\n--- from markdown ---\n${markdown}`);
  }
}

test('hover and tree tooltips show injected Markdown from the catalog as text', async (t) => {
  const url = await freshDatabase('mdinject', setup);
  const dbname = new URL(url).pathname.slice(1);
  const c: pg.Client = await connect(url);
  try {
    await c.query(`comment on database "${dbname}" is $c$${commentAttack}$c$`);
    await c.query(`set search_path = "${schemaName}", public`);
    await loadParser();
    const catalog = await loadCatalog(c);
    const quotedTable = `"${schemaName}"."${tableName}"`;

    await t.test('hover on the column: name, default and comment', () => {
      const sql = `select "${columnName}" from ${quotedTable}`;
      const a = hoverAt(ParsedDocumentCache.parseText(sql), sql.indexOf(columnName) + 2, catalog);
      assert.equal(a?.subject.kind, 'column');
      assertInert(render(a!.subject), commentAttack, columnName, '![d](https://evil.example/d.png)');
    });

    await t.test('hover on the table: name, comment, column list with a type that carries a link', () => {
      const sql = `select * from ${quotedTable}`;
      const a = hoverAt(ParsedDocumentCache.parseText(sql), sql.indexOf('x`'), catalog);
      assert.equal(a?.subject.kind, 'relation');
      assertInert(render(a!.subject), commentAttack, tableName, '[ty](http://evil.example/ty)');
    });

    await t.test('hover on the function: comment', () => {
      const sql = `select "${schemaName}".f()`;
      const a = hoverAt(ParsedDocumentCache.parseText(sql), sql.indexOf('.f(') + 1, catalog);
      assert.equal(a?.subject.kind, 'function');
      assertInert(render(a!.subject), commentAttack);
    });

    await t.test('tree tooltips: database, schema, table, column', async () => {
      const db = (await listDatabases(c)).find((d) => d.name === dbname)!;
      assertInert(databaseNode('c', db, '8 kB').tooltip!, commentAttack);
      const schema = (await listSchemas(c)).find((s) => s.name === schemaName)!;
      assertInert(schemaNode('c', dbname, schema).tooltip!, commentAttack, schemaName);
      const objects = await listSchemaObjects(c, schema.oid);
      const table = objects.find((o) => o.name === tableName)!;
      assertInert(objectNode('c', dbname, table).tooltip!, commentAttack, tableName);
      const fn = objects.find((o) => o.name === 'f')!;
      assertInert(objectNode('c', dbname, fn).tooltip!, commentAttack);
      const cols = await listColumns(c, table.oid);
      assertInert(columnNode('c', dbname, `${schemaName}.${tableName}`, cols[0]!).tooltip!, commentAttack, columnName, '![d](https://evil.example/d.png)');
      assertInert(columnNode('c', dbname, `${schemaName}.${tableName}`, cols[1]!).tooltip!, '[ty](http://evil.example/ty)');
    });

    await t.test('tree error node: a server error message', async () => {
      const err = await c.query(`do $$ begin raise exception using message = $m$\`\`\`\n${image}\n\`\`\`$m$, detail = $m$${command}$m$; end $$`).then(
        () => assert.fail('the DO block should raise'),
        (e: unknown) => e,
      );
      const message = formatPgError(pgErrorInfo(err));
      assert.ok(message.includes(image) && message.includes(command), message);
      assertInert(errorNode('x', message).tooltip!, image, command);
    });
  } finally {
    await c.end();
  }
});
