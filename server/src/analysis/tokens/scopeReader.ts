/**
 * Which FROM items (tables, views, CTEs, subqueries, table functions) a position in a
 * statement can see, read from scanner tokens so it works on statements that do not parse
 * yet. It follows SQL's shape loosely — query levels are parenthesised SELECTs, a level sees
 * its own FROM items and its outer levels' (correlated references) — and returns plain data.
 * The binder does the exact resolution for diagnostics; this is for completion and hover,
 * where a good guess on broken text beats nothing.
 */
import type { NestedTokens, Token } from '../../parser';
import { knownColumns } from '../../catalog/lazyColumns';
import type { CatalogIndex, IndexedRelation, ScopeColumn } from './catalogIndex';

export type { ScopeColumn } from './catalogIndex';
import { isFromListComma, isNameToken, nameOf } from './statementTokens';

export interface FromItem {
  kind: 'relation' | 'cte' | 'subquery' | 'function' | 'values';
  /** the name written (relation, CTE or function), null for subqueries */
  name: string | null;
  schema: string | null;
  alias: string | null;
  /** the catalog relation, when the name resolved to one */
  relation: IndexedRelation | null;
  /** output columns; null when they cannot be known */
  columns: readonly ScopeColumn[] | null;
  /** true for the target of INSERT / UPDATE / DELETE / MERGE */
  target: boolean;
  /** token indexes [start, end) the item spans in the statement */
  span?: [number, number];
  /** for visibleAt's items: 0 for the cursor's own query level, 1 for the one around it … */
  level?: number;
}

/** The name a FROM item answers to in `x.col`: its alias, else its own name. */
export function refName(item: FromItem): string | null {
  return item.alias ?? item.name;
}

interface Cte {
  name: string;
  columns: ScopeColumn[] | null;
}

const fromStarters = new Set(['FROM', 'JOIN', 'UPDATE', 'INTO', 'USING', 'TABLE']);
// Words after which a FROM list ends (or that cannot be an alias without AS).
// prettier-ignore
const clauseWords = new Set([
  'WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'WINDOW', 'UNION', 'INTERSECT', 'EXCEPT',
  'RETURNING', 'SET', 'ON', 'USING', 'FETCH', 'FOR', 'VALUES', 'SELECT', 'JOIN', 'LEFT', 'RIGHT',
  'FULL', 'INNER', 'CROSS', 'NATURAL', 'OUTER', 'LATERAL', 'WHEN', 'DEFAULT', 'OVERRIDING',
  'TABLESAMPLE', 'ON', 'DO', 'WITH', 'INTO', 'FROM',
]);

/** Reads dotted names: `a`, `a.b`, `a.b.c` starting at i; returns the parts and the next index. */
function readQualifiedName(list: NestedTokens, i: number): { parts: string[]; next: number } | null {
  if (!isNameToken(list.at(i), true)) {
    return null;
  }
  const parts = [nameOf(list.at(i)!)];
  let j = i + 1;
  while (list.at(j)?.text === '.' && isNameToken(list.at(j + 1), true)) {
    parts.push(nameOf(list.at(j + 1)!));
    j += 2;
  }
  return { parts, next: j };
}

export class ScopeReader {
  constructor(
    private readonly list: NestedTokens,
    private readonly index: CatalogIndex | null,
    /** columns of relations the document itself created earlier (they win over the catalog) */
    private readonly documentRelation: (schema: string | null, name: string) => ScopeColumn[] | null = () => null,
  ) {}

  /** Query levels around a position inside the `(` at `open` (-1: top level), innermost first. */
  levelsAround(open: number): { start: number; end: number; depth: number }[] {
    const levels: { start: number; end: number; depth: number }[] = [];
    while (open >= 0) {
      if (this.list.is(open + 1, 'SELECT', 'WITH', 'VALUES', 'TABLE', 'INSERT', 'UPDATE', 'DELETE', 'MERGE')) {
        levels.push({ start: open + 1, end: this.list.closer.get(open)!, depth: this.list.depth[open]! + 1 });
      }
      open = this.list.opener[open]!;
    }
    levels.push({ start: 0, end: this.list.length, depth: 0 });
    return levels;
  }

