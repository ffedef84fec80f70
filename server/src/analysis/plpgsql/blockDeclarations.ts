/**
 * The DECLARE sections of a PL/pgSQL body, read from its tokens: libpg-query's JSON of a
 * compiled function lists every variable but not which block declares it, nor where. Each
 * block (in the order of its BEGIN, which is the order of PLpgSQL_stmt_block in a pre-order
 * walk) gets its declarations in order, with where their type, default and cursor query are
 * written (pl_gram.y decl_statement).
 */
import { foldIdentifier, scanSql, type Token } from '../../parser';

export interface Declaration {
  name: string;
  kind: 'variable' | 'alias' | 'cursor';
  /** the type as written (`t%rowtype`, `record`, `int`), lower-cased outside quotes */
  type: string;
  /** body-relative UTF-16 range of the type */
  typeRange: { start: number; end: number } | null;
  /** the default expression (`:=`, `=`, DEFAULT) or the cursor's query, body-relative UTF-16 */
  expression: { start: number; end: number } | null;
  /** a cursor's argument names */
  cursorArgs: string[];
}

export interface DeclaredBlock {
  /** body-relative UTF-16 offset of BEGIN */
  begin: number;
  declarations: Declaration[];
}

const comment = new Set(['SQL_COMMENT', 'C_COMMENT']);

function word(t: Token): string {
  return t.text.startsWith('"') ? t.text : t.text.toLowerCase();
}

/** A name as PostgreSQL stores it: quoted names as written, others folded. */
export function identifierName(text: string): string {
  return text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : foldIdentifier(text);
}

/** Blocks in the order of their BEGIN, with what their DECLARE sections declare. */
export function declaredBlocks(body: string): DeclaredBlock[] {
  const tokens = scanSql(body).filter((t) => !comment.has(t.kind));
  const blocks: DeclaredBlock[] = [];
  let pending: Declaration[] | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const w = word(tokens[i]!);
    if (w === 'begin') {
      blocks.push({ begin: tokens[i]!.start, declarations: pending ?? [] });
      pending = null;
    } else if (w === 'declare') {
      pending ??= [];
    } else if (pending !== null) {
      const end = statementEnd(tokens, i);
      const d = declaration(body, tokens.slice(i, end));
      if (d) {
        pending.push(d);
      }
      i = end;
    }
  }
  return blocks;
}

/** Index of the `;` ending the declaration that starts at `i` (outside parentheses). */
function statementEnd(tokens: Token[], i: number): number {
  let depth = 0;
  for (let j = i; j < tokens.length; j++) {
    const t = tokens[j]!.text;
    if (t === '(' || t === '[') {
      depth++;
    } else if (t === ')' || t === ']') {
      depth--;
    } else if (t === ';' && depth <= 0) {
      return j;
    } else if (depth <= 0 && word(tokens[j]!) === 'begin') {
      return j - 1;
    }
  }
  return tokens.length;
}

function declaration(body: string, tokens: Token[]): Declaration | null {
  const first = tokens[0];
  if (!first || first.unterminated) {
    return null;
  }
  const name = identifierName(first.text);
  const words = tokens.map(word);
  const base = { name, type: '', typeRange: null, expression: null, cursorArgs: [] as string[] };
  if (words[1] === 'alias') {
    return { ...base, kind: 'alias' };
  }
  const cursorAt = words.indexOf('cursor');
  if (cursorAt > 0 && cursorAt <= 3 && words.slice(1, cursorAt).every((w) => w === 'no' || w === 'scroll')) {
    const args: string[] = [];
    let k = cursorAt + 1;
    if (tokens[k]?.text === '(') {
      let depth = 0;
      let expectName = true;
      for (; k < tokens.length; k++) {
        const t = tokens[k]!.text;
        if (t === '(') {
          depth++;
          if (depth === 1) {
            continue;
          }
        } else if (t === ')') {
          depth--;
          if (depth === 0) {
            k++;
            break;
          }
        } else if (t === ',' && depth === 1) {
          expectName = true;
          continue;
        }
        if (expectName && depth === 1) {
          args.push(identifierName(t));
          expectName = false;
        }
      }
    }
    const forAt = k < tokens.length && (words[k] === 'for' || words[k] === 'is') ? k : -1;
    const query = forAt >= 0 ? tokens[forAt + 1] : undefined;
    const last = tokens[tokens.length - 1]!;
    return {
      ...base,
      kind: 'cursor',
      type: 'refcursor',
      cursorArgs: args,
      expression: query ? { start: query.start, end: last.end } : null,
    };
  }
  let k = 1;
  if (words[k] === 'constant') {
    k++;
  }
  const typeStart = k;
  while (k < tokens.length && !['collate', 'not', 'default', ':=', '=', ';'].includes(words[k]!)) {
    k++;
  }
  const typeTokens = tokens.slice(typeStart, k);
  const typeRange = typeTokens.length > 0 ? { start: typeTokens[0]!.start, end: typeTokens[typeTokens.length - 1]!.end } : null;
  const type = typeRange ? body.slice(typeRange.start, typeRange.end).replace(/"(?:[^"]|"")*"|[^"]+/g, (m) => (m.startsWith('"') ? m : m.toLowerCase())) : '';
  let expression: Declaration['expression'] = null;
  const assign = words.findIndex((w, j) => j >= k && (w === 'default' || w === ':=' || w === '='));
  if (assign >= 0 && assign + 1 < tokens.length) {
    const from = tokens[assign + 1]!;
    const last = tokens[tokens.length - 1]!;
    expression = { start: from.start, end: last.end };
  }
  return { ...base, kind: 'variable', type, typeRange, expression };
}
