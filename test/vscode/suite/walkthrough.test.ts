import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';
import type { PgsightApi } from '../../../client/src/extension';

const extensionId = 'pgsight.pgsight';

interface Step { id: string; description: string; media: { image?: string; markdown?: string }; completionEvents?: string[] }
interface Walkthrough { id: string; title: string; steps: Step[] }

suite('the "Get started with pgsight" walkthrough in the real VS Code', () => {
  const ext = () => {
    const e = vscode.extensions.getExtension<PgsightApi>(extensionId);
    assert.ok(e, `extension ${extensionId} is installed`);
    return e;
  };
  const walkthrough = (): Walkthrough => {
    const list = (ext().packageJSON as { contributes: { walkthroughs?: Walkthrough[] } }).contributes.walkthroughs ?? [];
    const w = list.find((x) => x.id === 'pgsight.getStarted');
    assert.ok(w, 'the walkthrough is contributed');
    return w;
  };

  test('has the five steps of the issue, each with a button and an image that ships', () => {
    const w = walkthrough();
    assert.equal(w.title, 'Get started with pgsight');
    assert.deepEqual(w.steps.map((s) => s.id), ['connect', 'fixColumn', 'docs', 'templates', 'explain']);
    for (const step of w.steps) {
      assert.match(step.description, /\n\[[^\]]+\]\(command:[^)]+\)/, `${step.id} has a command button`);
      assert.ok(step.media.image, `${step.id} has an image`);
      const image = vscode.Uri.joinPath(ext().extensionUri, step.media.image);
      assert.ok(fs.existsSync(image.fsPath), `${step.id}: ${step.media.image} exists`);
    }
  });

  test('every button runs a command that exists once pgsight is active', async () => {
    const e = ext();
    const api = e.isActive ? e.exports : await e.activate();
    await api.ready;
    const all = new Set(await vscode.commands.getCommands(true));
    const missing: string[] = [];
    for (const step of walkthrough().steps) {
      for (const m of step.description.matchAll(/\(command:([\w.]+)(?:\?([^)]*))?\)/g)) {
        if (!all.has(m[1]!)) {
          missing.push(`${step.id}: ${m[1]}`);
        }
        if (m[2]) {
          // command arguments are a URI-encoded JSON array
          assert.ok(Array.isArray(JSON.parse(decodeURIComponent(m[2]!))), `${step.id}: arguments of ${m[1]}`);
        }
      }
    }
    assert.deepEqual(missing, []);
  });

  test('the demo files the buttons open are the ones in demo/', () => {
    const demo = vscode.Uri.joinPath(ext().extensionUri, 'demo');
    const opened: string[] = [];
    for (const step of walkthrough().steps) {
      for (const m of step.description.matchAll(/command:workbench\.action\.quickOpen\?([^)]*)\)/g)) {
        const [file = ''] = JSON.parse(decodeURIComponent(m[1]!)) as string[];
        assert.ok(fs.existsSync(vscode.Uri.joinPath(demo, file).fsPath), `${step.id}: demo/${file} exists`);
        opened.push(file);
      }
    }
    assert.deepEqual(opened, ['1-fix-a-column.sql', '2-press-f1.sql', '3-explain-parallel.sql']);
  });
});