  /**
   * FROM items visible just after token i (-1: at the start): its level's first, then outer
   * levels' (nearest first); and the names of the CTEs in scope there.
   */
  visibleAt(i: number): { items: FromItem[]; cteNames: string[] } {
    const items: FromItem[] = [];
    const open = i < 0 ? -1 : this.list.at(i)!.text === '(' ? i : this.list.opener[i]!;
    const levels = this.levelsAround(open);
    const ctes: Cte[] = [];
    // CTEs of outer levels are visible in inner ones: collect outermost first
    for (const level of [...levels].reverse()) {
      ctes.unshift(...this.ctesOf(level.start, level.end, level.depth, ctes));
    }
    levels.forEach((level, rank) => {
      // a FROM item is not visible inside itself (`from (select … here …) s`; LATERAL aside)
      for (const x of this.fromItems(level.start, level.end, level.depth, ctes)) {
        if (!(x.span && open >= x.span[0] && open < x.span[1])) {
          x.level = rank;
          items.push(x);
        }
      }
    });
    return { items, cteNames: ctes.map((c) => c.name) };
  }

  /** `WITH [RECURSIVE] a [(cols)] AS [NOT] [MATERIALIZED] (…), …` at the start of a level. */
  private ctesOf(start: number, end: number, depth: number, outer: Cte[]): Cte[] {
    const list = this.list;
    const ctes: Cte[] = [];
    if (!list.is(start, 'WITH')) {
      return ctes;
    }
    let i = start + 1;
    if (list.is(i, 'RECURSIVE')) {
      i++;
    }
    while (i < end && isNameToken(list.at(i), true)) {
      const name = nameOf(list.at(i)!);
      i++;
      let columnNames: string[] | null = null;
      if (list.at(i)?.text === '(') {
        const close = list.closer.get(i)!;
        columnNames = this.nameList(i + 1, close);
        i = close + 1;
      }
      while (i < end && list.at(i)?.text !== '(' && list.depth[i] === depth) {
        i++;
      }
      if (list.at(i)?.text !== '(') {
        break;
      }
      const close = list.closer.get(i)!;
      const body = columnNames ? null : this.outputColumns(i + 1, close, depth + 1, [...ctes, ...outer]);
      ctes.push({ name, columns: columnNames ? columnNames.map((n) => ({ name: n, type: null })) : body });
      i = close + 1;
      if (list.at(i)?.text !== ',') {
        break;
      }
      i++;
    }
    return ctes;
  }

  /** The first name of each comma-separated element: a column alias or column definition list. */
  private nameList(start: number, end: number): string[] {
    const names: string[] = [];
    let first = true;
    for (let j = start; j < end; j++) {
      const t = this.list.at(j)!;
      if (t.text === ',' && this.list.depth[j] === this.list.depth[start]) {
        first = true;
      } else if (first && isNameToken(t, true)) {
        names.push(nameOf(t));
        first = false;
      }
    }
    return names;
  }

  /** FROM items at one query level: after FROM/JOIN/UPDATE/INTO/USING, comma separated. */
  fromItems(start: number, end: number, depth: number, ctes: Cte[]): FromItem[] {
    const list = this.list;
    const items: FromItem[] = [];
    let expecting = false;
    let target = false;
    for (let i = start; i < end; i++) {
      if (list.depth[i] !== depth) {
        continue;
      }
      const t = list.at(i)!;
      const w = list.word(i);
      if (fromStarters.has(w)) {
        // JOIN … USING (cols) is a column list, not a FROM item
        if (w === 'USING' && list.at(i + 1)?.text === '(' && !list.is(i + 2, 'SELECT', 'VALUES', 'WITH')) {
          continue;
        }
        expecting = true;
        target = w === 'UPDATE' || w === 'INTO' || (w === 'FROM' && list.is(i - 1, 'DELETE'));
        continue;
      }
      if (w === 'ONLY' || w === 'LATERAL') {
        continue;
      }
      if (t.text === ',' && items.length > 0 && isFromListComma(list, i, start)) {
        expecting = true;
        target = false;
        continue;
      }
      if (!expecting) {
        continue;
      }
      expecting = false;
      const item = this.readItem(i, depth, ctes, target);
      if (item) {
        items.push(item.item);
        i = item.next - 1;
      }
    }
    return items;
  }

