/**
 * Operators mean different things per operand type (`@>` contains for arrays, ranges, jsonb
 * and boxes). Without type analysis the statement still gives hints: a jsonb cast, an
 * ARRAY[…] constructor, a range literal. The hint picks the table; the default is the most
 * general core one.
 */
import { operatorMeanings, type DocsTarget } from './docsIndex';
import type { NestedTokens, Token } from '../parser';

const operatorText = /^[-+*/<>=~!@#%^&|`?]+$/;

export function isOperatorToken(t: Token): boolean {
  return t.keywordKind === 0 && t.kind !== 'TYPECAST' && operatorText.test(t.text);
}

interface Hint {
  page: string;
  test: (word: string | null, text: string) => boolean;
}

const hints: Hint[] = [
  {
    page: 'functions-json.html',
    test: (w, t) => w === 'JSON' || w === 'JSONB' || /^(->>?|#>>?|@\?)$/.test(t) || /^'\s*[[{]\s*["{[]/.test(t) || /^'\s*\$/.test(t),
  },
  { page: 'functions-range.html', test: (w, t) => /RANGE$/.test(w ?? '') || /^'\s*[[(][^,]*,[^,]*[\])]\s*'$/.test(t) },
  { page: 'functions-textsearch.html', test: (w) => /TSVECTOR|TSQUERY/.test(w ?? '') },
  { page: 'functions-net.html', test: (w) => w === 'INET' || w === 'CIDR' },
  { page: 'functions-geometry.html', test: (w) => ['POINT', 'BOX', 'CIRCLE', 'POLYGON', 'PATH', 'LSEG', 'LINE'].includes(w ?? '') },
  { page: 'functions-array.html', test: (w, t) => w === 'ARRAY' || t === '[' || /^'\s*\{/.test(t) },
];

/** With no hint, the meaning most people mean: comparison and arithmetic, text, arrays, jsonb… */
const generalFirst = [
  'functions-comparison.html', 'functions-math.html', 'functions-logical.html', 'functions-string.html', 'functions-matching.html',
  'functions-array.html', 'functions-json.html', 'functions-range.html', 'functions-datetime.html', 'functions-textsearch.html',
];

export function operatorMeaning(view: NestedTokens, i: number): DocsTarget | null {
  const symbol = view.text(i);
  const meanings = operatorMeanings(symbol);
  if (meanings.length <= 1) {
    return meanings[0] ?? null;
  }
  const from = Math.max(0, i - 6);
  const to = Math.min(view.length - 1, i + 6);
  for (const hint of hints) {
    const meaning = meanings.find((m) => m.page === hint.page);
    if (!meaning) {
      continue;
    }
    for (let k = from; k <= to; k++) {
      if (k !== i && hint.test(view.plainWord(k), view.text(k))) {
        return meaning;
      }
    }
  }
  // `a ~ 'regex'` is a match; a prefix `~` is bitwise NOT
  const prev = view.tokens[i - 1];
  const infix = prev !== undefined && prev.keywordKind !== 4 && !isOperatorToken(prev) && !['(', ','].includes(prev.text);
  if (infix && /^!?~\*?$/.test(symbol)) {
    return meanings.find((m) => m.page === 'functions-matching.html') ?? meanings[0]!;
  }
  for (const page of generalFirst) {
    const meaning = meanings.find((m) => m.page === page);
    if (meaning) {
      return meaning;
    }
  }
  return meanings.find((m) => m.page.startsWith('functions-')) ?? meanings[0]!;
}
