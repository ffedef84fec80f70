/**
 * Completion and hover never throw, whatever the text and wherever the cursor: every offset
 * of a script full of quotes, dollar quotes, comments, psql meta-commands, emoji and broken
 * statements, and every prefix of it (what the user has typed so far).
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadParser, ParsedDocumentCache } from '../../server/src/parser';
import { completeAt } from '../../server/src/analysis/completion/completeAt';
import { hoverAt, type HoverAnswer } from '../../server/src/analysis/hover/hover';
import type { Catalog } from '../../server/src/catalog/model';

const shop = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../fixtures/catalog/shop.json'), 'utf8')) as Catalog;

const script = `-- a migration 🚀 with café
\\set ON_ERROR_STOP on
create table widgets (widget_id int primary key, "Label" text default 'it''s', price numeric(10,2));
create function f() returns int language plpgsql as $body$ begin return (select 1); end $body$;
with recent as (select o.orderid, o.total t from orders o where o.status <> 'cancelled')
select r.orderid, r.t, w."Label", c.email
  from recent r
  join customers c on c.customer_id = (select customer_id from orders x where x.orderid = r.orderid)
  left join widgets w on w.widget_id = r.orderid::int
 where e'esc\\'aped' is not null and $$dollar ; quoted$$ <> '' /* block /* nested */ comment */
 order by 1;
insert into order_items (orderid, line_no, product_id, quantity, unit_price) values (1, 1, 1, 2, 9.99) returning *;
update "CartItems" ci set "Quantity" = ci."Quantity" + 1 from products p where p.product_id = ci."ProductId";
select * from generate_series(1, 3) g, lateral (select g * 2 as d) l where l.d > 1 and u&"d\\0061t" is null;
select (((( from where ;
select 'unterminated
`;

before(async () => {
  await loadParser();
});

/** A hover, when there is one, covers the cursor and stays inside the text. */
function assertHoverAround(h: HoverAnswer | null, offset: number, length: number): void {
  if (h) {
    assert.ok(h.start <= offset && offset <= h.end && h.end <= length, `hover ${h.start}-${h.end} around the cursor at ${offset}`);
  }
}

test('every cursor position of a tricky script', () => {
  const doc = ParsedDocumentCache.parseText(script);
  let answered = 0;
  for (let offset = 0; offset <= script.length; offset++) {
    const c = completeAt(doc, offset, shop);
    assertHoverAround(hoverAt(doc, offset, shop), offset, script.length);
    if (c && c.items.length > 0) {
      answered++;
      assert.ok(c.replaceStart <= offset && offset <= c.replaceEnd, `range around the cursor at ${offset}`);
    }
  }
  assert.ok(answered > script.length / 3, `completion answered at ${answered} of ${script.length} positions`);
});

test('every prefix of the script, cursor at its end, with and without a catalog', () => {
  for (let end = 0; end <= script.length; end += 3) {
    const text = script.slice(0, end);
    const doc = ParsedDocumentCache.parseText(text);
    for (const c of [completeAt(doc, end, shop), completeAt(doc, end, null)]) {
      if (c) {
        assert.ok(c.replaceStart <= end && end <= c.replaceEnd && c.replaceEnd <= text.length, `range ${c.replaceStart}-${c.replaceEnd} around the cursor at ${end}`);
      }
    }
    assertHoverAround(hoverAt(doc, Math.max(0, end - 1), shop), Math.max(0, end - 1), text.length);
  }
});
