/**
 * The name PostgreSQL gives an output column the query does not name (FigureColname in
 * parse_target.c), for the expressions whose name is certain.
 */
import type { FuncCall, ResTarget, SelectStmt, SubLink } from 'libpg-query';
import { nodeAs, strings } from './bindContext';

/** FigureColname for the expressions whose name is certain; null otherwise. */
export function figureColname(node: unknown): string | null {
  const cr = nodeAs<{ fields?: unknown[] }>(node, 'ColumnRef');
  if (cr) {
    const names = strings(cr.fields);
    return names[names.length - 1] ?? null;
  }
  const fn = nodeAs<FuncCall>(node, 'FuncCall');
  if (fn) {
    const names = strings(fn.funcname);
    return names[names.length - 1] ?? null;
  }
  const cast = nodeAs<{ arg?: unknown; typeName?: { names?: unknown[] } }>(node, 'TypeCast');
  if (cast) {
    const inner = figureColname(cast.arg);
    if (inner !== '?column?') {
      return inner;
    }
    const names = strings(cast.typeName?.names);
    const last = names[names.length - 1];
    return last === undefined ? null : last;
  }
  const sub = nodeAs<SubLink>(node, 'SubLink');
  if (sub) {
    if (sub.subLinkType === 'EXISTS_SUBLINK') {
      return 'exists';
    }
    if (sub.subLinkType === 'ARRAY_SUBLINK') {
      return 'array';
    }
    if (sub.subLinkType === 'EXPR_SUBLINK') {
      const first = nodeAs<ResTarget>(nodeAs<SelectStmt>(sub.subselect, 'SelectStmt')?.targetList?.[0], 'ResTarget');
      return first?.name ?? (first ? figureColname(first.val) : null);
    }
    return '?column?';
  }
  for (const [kind, name] of [
    ['CaseExpr', 'case'],
    ['A_ArrayExpr', 'array'],
    ['CoalesceExpr', 'coalesce'],
    ['RowExpr', 'row'],
  ] as const) {
    if (nodeAs(node, kind)) {
      return name;
    }
  }
  if (nodeAs(node, 'A_Const') || nodeAs(node, 'A_Expr') || nodeAs(node, 'BoolExpr') || nodeAs(node, 'ParamRef') || nodeAs(node, 'NullTest')) {
    return '?column?';
  }
  return null;
}
