/**
 * The SELECT list's output names where PostgreSQL accepts them as bare names: at the start
 * of an ORDER BY or GROUP BY item of a query level (`select sum(x) as total … order by total`).
 * Not in HAVING, WHERE or inside an expression (`order by total + 1`), where PostgreSQL
 * looks for input columns only; not in a window's or an aggregate's ORDER BY.
 */
import type { NestedTokens } from '../../parser';
import type { CatalogIndex } from '../tokens/catalogIndex';
import { ScopeReader, type ScopeColumn } from '../tokens/scopeReader';

export function outputNamesAt(list: NestedTokens, index: CatalogIndex | null, tokenBefore: number): ScopeColumn[] {
  if (tokenBefore < 0 || !startsSortOrGroupItem(list, tokenBefore)) {
    return [];
  }
  const open = list.at(tokenBefore)!.text === '(' ? tokenBefore : list.opener[tokenBefore]!;
  if (open >= 0 && !list.is(open + 1, 'SELECT', 'WITH', 'VALUES', 'TABLE')) {
    // inside OVER (… ORDER BY), string_agg(… ORDER BY), GROUPING SETS (…): no output names
    return [];
  }
  const reader = new ScopeReader(list, index);
  const level = reader.levelsAround(open)[0]!;
  const columns = reader.outputColumns(level.start, level.end, level.depth, []) ?? [];
  return columns.filter((c) => c.name !== '' && c.name !== '?column?');
}

/** The token at i is `BY` of ORDER BY / GROUP BY, or a comma between their items. */
function startsSortOrGroupItem(list: NestedTokens, i: number): boolean {
  if (list.at(i)!.text !== ',' && !list.is(i, 'BY')) {
    return false;
  }
  const depth = list.depth[i];
  for (let j = i; j >= 0; j--) {
    if (list.depth[j] !== depth) {
      continue;
    }
    if (list.is(j, 'BY')) {
      return list.is(j - 1, 'ORDER', 'GROUP');
    }
    if (list.is(j, 'SELECT', 'FROM', 'WHERE', 'HAVING', 'WINDOW', 'LIMIT', 'OFFSET', 'ON', 'SET', 'VALUES', 'RETURNING')) {
      return false;
    }
  }
  return false;
}
