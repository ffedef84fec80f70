import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { useBoundDatabase } from './support/boundDatabase';
import { diagnosticsWhere } from './support/diagnosticsWhere';

/**
 * Signature help from the catalog, in the real extension host: inside `date_trunc(` VS Code
 * gets every overload from the bound database with the parameter the cursor is on, and a
 * function the database defines shows its own parameter names and comment.
 */
const database = `signature_vscode_${process.pid}`;

suite('signature help in the real extension host', () => {
  useBoundDatabase(
    database,
    `create table events (id bigint primary key, created_at timestamptz not null);
     create function events_since(p_since timestamptz, p_kind text default null) returns bigint
       language sql stable as 'select count(*) from events where created_at >= p_since';
     comment on function events_since(timestamptz, text) is 'Events from a point in time on';`,
  );

  test('date_trunc( offers every overload; the active parameter follows the commas', async () => {
    const text = "select nope from events;\nselect date_trunc('month', created_at, ) from events;\nselect events_since(now(), \n";
    const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: text });
    await vscode.window.showTextDocument(doc);
    // the 42703 on the first line appears once the catalog of the bound database is loaded
    await diagnosticsWhere(doc.uri, (d) => d.some((x) => x.code === '42703'));

    const at = (line: number, character: number, trigger?: string) =>
      vscode.commands.executeCommand<vscode.SignatureHelp | undefined>(
        'vscode.executeSignatureHelpProvider',
        doc.uri,
        new vscode.Position(line, character),
        trigger,
      );

    const first = await at(1, 'select date_trunc('.length, '(');
    assert.ok(first, 'signature help inside date_trunc(');
    assert.deepEqual(first.signatures.map((s) => s.label).sort(), [
      'date_trunc(text, interval) → interval',
      'date_trunc(text, timestamp with time zone) → timestamp with time zone',
      'date_trunc(text, timestamp with time zone, text) → timestamp with time zone',
      'date_trunc(text, timestamp without time zone) → timestamp without time zone',
    ]);
    assert.equal(first.activeParameter, 0);

    const second = await at(1, "select date_trunc('month', ".length, ',');
    assert.equal(second?.activeParameter, 1);
    // the active parameter is a range of the label: it reads as the overload's second type
    const active = second!.signatures[second!.activeSignature]!;
    const [from, to] = active.parameters[1]!.label as [number, number];
    assert.match(active.label.slice(from, to), /^(interval|timestamp (with|without) time zone)$/);

    // on the third argument only the three-parameter overload fits
    const third = await at(1, "select date_trunc('month', created_at, ".length, ',');
    assert.equal(third?.activeParameter, 2);
    assert.equal(third!.signatures[third!.activeSignature]!.label, 'date_trunc(text, timestamp with time zone, text) → timestamp with time zone');

    // the database's own function: parameter names, defaults and its comment
    const own = await at(2, 'select events_since(now(), '.length, ',');
    assert.ok(own, 'signature help inside events_since(');
    assert.equal(own.signatures.length, 1);
    const signature = own.signatures[0]!;
    assert.match(signature.label, /^events_since\(p_since timestamp with time zone, p_kind text( DEFAULT NULL::text)?\) → bigint$/);
    assert.equal(own.activeParameter, 1);
    const documentation = signature.documentation;
    assert.match(typeof documentation === 'string' ? documentation : (documentation?.value ?? ''), /Events from a point in time on/);
  });
});
