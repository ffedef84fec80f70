/**
 * Entry point of the plan model: takes whatever the user has (EXPLAIN JSON; the text format
 * as psql prints it, header and "(N rows)" footer included; an auto_explain log entry; a
 * JSON plan as psql prints it, with "+" at the end of each line) and returns the model.
 */
import type { Plan } from './planTypes';
import { buildPlan, type RawObject } from './planBuild';
import { parseTextPlan } from './planText';

/** Removes psql's table decoration: the "QUERY PLAN" header, dashes, footer, "+" marks. */
function stripPsql(lines: string[]): string[] {
  const header = lines.findIndex((l) => l.trim() === 'QUERY PLAN');
  if (header < 0) {
    return lines;
  }
  let body = lines.slice(header + 1);
  if (body[0] !== undefined && /^[-+]+$/.test(body[0].trim())) {
    body = body.slice(1);
  }
  const footer = body.findIndex((l) => /^\(\d+ rows?\)$/.test(l.trim()));
  if (footer >= 0) {
    body = body.slice(0, footer);
  }
  // aligned output puts one space before each cell and "+" after wrapped lines
  const aligned = body.filter((l) => l.trim() !== '').every((l) => l.startsWith(' '));
  return body.map((l) => (aligned ? l.slice(1) : l).replace(/\s*\+$/, ''));
}

/** Finds the plan in an auto_explain log entry ("LOG:  duration: 1.2 ms  plan:" …). */
function stripAutoExplain(lines: string[]): { lines: string[]; queryText?: string } {
  const start = lines.findIndex((l) => /duration: \d+(\.\d+)? ms\s+plan:/.test(l));
  if (start < 0) {
    return { lines };
  }
  let body = lines.slice(start + 1);
  // in the server log, continuation lines of a message start with a tab
  if (body.filter((l) => l.trim() !== '').every((l) => l.startsWith('\t'))) {
    body = body.map((l) => l.slice(1));
  }
  let queryText: string | undefined;
  const q = body.findIndex((l) => l.startsWith('Query Text: '));
  if (q >= 0) {
    // the query may span lines: it ends where the first plan node line begins
    let end = q + 1;
    while (end < body.length && !/\(cost=|\(actual |\(never executed\)/.test(body[end]!)) {
      end++;
    }
    if (end < body.length) {
      queryText = [body[q]!.slice('Query Text: '.length), ...body.slice(q + 1, end)].join('\n');
      body = [...body.slice(0, q), ...body.slice(end)];
    }
  }
  return { lines: body, queryText };
}

function fromJson(value: unknown): Plan {
  const first = Array.isArray(value) ? value[0] : value;
  if (!first || typeof first !== 'object') {
    throw new Error('not an EXPLAIN plan: expected FORMAT JSON output (an array with a "Plan")');
  }
  const top = first as RawObject;
  return buildPlan('Plan' in top ? top : { Plan: top }, 'json');
}

/** Parses EXPLAIN output in JSON or text format. Throws with a readable message otherwise. */
export function parsePlan(input: string): Plan {
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    return fromJson(JSON.parse(trimmed));
  }
  let lines = text.split('\n');
  const auto = stripAutoExplain(lines);
  lines = stripPsql(auto.lines);
  // pgAdmin and spreadsheets quote each line
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  if (nonEmpty.length > 0 && nonEmpty.every((l) => /^\s*".*"\s*$/.test(l))) {
    lines = lines.map((l) => l.trim().replace(/^"(.*)"$/, '$1').replace(/""/g, '"'));
  }
  const joined = lines.join('\n').trim();
  if (joined.startsWith('[') || joined.startsWith('{')) {
    const plan = fromJson(JSON.parse(joined));
    plan.queryText ??= auto.queryText;
    return plan;
  }
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) {
    throw new Error('no plan found: the input is empty');
  }
  const raw = parseTextPlan(lines.slice(first));
  if (auto.queryText !== undefined) {
    raw['Query Text'] = auto.queryText;
  }
  return buildPlan(raw, 'text');
}
