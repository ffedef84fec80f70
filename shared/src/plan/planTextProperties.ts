/**
 * One text-format property line ("Buffers: shared hit=3 read=1", "Sort Method: quicksort
 * Memory: 25kB", …) into the keys FORMAT JSON uses for the same facts (explain.c prints
 * both from the same counters, so the mapping is one to one).
 */
import type { RawObject } from './planBuild';

const listKeys = new Set(['Output', 'Sort Key', 'Group Key', 'Presorted Key', 'Hash Key', 'Cache Key', 'Partition Key']);

/** Splits "a, f(b, c), 'x, y'" at top-level commas. */
export function splitList(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) {
        quote = null;
      }
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '(' || c === '[') {
      depth++;
    } else if (c === ')' || c === ']') {
      depth--;
    } else if (c === ',' && depth === 0 && s[i + 1] === ' ') {
      out.push(s.slice(start, i));
      start = i + 2;
    }
  }
  out.push(s.slice(start));
  return out.filter((x) => x !== '');
}

function kb(s: string | undefined): number | undefined {
  return s === undefined ? undefined : Number(s.replace(/kB$/, ''));
}

function buffers(value: string, o: RawObject): void {
  for (const key of ['Shared', 'Local', 'Temp']) {
    for (const counter of ['Hit', 'Read', 'Dirtied', 'Written']) {
      if (key !== 'Temp' || counter === 'Read' || counter === 'Written') {
        o[`${key} ${counter} Blocks`] = 0;
      }
    }
  }
  for (const group of value.split(/,\s*/)) {
    const [kind, ...pairs] = group.trim().split(/\s+/);
    const prefix = kind === 'shared' ? 'Shared' : kind === 'local' ? 'Local' : 'Temp';
    for (const p of pairs) {
      const [k, v] = p.split('=');
      const counter = { hit: 'Hit', read: 'Read', dirtied: 'Dirtied', written: 'Written' }[k ?? ''];
      if (counter && v !== undefined) {
        o[`${prefix} ${counter} Blocks`] = Number(v);
      }
    }
  }
}

function ioTimings(value: string, o: RawObject): void {
  for (const group of value.split(/,\s*/)) {
    const words = group.trim().split(/\s+/);
    // PG 15+: "shared read=1.2 write=0.3"; before: "read=1.2 write=0.3"
    const kind = words[0]!.includes('=') ? '' : words.shift()!;
    const prefix = kind === 'shared' ? 'Shared ' : kind === 'local' ? 'Local ' : kind === 'temp' ? 'Temp ' : '';
    for (const p of words) {
      const [k, v] = p.split('=');
      if (v !== undefined) {
        o[`${prefix}I/O ${k === 'read' ? 'Read' : 'Write'} Time`] = Number(v);
      }
    }
  }
}

/** "Key: a  Key2: b" runs printed on one line, split into pairs. */
function pairs(value: string): [string, string][] {
  const out: [string, string][] = [];
  const parts = value.split(/\s{2,}/);
  for (const part of parts) {
    const i = part.indexOf(': ');
    out.push(i < 0 ? ['', part] : [part.slice(0, i), part.slice(i + 2)]);
  }
  return out;
}

