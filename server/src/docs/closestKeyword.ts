/**
 * The keyword a misspelled word most likely meant (SELEC → SELECT, JION → JOIN), by
 * edit distance over the words of the manual's commands and constructs, among those with the
 * same first letter. No answer when nothing is close or two different words are equally close:
 * a wrong page is worse than none.
 */
import { entryKeys } from './docsIndex';

let vocabulary: string[] | null = null;
function words(): string[] {
  if (!vocabulary) {
    const all = new Set<string>();
    for (const key of [...entryKeys('command'), ...entryKeys('construct')]) {
      for (const w of key.split(' ')) {
        if (/^[A-Z_]{2,}$/.test(w)) {
          all.add(w);
        }
      }
    }
    vocabulary = [...all];
  }
  return vocabulary;
}

/**
 * Levenshtein distance that also counts swapping two neighbours as one edit (JION → JOIN,
 * FORM → FROM: the typo people make most), with a cutoff: returns max + 1 as soon as the
 * distance must exceed max.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) {
    return max + 1;
  }
  // three rolling rows: the one before the previous is needed for swaps
  let before = new Int32Array(b.length + 1);
  let prev = Int32Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        v = Math.min(v, before[j - 2]! + 1);
      }
      cur[j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) {
      return max + 1;
    }
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[b.length]!;
}

/** How many edits a word of this length may carry and still be recognised. */
function allowance(length: number): number {
  return length <= 3 ? 0 : length <= 5 ? 1 : length <= 9 ? 2 : 3;
}

/** The closest keyword to `word` (upper case), or null when none is close or it is ambiguous. */
export function closestKeyword(word: string): string | null {
  const w = word.toUpperCase();
  const max = allowance(w.length);
  if (max === 0) {
    return null;
  }
  let best: string | null = null;
  let bestDistance = max + 1;
  let tie = false;
  for (const candidate of words()) {
    if (candidate[0] !== w[0]) {
      // typos keep the first letter (SELEC, JION, FRMO); pclosed is not CLOSE
      continue;
    }
    const d = editDistance(w, candidate, max);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance && d <= max) {
      // FORM is as far from FOR as from FROM; a typo that keeps the length (a swap, a wrong
      // key) is likelier than a stray letter
      const sameLength = (c: string): boolean => c.length === w.length;
      if (sameLength(candidate) && !sameLength(best!)) {
        best = candidate;
        tie = false;
      } else if (sameLength(candidate) === sameLength(best!)) {
        tie = true;
      }
    }
  }
  return best !== null && bestDistance <= max && bestDistance > 0 && !tie ? best : null;
}
