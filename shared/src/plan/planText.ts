/**
 * Parses EXPLAIN's text format (as psql prints it, or as auto_explain logs it) into the same
 * shape FORMAT JSON has, keys spelled as in JSON, so one builder makes the model for both.
 * The tree comes from indentation: a node's properties sit two columns right of its name,
 * children start with "->", subplans ("InitPlan 1", "SubPlan 2", "CTE x") head their children.
 */
import type { RawObject } from './planBuild';
import { parseProperty } from './planTextProperties';

const costRe = /\s+\(cost=(\d+(?:\.\d+)?)\.\.(\d+(?:\.\d+)?) rows=(\d+(?:\.\d+)?) width=(\d+)\)/;
const actualRe = /\s+\(actual(?: time=(\d+(?:\.\d+)?)\.\.(\d+(?:\.\d+)?))? rows=(\d+(?:\.\d+)?) loops=(\d+)\)/;
const neverRe = /\s+\(never executed\)/;

/** Splits a possibly quoted, possibly qualified name followed by an optional alias. */
function splitNames(s: string): string[] {
  const parts: string[] = [];
  let i = 0;
  let current = '';
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < s.length) {
        if (s[j] === '"' && s[j + 1] === '"') {
          current += '"';
          j += 2;
        } else if (s[j] === '"') {
          break;
        } else {
          current += s[j];
          j++;
        }
      }
      i = j + 1;
    } else if (c === '.') {
      parts.push(current);
      current = '';
      i++;
    } else if (c === ' ') {
      parts.push(current, ' ');
      current = '';
      i++;
    } else {
      current += c;
      i++;
    }
  }
  parts.push(current);
  return parts;
}

/** "public.tbl t" → { schema, name, alias }; text omits the alias when it equals the name. */
function qualified(s: string): { schema?: string; name: string; alias: string } {
  const parts = splitNames(s.trim());
  const space = parts.indexOf(' ');
  const names = space >= 0 ? parts.slice(0, space) : parts;
  const alias = space >= 0 ? parts.slice(space + 1).join('') : undefined;
  const name = names[names.length - 1] ?? '';
  return { schema: names.length > 1 ? names[names.length - 2] : undefined, name, alias: alias ?? name };
}

function putRelation(o: RawObject, target: string, key = 'Relation Name'): void {
  const q = qualified(target);
  o[key] = q.name;
  if (q.schema !== undefined) {
    o.Schema = q.schema;
  }
  o.Alias = q.alias;
}

const aggregateStrategy: Record<string, string> = { Aggregate: 'Plain', GroupAggregate: 'Sorted', HashAggregate: 'Hashed', MixedAggregate: 'Mixed' };