function scalar(value: string): unknown {
  if (value === 'true' || value === 'false') {
    return value === 'true';
  }
  if (/^-?\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  return value;
}

export function parseProperty(key: string, value: string, o: RawObject): void {
  let m: RegExpMatchArray | null;
  switch (key) {
    case 'Buffers':
      buffers(value, o);
      return;
    case 'I/O Timings':
      ioTimings(value, o);
      return;
    case 'WAL':
      for (const [, k, v] of value.matchAll(/(records|fpi|bytes|buffers full)=(\d+)/g)) {
        o[{ records: 'WAL Records', fpi: 'WAL FPI', bytes: 'WAL Bytes', 'buffers full': 'WAL Buffers Full' }[k!]!] = Number(v);
      }
      return;
    case 'Sort Method': {
      const [[, method] = ['', ''], ...rest] = pairs(value);
      o['Sort Method'] = method;
      for (const [k, v] of rest) {
        if (k === 'Memory' || k === 'Disk') {
          o['Sort Space Used'] = kb(v);
          o['Sort Space Type'] = k;
        }
      }
      return;
    }
    case 'Buckets': {
      const [[, buckets] = ['', ''], ...rest] = pairs(`Buckets: ${value}`).map(([k, v]) => [k, v] as [string, string]);
      const b = buckets!.match(/^(\d+)(?: \(originally (\d+)\))?/);
      o['Hash Buckets'] = Number(b?.[1]);
      o['Original Hash Buckets'] = Number(b?.[2] ?? b?.[1]);
      for (const [k, v] of rest) {
        if (k === 'Batches') {
          const n = v.match(/^(\d+)(?: \(originally (\d+)\))?/);
          o['Hash Batches'] = Number(n?.[1]);
          o['Original Hash Batches'] = Number(n?.[2] ?? n?.[1]);
        } else if (k === 'Memory Usage') {
          o['Peak Memory Usage'] = kb(v);
        }
      }
      return;
    }
    case 'Batches':
      for (const [k, v] of pairs(`Batches: ${value}`)) {
        if (k === 'Batches') {
          o['HashAgg Batches'] = Number(v);
        } else if (k === 'Memory Usage') {
          o['Peak Memory Usage'] = kb(v);
        } else if (k === 'Disk Usage') {
          o['Disk Usage'] = kb(v);
        }
      }
      return;
    case 'Hits':
      for (const [k, v] of pairs(`Hits: ${value}`)) {
        if (k === 'Memory Usage') {
          o['Peak Memory Usage'] = kb(v);
        } else if (k) {
          o[`Cache ${k}`] = Number(v);
        }
      }
      return;
    case 'Heap Blocks':
      for (const [, k, v] of value.matchAll(/(exact|lossy)=(\d+)/g)) {
        o[k === 'exact' ? 'Exact Heap Blocks' : 'Lossy Heap Blocks'] = Number(v);
      }
      return;
    case 'Planning Time':
    case 'Execution Time':
      o[key] = Number(value.replace(/\s*ms$/, ''));
      return;
    case 'Settings': {
      const settings: Record<string, string> = {};
      for (const [, k, v] of value.matchAll(/([\w.]+) = '((?:[^']|'')*)'/g)) {
        settings[k!] = v!.replace(/''/g, "'");
      }
      o.Settings = settings;
      return;
    }
    case 'Memory':
      if ((m = value.match(/used=(\d+)kB\s+allocated=(\d+)kB/))) {
        o['Memory Used'] = Number(m[1]);
        o['Memory Allocated'] = Number(m[2]);
        return;
      }
      break;
    case 'Serialization':
      if ((m = value.match(/time=(\d+(?:\.\d+)?) ms\s+output=(\d+)kB\s+format=(\w+)/))) {
        o.Serialization = { Time: Number(m[1]), 'Output Volume': Number(m[2]), Format: m[3] };
        return;
      }
      break;
    case 'Options':
      if (/^(\w+ (true|false)(, )?)+$/.test(value)) {
        o.Options = Object.fromEntries(value.split(', ').map((p) => [p.split(' ')[0], p.endsWith('true')]));
        return;
      }
      break;
    case 'Timing':
      if (/ms/.test(value)) {
        o.Timing = Object.fromEntries([...value.matchAll(/(\w+) (\d+(?:\.\d+)?) ms/g)].filter(([, k]) => k !== 'Deform').map(([, k, v]) => [k, Number(v)]));
        return;
      }
      break;
  }
  if (listKeys.has(key)) {
    o[key] = splitList(value);
    return;
  }
  // several "Key: value" facts on one line ("Storage: Memory  Maximum Storage: 17kB")
  if (/\s{2,}[A-Z][\w -]*: /.test(value)) {
    for (const [k, v] of pairs(`${key}: ${value}`)) {
      if (k) {
        o[k] = /^\d+kB$/.test(v) ? kb(v) : scalar(v);
      }
    }
    return;
  }
  o[key] = scalar(value);
}