  private readItem(i: number, depth: number, ctes: Cte[], target: boolean): { item: FromItem; next: number } | null {
    const list = this.list;
    let item: FromItem;
    let j: number;
    if (list.at(i)?.text === '(') {
      const close = list.closer.get(i)!;
      const isValues = list.is(i + 1, 'VALUES');
      item = {
        kind: isValues ? 'values' : 'subquery',
        name: null,
        schema: null,
        alias: null,
        relation: null,
        columns: isValues ? this.valuesColumns(i + 1) : this.outputColumns(i + 1, close, depth + 1, ctes),
        target,
      };
      j = close + 1;
    } else {
      const q = readQualifiedName(list, i);
      if (!q || list.word(i) === 'SELECT') {
        return null;
      }
      j = q.next;
      const name = q.parts[q.parts.length - 1]!;
      const schema = q.parts.length > 1 ? q.parts[q.parts.length - 2]! : null;
      if (list.at(j)?.text === '(' && !target) {
        const fn = this.index?.functionColumns(schema, name) ?? null;
        item = { kind: 'function', name, schema, alias: null, relation: null, columns: fn, target };
        j = (list.closer.get(j) ?? list.length) + 1;
      } else {
        const cte = schema === null ? ctes.find((c) => c.name === name) : undefined;
        if (cte) {
          item = { kind: 'cte', name, schema: null, alias: null, relation: null, columns: cte.columns, target };
        } else {
          const created = this.documentRelation(schema, name);
          const relation = created ? null : (this.index?.resolveRelation(schema, name) ?? null);
          item = {
            kind: 'relation',
            name,
            schema,
            alias: null,
            relation,
            columns: created ?? (relation ? knownColumns(relation) : null),
            target,
          };
        }
      }
    }
    // [AS] alias [(column aliases)]
    let hasAs = false;
    if (list.is(j, 'AS')) {
      hasAs = true;
      j++;
    }
    const aliasToken = list.at(j);
    if (aliasToken && list.depth[j] === depth && isNameToken(aliasToken, hasAs) && (hasAs || !clauseWords.has(list.word(j)))) {
      item.alias = nameOf(aliasToken);
      j++;
      if (list.at(j)?.text === '(' && !target) {
        const close = list.closer.get(j)!;
        const renamed = this.nameList(j + 1, close);
        item.columns = renameColumns(item, renamed);
        j = close + 1;
      }
    }
    if (item.kind === 'function' && item.columns && item.columns.length === 1 && item.columns[0]!.name === '') {
      // a scalar function's one column is named after the alias, else the function
      item.columns = [{ name: item.alias ?? item.name ?? '', type: item.columns[0]!.type }];
    }
    item.span = [i, j];
    return { item, next: j };
  }

  /** `VALUES (a, b), …` → column1, column2 … */
  private valuesColumns(start: number): ScopeColumn[] {
    const first = start + 1;
    if (this.list.at(first)?.text !== '(') {
      return [];
    }
    const close = this.list.closer.get(first)!;
    let n = 1;
    for (let j = first + 1; j < close; j++) {
      if (this.list.at(j)!.text === ',' && this.list.depth[j] === this.list.depth[first]! + 1) {
        n++;
      }
    }
    return Array.from({ length: n }, (_, k) => ({ name: `column${k + 1}`, type: null }));
  }