/** Decodes psql's node name ("Parallel Index Scan Backward using i on s.t x") into JSON fields. */
export function decodeNodeName(name: string): RawObject {
  const o: RawObject = {};
  let rest = name.trim();
  o['Parallel Aware'] = false;
  if (rest.startsWith('Parallel ')) {
    o['Parallel Aware'] = true;
    rest = rest.slice('Parallel '.length);
  }
  if (rest.startsWith('Async ')) {
    o['Async Capable'] = true;
    rest = rest.slice('Async '.length);
  }
  let m: RegExpMatchArray | null;
  if ((m = rest.match(/^(?:(Partial|Finalize) )?(Aggregate|GroupAggregate|HashAggregate|MixedAggregate)$/))) {
    o['Node Type'] = 'Aggregate';
    o.Strategy = aggregateStrategy[m[2]!];
    o['Partial Mode'] = m[1] ?? 'Simple';
  } else if ((m = rest.match(/^(HashSetOp|SetOp) (.+)$/))) {
    o['Node Type'] = 'SetOp';
    o.Strategy = m[1] === 'HashSetOp' ? 'Hashed' : 'Sorted';
    o.Command = m[2];
  } else if ((m = rest.match(/^(Hash|Merge) (?:(Left|Right|Full|Semi|Anti|Right Semi|Right Anti) )?Join$/))) {
    o['Node Type'] = `${m[1]} Join`;
    o['Join Type'] = m[2] ?? 'Inner';
  } else if ((m = rest.match(/^Nested Loop(?: (Left|Right|Full|Semi|Anti|Right Semi|Right Anti) Join)?$/))) {
    o['Node Type'] = 'Nested Loop';
    o['Join Type'] = m[1] ?? 'Inner';
  } else if ((m = rest.match(/^(Insert|Update|Delete|Merge) on (.+)$/))) {
    o['Node Type'] = 'ModifyTable';
    o.Operation = m[1];
    putRelation(o, m[2]!);
  } else if ((m = rest.match(/^(Index Scan|Index Only Scan)( Backward)? using ("(?:[^"]|"")+"|\S+) on (.+)$/))) {
    o['Node Type'] = m[1];
    o['Scan Direction'] = m[2] ? 'Backward' : 'Forward';
    o['Index Name'] = qualified(m[3]!).name;
    putRelation(o, m[4]!);
  } else if ((m = rest.match(/^Bitmap Index Scan on (.+)$/))) {
    o['Node Type'] = 'Bitmap Index Scan';
    o['Index Name'] = qualified(m[1]!).name;
  } else if ((m = rest.match(/^(Seq Scan|Sample Scan|Bitmap Heap Scan|Tid Scan|Tid Range Scan|Foreign Scan) on (.+)$/))) {
    o['Node Type'] = m[1];
    putRelation(o, m[2]!);
  } else if ((m = rest.match(/^Custom Scan \((.+?)\)(?: on (.+))?$/))) {
    o['Node Type'] = 'Custom Scan';
    o['Custom Plan Provider'] = m[1];
    if (m[2]) {
      putRelation(o, m[2]);
    }
  } else if ((m = rest.match(/^(CTE Scan|WorkTable Scan) on (.+)$/))) {
    o['Node Type'] = m[1];
    putRelation(o, m[2]!, 'CTE Name');
  } else if ((m = rest.match(/^(Function Scan|Table Function Scan|Named Tuplestore Scan) on (.+)$/))) {
    o['Node Type'] = m[1];
    putRelation(o, m[2]!, m[1] === 'Function Scan' ? 'Function Name' : m[1] === 'Named Tuplestore Scan' ? 'Tuplestore Name' : 'Table Function Name');
  } else if ((m = rest.match(/^(Subquery Scan|Values Scan|Result|Foreign Scan) on (.+)$/))) {
    o['Node Type'] = m[1];
    o.Alias = qualified(m[2]!).alias;
  } else {
    o['Node Type'] = rest;
  }
  return o;
}

/** Every "Node Type" explain.c prints (PG 12–18), to recognise a root line printed with COSTS OFF. */
const nodeTypes = new Set([
  'Result', 'ProjectSet', 'ModifyTable', 'Append', 'Merge Append', 'Recursive Union', 'BitmapAnd', 'BitmapOr',
  'Nested Loop', 'Merge Join', 'Hash Join', 'Seq Scan', 'Sample Scan', 'Gather', 'Gather Merge', 'Index Scan',
  'Index Only Scan', 'Bitmap Index Scan', 'Bitmap Heap Scan', 'Tid Scan', 'Tid Range Scan', 'Subquery Scan',
  'Function Scan', 'Table Function Scan', 'Values Scan', 'CTE Scan', 'Named Tuplestore Scan', 'WorkTable Scan',
  'Foreign Scan', 'Custom Scan', 'Materialize', 'Memoize', 'Sort', 'Incremental Sort', 'Group', 'Aggregate',
  'WindowAgg', 'Unique', 'SetOp', 'LockRows', 'Limit', 'Hash',
]);

/** Parses a node line (without its "->  "); undefined when the line is not a node. */
function parseNodeLine(text: string, mustBeNode: boolean): RawObject | undefined {
  const cost = text.match(costRe);
  const actual = text.match(actualRe);
  const never = text.match(neverRe);
  const cut = Math.min(...[cost?.index, actual?.index, never?.index].filter((i): i is number => i !== undefined), text.length);
  if (cut === text.length && !mustBeNode) {
    return undefined;
  }
  const o = decodeNodeName(text.slice(0, cut));
  if (cost) {
    o['Startup Cost'] = Number(cost[1]);
    o['Total Cost'] = Number(cost[2]);
    o['Plan Rows'] = Number(cost[3]);
    o['Plan Width'] = Number(cost[4]);
  }
  if (actual) {
    if (actual[1] !== undefined) {
      o['Actual Startup Time'] = Number(actual[1]);
      o['Actual Total Time'] = Number(actual[2]);
    }
    o['Actual Rows'] = Number(actual[3]);
    o['Actual Loops'] = Number(actual[4]);
  } else if (never) {
    o['Actual Startup Time'] = 0;
    o['Actual Total Time'] = 0;
    o['Actual Rows'] = 0;
    o['Actual Loops'] = 0;
  }
  return o;
}

interface Frame {
  /** Column of the owner's content; deeper lines belong to it. */
  col: number;
  kind: 'top' | 'node' | 'worker' | 'block' | 'subplan';
  target: RawObject;
  /** For a subplan header: the node that owns it and the header text. */
  owner?: RawObject;
  name?: string;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Parses plan lines (psql/auto_explain decorations already removed) into FORMAT JSON's object. */
export function parseTextPlan(lines: string[]): RawObject {
  const top: RawObject = {};
  const stack: Frame[] = [{ col: -1, kind: 'top', target: top }];
  let root: RawObject | undefined;
  for (const raw of lines) {
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '') {
      continue;
    }
    const col = indentOf(line);
    const text = line.trim();
    while (stack.length > 1 && stack[stack.length - 1]!.col >= col) {
      stack.pop();
    }
    const frame = stack[stack.length - 1]!;
    if (!root) {
      const node = parseNodeLine(text.replace(/^->\s+/, ''), true)!;
      if (!/\((cost=|actual |never executed)/.test(text) && !nodeTypes.has(String(node['Node Type']))) {
        throw new Error(`the first line is not a plan node: ${JSON.stringify(text.slice(0, 80))}`);
      }
      root = node;
      top.Plan = node;
      stack.push({ col, kind: 'node', target: node });
      continue;
    }
    if (text.startsWith('->')) {
      const nameCol = col + (text.length - text.slice(2).trimStart().length);
      const node = parseNodeLine(text.slice(2).trimStart(), true)!;
      const parent = frame.kind === 'subplan' ? frame.owner! : frame.kind === 'node' ? frame.target : undefined;
      if (!parent) {
        throw new Error(`plan line ${JSON.stringify(text.slice(0, 60))} is not under a node`);
      }
      const siblings = ((parent.Plans as RawObject[] | undefined) ??= []);
      if (frame.kind === 'subplan') {
        node['Parent Relationship'] = frame.name!.startsWith('InitPlan') || frame.name!.startsWith('CTE ') ? 'InitPlan' : 'SubPlan';
        node['Subplan Name'] = frame.name;
      } else {
        node['Parent Relationship'] = childRelationship(parent, siblings.filter((s) => !s['Subplan Name']).length);
      }
      siblings.push(node);
      stack.push({ col: nameCol, kind: 'node', target: node });
      continue;
    }
    if (frame.kind === 'node' && /^(InitPlan|SubPlan) \d+|^CTE \S+$/.test(text) && !text.includes(': ')) {
      stack.push({ col, kind: 'subplan', target: frame.target, owner: frame.target, name: text });
      continue;
    }
    const worker = text.match(/^Worker (\d+):\s*(.*)$/);
    if (worker && frame.kind === 'node') {
      const w: RawObject = { 'Worker Number': Number(worker[1]) };
      ((frame.target.Workers as RawObject[] | undefined) ??= []).push(w);
      const rest = worker[2]!;
      const a = rest.match(/^actual(?: time=(\d+(?:\.\d+)?)\.\.(\d+(?:\.\d+)?))? rows=(\d+(?:\.\d+)?) loops=(\d+)/);
      if (a) {
        if (a[1] !== undefined) {
          w['Actual Startup Time'] = Number(a[1]);
          w['Actual Total Time'] = Number(a[2]);
        }
        w['Actual Rows'] = Number(a[3]);
        w['Actual Loops'] = Number(a[4]);
      } else if (rest) {
        addPropertyLine(rest, w);
      }
      stack.push({ col, kind: 'worker', target: w });
      continue;
    }
    const block = text.match(/^([A-Za-z][\w /-]*):$/);
    if (block) {
      const obj: RawObject = {};
      frame.target[block[1]!] = obj;
      stack.push({ col, kind: 'block', target: obj });
      continue;
    }
    addPropertyLine(text, frame.target);
  }
  if (!root) {
    throw new Error('no plan found in the text');
  }
  return top;
}

function childRelationship(parent: RawObject, index: number): string {
  const t = parent['Node Type'];
  if (t === 'Append' || t === 'Merge Append' || t === 'BitmapAnd' || t === 'BitmapOr') {
    return 'Member';
  }
  if (t === 'Subquery Scan') {
    return 'Subquery';
  }
  return index === 0 ? 'Outer' : 'Inner';
}

function addPropertyLine(text: string, target: RawObject): void {
  const trigger = text.match(/^Trigger (.+?)(?: on (\S+))?: time=(\d+(?:\.\d+)?) calls=(\d+)$/);
  if (trigger) {
    ((target.Triggers as RawObject[] | undefined) ??= []).push({
      'Trigger Name': trigger[1],
      ...(trigger[2] ? { Relation: trigger[2] } : {}),
      Time: Number(trigger[3]),
      Calls: Number(trigger[4]),
    });
    return;
  }
  const i = text.indexOf(': ');
  if (i < 0) {
    // a line PostgreSQL prints without a value; keep it rather than lose it
    ((target['Other Lines'] as string[] | undefined) ??= []).push(text);
    return;
  }
  parseProperty(text.slice(0, i), text.slice(i + 2).trim(), target);
}
