/**
 * What the client sends a language server that has just (re)started (client/src/ctx.ts fires
 * onReady after start() and when the languageclient reaches Running again after restarting a
 * crashed server; QueryBindings then resolves the active editor's binding and sends what
 * connectionToResend decides).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionToResend } from '../../client/src/connections/bindingResend';

const shop = 'postgresql://127.0.0.1:5432/shop';
const analytics = 'postgresql://127.0.0.1:5432/analytics';

test('a server restarted with an older connection gets the active editor\'s binding again', () => {
  // crashed and restarted by the languageclient with what it was first started with
  assert.equal(connectionToResend({ active: shop, lastSent: shop, startedWith: null }), shop);
  assert.equal(connectionToResend({ active: shop, lastSent: shop, startedWith: analytics }), shop);
  // bound while the server was down or starting: nothing reached it yet
  assert.equal(connectionToResend({ active: shop, lastSent: shop, startedWith: undefined }), shop);
  // the active editor's binding wins over the one last sent
  assert.equal(connectionToResend({ active: analytics, lastSent: shop, startedWith: shop }), analytics);
});

test('no bound editor active: the database last bound stays the server\'s default', () => {
  assert.equal(connectionToResend({ active: undefined, lastSent: shop, startedWith: null }), shop);
  assert.equal(connectionToResend({ active: undefined, lastSent: null, startedWith: shop }), null);
});

test('nothing to send: never bound, or the server already started with it', () => {
  assert.equal(connectionToResend({ active: undefined, lastSent: undefined, startedWith: null }), undefined);
  assert.equal(connectionToResend({ active: shop, lastSent: shop, startedWith: shop }), undefined);
  assert.equal(connectionToResend({ active: undefined, lastSent: shop, startedWith: shop }), undefined);
});
