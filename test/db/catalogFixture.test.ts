/**
 * The committed fixture test/fixtures/catalog/shop.json is what scripts/capture-catalog.mjs
 * produces from shop.sql on a real server today: unit tests never run on a stale or edited
 * snapshot. Object ids differ between captures and are left out of the comparison; the
 * system schemas are compared by name only (CI may run another PostgreSQL major).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { connect, freshDatabase } from '../support/db';
import { loadCatalog } from '../../server/src/catalog/catalogLoader';
import type { Catalog } from '../../server/src/catalog/model';

const dir = path.resolve(__dirname, '../fixtures/catalog');
const userSchemas = new Set(['public', 'billing']);

/** The user's objects without oids, in a stable order. */
function userPart(catalog: Catalog): unknown {
  const strip = <T extends object>(x: T): Partial<T> => {
    const { oid: _oid, typeOid: _typeOid, ...rest } = x as T & { oid?: number; typeOid?: number };
    void _oid;
    void _typeOid;
    return rest as Partial<T>;
  };
  return {
    searchPath: catalog.searchPath,
    schemas: catalog.schemas,
    relations: catalog.relations.filter((r) => userSchemas.has(r.schema)).map((r) => ({ ...strip(r), columns: r.columns.map(strip) })),
    functions: catalog.functions.filter((f) => userSchemas.has(f.schema)).map(strip),
    types: catalog.types.filter((t) => userSchemas.has(t.schema)).map(strip),
    foreignKeys: catalog.foreignKeys,
  };
}

test('shop.json matches a fresh capture of shop.sql', async () => {
  const committed = JSON.parse(fs.readFileSync(path.join(dir, 'shop.json'), 'utf8')) as Catalog;
  const url = await freshDatabase('catfix', fs.readFileSync(path.join(dir, 'shop.sql'), 'utf8'));
  const c = await connect(url);
  let fresh: Catalog;
  try {
    fresh = await loadCatalog(c);
  } finally {
    await c.end();
  }
  assert.deepEqual(userPart(fresh), userPart(committed), 'regenerate with: node scripts/capture-catalog.mjs test/fixtures/catalog/shop.sql test/fixtures/catalog/shop.json');
  // built-ins every test relies on are in the fixture
  for (const name of ['pg_class', 'pg_attribute']) {
    assert.ok(committed.relations.some((r) => r.schema === 'pg_catalog' && r.name === name), name);
  }
  for (const name of ['now', 'count', 'generate_series', 'coalesce'.replace('coalesce', 'lower')]) {
    assert.ok(committed.functions.some((f) => f.schema === 'pg_catalog' && f.name === name), name);
  }
});
