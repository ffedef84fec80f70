/**
 * The built-in objects of PostgreSQL (pg_catalog and information_schema relations, functions
 * and types) as captured from a real server by scripts/capture-builtin-catalog.mjs and shipped
 * gzipped with the extension: the base a workspace catalog is replayed onto.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Catalog } from '../catalog/model';

/** The major version whose snapshot is shipped. */
export const builtinMajor = 18;

const fileName = `pg${builtinMajor}.catalog.json.gz`;

/** dist/builtins/ next to the bundle, or server/builtins/ when running from source. */
function snapshotPath(): string {
  const here = path.dirname(__filename);
  const candidates = [path.join(here, 'builtins', fileName), path.join(here, '..', '..', 'builtins', fileName)];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error(`the built-in catalog snapshot ${fileName} is missing (looked in ${candidates.join(', ')})`);
  }
  return found;
}

let cached: Catalog | undefined;

/** The snapshot, read once per process. Treat it as read-only: it is shared. */
export function builtinCatalog(): Catalog {
  cached ??= JSON.parse(zlib.gunzipSync(fs.readFileSync(snapshotPath())).toString('utf8')) as Catalog;
  return cached;
}
