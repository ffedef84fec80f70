/**
 * One way to register commands: every command of the client is a key of exactly one
 * `CommandTable` (client/src/commands.ts), each table is passed to `registerCommands` once,
 * nothing calls `vscode.commands.registerCommand` elsewhere, and the tables' keys are
 * package.json's contributes.commands (plus the few commands for tests and other
 * extensions listed below). Read from the sources with the TypeScript parser: the tables'
 * modules need vscode to load.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '../..');
const clientDir = path.join(root, 'client/src');

/** Registered for tests and other extensions, deliberately not in the Command Palette. */
const unlisted = ['pgsight.tree.getChildren'];

interface Found {
  tables: Map<string, { file: string; keys: string[] }>;
  registered: string[];
  directRegistrations: string[];
}

function scan(): Found {
  const found: Found = { tables: new Map(), registered: [], directRegistrations: [] };
  const files = (fs.readdirSync(clientDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
  for (const rel of files) {
    const text = fs.readFileSync(path.join(clientDir, rel), 'utf8');
    const source = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && node.type && /^CommandTable\b/.test(node.type.getText(source)) && node.initializer && ts.isObjectLiteralExpression(node.initializer)) {
        const keys = node.initializer.properties.map((p) => (p.name && (ts.isStringLiteral(p.name) || ts.isIdentifier(p.name)) ? p.name.text : `<computed in ${rel}>`));
        found.tables.set(node.name.getText(source), { file: rel, keys });
      }
      if (ts.isCallExpression(node)) {
        const callee = node.expression.getText(source);
        if (callee === 'registerCommands' && node.arguments[1]) {
          found.registered.push(node.arguments[1].getText(source));
        }
        if (/\bregisterCommand$/.test(callee) && rel !== 'commands.ts') {
          found.directRegistrations.push(`${rel}: ${node.getText(source).slice(0, 60)}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

test('every command is in exactly one CommandTable, registered once, and the tables are package.json\'s commands', () => {
  const { tables, registered, directRegistrations } = scan();
  assert.ok(tables.size >= 5, `found the tables: ${[...tables.keys()].join(', ')}`);
  assert.deepEqual(directRegistrations, [], 'only registerCommands calls vscode.commands.registerCommand');
  assert.deepEqual([...registered].sort(), [...tables.keys()].sort(), 'each table is passed to registerCommands exactly once');

  const owner = new Map<string, string>();
  for (const [name, { keys }] of tables) {
    for (const id of keys) {
      assert.ok(!owner.has(id), `${id} is in ${owner.get(id)} and ${name}`);
      owner.set(id, name);
    }
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
  const contributed = pkg.contributes.commands.map((c) => c.command);
  assert.equal(new Set(contributed).size, contributed.length, 'package.json lists each command once');
  assert.deepEqual([...owner.keys()].sort(), [...contributed, ...unlisted].sort());
});
