/**
 * Signature help: inside the parentheses of a call to a catalog function or procedure, every
 * overload with its parameters, the parameter the cursor is on, and the overload that fits
 * the arguments written so far. Read from scanner tokens before the cursor, so it works while
 * the call is still open. Plain data; features/signatureHelp.ts turns it into LSP.
 */
import type { Catalog, CatalogFunction } from '../../catalog/model';
import { NestedTokens, type ParsedDocument } from '../../parser';
import { CatalogIndex } from '../tokens/catalogIndex';
import { isNameToken, nameOf, scanPrefix } from '../tokens/statementTokens';
import { statementBefore } from './completeAt';

export interface SignatureOverload {
  /** `name(arg type, …) → result` */
  label: string;
  /** each parameter's text, as it appears in the label */
  parameters: string[];
  /** where each parameter sits in `label`: [start, end) UTF-16 offsets */
  parameterRanges: [number, number][];
  documentation: string | null;
  variadic: boolean;
}

export interface SignatureAnswer {
  overloads: SignatureOverload[];
  activeSignature: number;
  activeParameter: number;
}

/** Signatures of the call the cursor is inside, or null when it is in none the catalog knows. */
export function signatureAt(doc: ParsedDocument, offset: number, catalog: Catalog | null): SignatureAnswer | null {
  if (!catalog) {
    return null;
  }
  const statement = statementBefore(doc, offset);
  if (!statement) {
    return null;
  }
  const { tokens, open } = scanPrefix(doc.text.slice(statement.span.start, offset));
  if (open && open.kind !== 'identifier') {
    return null;
  }
  const list = new NestedTokens(tokens);
  // the innermost parenthesis still open at the cursor
  let depth = 0;
  let commas = 0;
  let paren = -1;
  for (let i = list.length - 1; i >= 0; i--) {
    const t = list.at(i)!.text;
    if (t === ')') {
      depth++;
    } else if (t === '(') {
      if (depth === 0) {
        paren = i;
        break;
      }
      depth--;
    } else if (t === ',' && depth === 0) {
      commas++;
    }
  }
  if (paren <= 0 || !isNameToken(list.at(paren - 1), true)) {
    return null;
  }
  const name = nameOf(list.at(paren - 1)!);
  const schema = list.at(paren - 2)?.text === '.' && isNameToken(list.at(paren - 3), true) ? nameOf(list.at(paren - 3)!) : null;
  const group = CatalogIndex.for(catalog).resolveFunction(schema, name);
  if (!group) {
    return null;
  }
  const overloads = group.overloads.map((f) => overload(f));
  // the first overload with a parameter at the cursor (a variadic one takes any number)
  const fits = overloads.findIndex((o) => o.parameters.length > commas || (o.variadic && o.parameters.length > 0));
  return { overloads, activeSignature: Math.max(0, fits), activeParameter: commas };
}

function overload(f: CatalogFunction): SignatureOverload {
  const parameters = splitArguments(f.args);
  const head = `${f.name}(`;
  const ranges: [number, number][] = [];
  let label = head;
  parameters.forEach((p, i) => {
    if (i > 0) {
      label += ', ';
    }
    ranges.push([label.length, label.length + p.length]);
    label += p;
  });
  label += f.kind === 'procedure' ? ')' : `) → ${f.result}`;
  return {
    label,
    parameters,
    parameterRanges: ranges,
    documentation: f.comment,
    variadic: parameters.some((p) => /^VARIADIC\b/.test(p)),
  };
}

/** `a integer, b numeric(10,2), VARIADIC "any"` → its parameters (commas inside parentheses or quotes do not split). */
function splitArguments(args: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const c of args) {
    if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === '(') {
      depth++;
    } else if (!quoted && c === ')') {
      depth--;
    } else if (!quoted && depth === 0 && c === ',') {
      out.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  if (current.trim() !== '') {
    out.push(current.trim());
  }
  return out;
}