  /**
   * Output column names of the SELECT in [start, end): `AS name`, a bare alias, a column
   * reference's last part, a function's name; `*` expands the level's FROM items. Null when
   * some column cannot be named (then completion offers what it knows, hover says nothing).
   */
  outputColumns(start: number, end: number, depth: number, ctes: Cte[]): ScopeColumn[] | null {
    const list = this.list;
    let i = start;
    if (list.is(i, 'WITH')) {
      // skip the CTE list: the SELECT after it is the body
      while (i < end && !(list.depth[i] === depth && list.is(i, 'SELECT', 'VALUES'))) {
        i++;
      }
    }
    if (list.is(i, 'VALUES')) {
      return this.valuesColumns(i);
    }
    if (list.is(i, 'INSERT', 'UPDATE', 'DELETE', 'MERGE')) {
      // a data-modifying CTE yields its RETURNING list
      while (i < end && !(list.depth[i] === depth && list.is(i, 'RETURNING'))) {
        i++;
      }
      if (i >= end) {
        return [];
      }
    } else if (!list.is(i, 'SELECT')) {
      return null;
    }
    i++;
    if (list.is(i, 'ALL')) {
      i++;
    } else if (list.is(i, 'DISTINCT')) {
      i++;
      if (list.is(i, 'ON') && list.at(i + 1)?.text === '(') {
        i = list.closer.get(i + 1)! + 1;
      }
    }
    const columns: ScopeColumn[] = [];
    let itemStart = i;
    let fromItems: FromItem[] | undefined;
    const finishItem = (itemEnd: number): boolean => {
      if (itemEnd <= itemStart) {
        return true;
      }
      const last = list.at(itemEnd - 1)!;
      if (last.text === '*') {
        fromItems ??= this.fromItems(start, end, depth, ctes);
        const qualifier = itemEnd - itemStart >= 3 && list.at(itemEnd - 2)!.text === '.' ? nameOf(list.at(itemEnd - 3)!) : null;
        for (const item of fromItems) {
          if (qualifier !== null && refName(item) !== qualifier) {
            continue;
          }
          if (!item.columns) {
            return false;
          }
          columns.push(...item.columns);
        }
        return true;
      }
      const name = itemName(list, itemStart, itemEnd);
      columns.push({ name, type: null });
      return true;
    };
    for (; i < end; i++) {
      if (list.depth[i] !== depth) {
        continue;
      }
      const t = list.at(i)!;
      if (t.text === ',') {
        if (!finishItem(i)) {
          return null;
        }
        itemStart = i + 1;
        continue;
      }
      if (list.is(i, 'FROM', 'INTO', 'WHERE', 'GROUP', 'HAVING', 'WINDOW', 'UNION', 'INTERSECT', 'EXCEPT', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'FOR')) {
        break;
      }
    }
    return finishItem(i) ? columns : null;
  }
}

/** PostgreSQL's FigureColname, roughly: alias, column name, function name, else ?column?. */
function itemName(list: NestedTokens, start: number, end: number): string {
  const last = list.at(end - 1)!;
  const beforeLast = list.at(end - 2);
  if (end - start >= 2 && isNameToken(last, true) && beforeLast && (list.is(end - 2, 'AS') || isImplicitAliasAfter(beforeLast))) {
    return nameOf(last);
  }
  // a column reference a.b.c → c; a function call f(…) → f
  const q = readQualifiedName(list, start);
  if (q) {
    if (q.next === end) {
      return q.parts[q.parts.length - 1]!;
    }
    if (list.at(q.next)?.text === '(' && list.closer.get(q.next) === end - 1) {
      return q.parts[q.parts.length - 1]!;
    }
  }
  if (list.word(start) === 'CASE') {
    return 'case';
  }
  return '?column?';
}

/** An identifier right after one of these ends an expression and names it (`count(*) n`). */
function isImplicitAliasAfter(t: Token): boolean {
  return t.text === ')' || t.kind === 'IDENT' || t.kind === 'ICONST' || t.kind === 'FCONST' || t.kind === 'SCONST' || t.text === ']';
}

function renameColumns(item: FromItem, names: string[]): ScopeColumn[] | null {
  if (item.kind === 'function' && item.columns && item.columns.length <= 1) {
    return names.slice(0, 1).map((name) => ({ name, type: item.columns?.[0]?.type ?? null }));
  }
  if (!item.columns) {
    // a column definition list for a record function: exactly those
    return item.kind === 'function' ? names.map((name) => ({ name, type: null })) : null;
  }
  return item.columns.map((c, k) => ({ name: names[k] ?? c.name, type: c.type }));
}
