/**
 * Signature help on the shop catalog captured from a real PostgreSQL: the call the cursor is
 * in, every overload, the active parameter and overload. `|` marks the cursor.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadParser, ParsedDocumentCache } from '../../server/src/parser';
import { signatureAt } from '../../server/src/analysis/completion/signatureAt';
import type { Catalog } from '../../server/src/catalog/model';

const shop = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../fixtures/catalog/shop.json'), 'utf8')) as Catalog;

before(async () => {
  await loadParser();
});

function at(sql: string) {
  const offset = sql.indexOf('|');
  return signatureAt(ParsedDocumentCache.parseText(sql.slice(0, offset) + sql.slice(offset + 1)), offset, shop);
}

test('the innermost open call, its overloads and the parameter under the cursor', () => {
  const round = at('select round(total, |) from orders')!;
  assert.deepEqual(round.overloads.map((o) => o.label).sort(), [
    'round(double precision) → double precision',
    'round(numeric) → numeric',
    'round(numeric, integer) → numeric',
  ]);
  assert.equal(round.activeParameter, 1);
  assert.equal(round.overloads[round.activeSignature]!.label, 'round(numeric, integer) → numeric');
  // nested: the inner call while inside it, the outer one after it closes
  assert.equal(at('select round(abs(|), 2)')!.overloads[0]!.label.startsWith('abs('), true);
  const outer = at('select round(abs(total), |')!;
  assert.equal(outer.activeParameter, 1);
  assert.ok(outer.overloads[0]!.label.startsWith('round('));
  // commas inside a nested call or a string do not count
  assert.equal(at("select date_trunc('a,b', now(|")!.overloads[0]!.label, 'now() → timestamp with time zone');
  assert.equal(at("select date_trunc('a,b', |")!.activeParameter, 1);
});

test('parameter ranges point into the label; variadic functions take any argument count', () => {
  const own = at('select order_total(|')!;
  const o = own.overloads[0]!;
  assert.equal(o.label, 'order_total(p_orderid bigint) → numeric');
  assert.deepEqual(
    o.parameterRanges.map(([s, e]) => o.label.slice(s, e)),
    ['p_orderid bigint'],
  );
  assert.equal(o.documentation, "Sum of the order's line totals");
  // a procedure has no result (its arguments as pg_get_function_identity_arguments writes them)
  assert.deepEqual(
    at('call cancel_order(|')!.overloads.map((p) => p.label),
    ['cancel_order(IN p_orderid bigint)'],
  );
  const concat = at("select concat('a', 'b', 'c', |")!;
  assert.equal(concat.activeParameter, 3);
  assert.equal(concat.overloads[concat.activeSignature]!.variadic, true);
});

test('no signature outside a call the catalog knows, in strings, or with no catalog', () => {
  assert.equal(at('select * from orders where orderid in (1, |'), null);
  assert.equal(at('select nosuchfunction(|'), null);
  assert.equal(at("select round('(|"), null);
  assert.equal(at('select round(1)|'), null);
  const offset = 'select round('.length;
  assert.equal(signatureAt(ParsedDocumentCache.parseText('select round('), offset, null), null);
});
