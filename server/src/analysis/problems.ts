/**
 * What the analysis reports: plain data in document UTF-16 offsets, turned into LSP
 * diagnostics and code actions only in server/src/features/.
 */
import type { SqlStateCode } from '../../../shared/src/diagnosticCodes';

/** One replacement in document UTF-16 offsets. */
export interface FixEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  /** Replacement text for [start, end) (quoted when the name needs quotes) */
  newText: string;
  /** The name as PostgreSQL stores it, for the title `Change to "<name>"` */
  name: string;
  start: number;
  end: number;
  /** the single best fix */
  preferred: boolean;
  /** a fix of several places (every reference in the statement): all its edits, [start, end) among them */
  edits?: FixEdit[];
  /** the action's title when not `Change to "<name>"` */
  title?: string;
  /** a "Change to" applied at every place the statement spells the typed name (checks/fixes.ts placeFixes) */
  everyPlace?: boolean;
}

export interface Problem {
  /** SQLSTATE PostgreSQL would raise: 42601, 42703, 42P01, 42702 … (SqlState.*) */
  code: SqlStateCode;
  /** PostgreSQL's message text */
  message: string;
  /** PostgreSQL's DETAIL, when it would give one */
  detail?: string;
  /** PostgreSQL's HINT, word for word, when it would give one */
  hint?: string;
  /** UTF-16 document offsets; start is PostgreSQL's error cursor */
  start: number;
  end: number;
  /** quick fixes, best first */
  fixes: Fix[];
  /** 'warning' for what PostgreSQL would not raise as an error (mixed mode's pending migrations); default error */
  severity?: 'warning';
}

/** Extent of a (possibly qualified, possibly quoted) name starting at `offset` in `text`. */
export function nameParts(text: string, offset: number): { start: number; end: number }[] {
  const parts: { start: number; end: number }[] = [];
  let i = offset;
  for (;;) {
    const start = i;
    if (text[i] === '"') {
      i++;
      while (i < text.length) {
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            i += 2;
            continue;
          }
          i++;
          break;
        }
        i++;
      }
    } else if (text[i] === '*') {
      i++;
    } else {
      while (i < text.length && /[\p{L}\p{N}_$\u0080-\uffff]/u.test(text[i]!)) {
        i++;
      }
    }
    if (i === start) {
      break;
    }
    parts.push({ start, end: i });
    let j = i;
    while (j < text.length && /\s/.test(text[j]!)) {
      j++;
    }
    if (text[j] !== '.') {
      break;
    }
    j++;
    while (j < text.length && /\s/.test(text[j]!)) {
      j++;
    }
    i = j;
  }
  return parts;
}
