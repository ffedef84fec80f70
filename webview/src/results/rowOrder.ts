/**
 * Sorting and filtering the rows the view holds, by each column's type as PostgreSQL would
 * order them, from the text PostgreSQL printed (never through JavaScript numbers for numeric):
 * - integers and numeric: as decimal numbers, every digit kept; NaN above every number;
 * - real and double precision: as numbers (their text round-trips), NaN above Infinity;
 * - boolean: false before true;
 * - date, timestamp, timestamptz, time, timetz: as instants, in the ISO DateStyle PostgreSQL
 *   prints by default (zone offsets applied; BC, infinity); a value not in that style sorts
 *   after those that are, by its text;
 * - anything else (text, arrays, json, intervals…): by Unicode code point, as COLLATE "C"
 *   orders UTF-8, with no locale's collation;
 * - NULL last ascending and first descending, as ORDER BY does by default.
 * Equal values keep their order in the result. Plain functions, tested without a browser.
 */
import type { ResultCell } from './resultsMessages';

export type SortKind = 'decimal' | 'float' | 'boolean' | 'datetime' | 'time' | 'text';
export type SortDirection = 'asc' | 'desc';

/** How a column of this format_type is compared. */
export function sortKind(type: string): SortKind {
  if (type.endsWith('[]')) {
    return 'text';
  }
  if (/^(smallint|integer|bigint|oid|xid8?|numeric|decimal)\b/.test(type)) {
    return 'decimal';
  }
  if (/^(real|double precision)$/.test(type)) {
    return 'float';
  }
  if (type === 'boolean') {
    return 'boolean';
  }
  if (/^(date|timestamp)\b/.test(type)) {
    return 'datetime';
  }
  if (/^time\b/.test(type)) {
    return 'time';
  }
  return 'text';
}

/** Code point order (UTF-16 units compared with surrogates moved above U+E000–U+FFFF). */
export function compareText(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

/** Two decimal numbers as PostgreSQL prints them (`-12.50`, `NaN`, `Infinity`), compared digit by digit. */
export function compareDecimal(a: string, b: string): number {
  const rank = (v: string) => (v === 'NaN' ? 3 : v === 'Infinity' ? 2 : v === '-Infinity' ? -2 : 0);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== 0 || rb !== 0) {
    return ra - rb;
  }
  const negA = a.startsWith('-');
  const negB = b.startsWith('-');
  if (negA !== negB) {
    return isZero(a) && isZero(b) ? 0 : negA ? -1 : 1;
  }
  const m = magnitude(negA ? a.slice(1) : a, negB ? b.slice(1) : b);
  return negA ? -m : m;
}

function isZero(v: string): boolean {
  return /^-?0*\.?0*$/.test(v);
}

function magnitude(a: string, b: string): number {
  const [ia = '', fa = ''] = a.split('.');
  const [ib = '', fb = ''] = b.split('.');
  const ta = ia.replace(/^0+/, '');
  const tb = ib.replace(/^0+/, '');
  if (ta.length !== tb.length) {
    return ta.length - tb.length;
  }
  if (ta !== tb) {
    return ta < tb ? -1 : 1;
  }
  const width = Math.max(fa.length, fb.length);
  const pa = fa.padEnd(width, '0');
  const pb = fb.padEnd(width, '0');
  return pa === pb ? 0 : pa < pb ? -1 : 1;
}

/** Days from 1970-01-01 of a proleptic Gregorian date (astronomical year: 1 BC is 0). */
function civilDays(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const usPerDay = 86_400_000_000;

function offsetUs(zone: string | undefined): number {
  if (!zone) {
    return 0;
  }
  const [h = '0', m = '0', s = '0'] = zone.slice(1).split(':');
  const us = ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1e6;
  return zone.startsWith('-') ? -us : us;
}

function timeUs(h: string, m: string, s: string, frac: string | undefined): number {
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1e6 + Math.round(Number(`0${frac ?? ''}`) * 1e6);
}

/** [days, microseconds in the day] of an ISO date or timestamp (UTC when it has a zone); undefined when not ISO. */
export function instantKey(v: string): [number, number] | undefined {
  if (v === 'infinity' || v === '-infinity') {
    return [v === 'infinity' ? Infinity : -Infinity, 0];
  }
  const m = /^(\d{4,})-(\d\d)-(\d\d)(?: (\d\d):(\d\d):(\d\d)(\.\d+)?([+-]\d\d(?::\d\d){0,2})?)?( BC)?$/.exec(v);
  if (!m) {
    return undefined;
  }
  const year = m[9] ? 1 - Number(m[1]) : Number(m[1]);
  let days = civilDays(year, Number(m[2]), Number(m[3]));
  let us = m[4] ? timeUs(m[4], m[5]!, m[6]!, m[7]) - offsetUs(m[8]) : 0;
  days += Math.floor(us / usPerDay);
  us -= Math.floor(us / usPerDay) * usPerDay;
  return [days, us];
}

/** [microseconds UTC, zone offset] of a time or timetz, as PostgreSQL orders timetz. */
export function timeKey(v: string): [number, number] | undefined {
  const m = /^(\d\d):(\d\d):(\d\d)(\.\d+)?([+-]\d\d(?::\d\d){0,2})?$/.exec(v);
  if (!m) {
    return undefined;
  }
  const off = offsetUs(m[5]);
  return [timeUs(m[1]!, m[2]!, m[3]!, m[4]) - off, -off];
}

function compareTuples(a: [number, number] | undefined, b: [number, number] | undefined, ta: string, tb: string): number {
  if (a && b) {
    return a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] - b[1];
  }
  return a ? -1 : b ? 1 : compareText(ta, tb);
}

function compareFloat(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  const nx = Number.isNaN(x);
  const ny = Number.isNaN(y);
  if (nx || ny) {
    return nx && ny ? 0 : nx ? 1 : -1;
  }
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Compares two non-NULL values of a column of this kind. */
export function comparerFor(kind: SortKind): (a: string, b: string) => number {
  switch (kind) {
    case 'decimal':
      return compareDecimal;
    case 'float':
      return compareFloat;
    case 'boolean':
      return (a, b) => (a === b ? 0 : a === 'f' ? -1 : 1);
    case 'datetime':
      return (a, b) => compareTuples(instantKey(a), instantKey(b), a, b);
    case 'time':
      return (a, b) => compareTuples(timeKey(a), timeKey(b), a, b);
    default:
      return compareText;
  }
}

export interface IndexedRow {
  /** The row's index in the result. */
  index: number;
  row: ResultCell[];
}

/** The rows sorted on one column: NULLS LAST ascending, NULLS FIRST descending, stable. */
export function sortRows(rows: readonly IndexedRow[], column: number, type: string, direction: SortDirection): IndexedRow[] {
  const compare = comparerFor(sortKind(type));
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((x, y) => {
    const a = x.row[column] ?? null;
    const b = y.row[column] ?? null;
    let c: number;
    if (a === null || b === null) {
      c = a === b ? 0 : a === null ? 1 : -1; // NULL is larger than every value, as in PostgreSQL
    } else {
      c = compare(a, b);
    }
    return c !== 0 ? sign * c : x.index - y.index;
  });
}

/** The rows with a cell containing `needle` (case-insensitive); NULL cells match only the word NULL itself. */
export function filterRows(rows: readonly IndexedRow[], needle: string): IndexedRow[] {
  const n = needle.toLowerCase();
  if (n === '') {
    return [...rows];
  }
  const nullMatches = n === 'null';
  return rows.filter((r) => r.row.some((v) => (v === null ? nullMatches : v.toLowerCase().includes(n))));
}
