/**
 * The completion list being built: candidates scored by name as they are offered, the full
 * item made only for the few that make the list, ranked by tier, place group and score.
 */
import type { RelationKind } from '../../../../shared/src/relationKinds';
import { quoteIdentifier } from '../../parser';
import { fuzzyScore, prefixScore } from '../tokens/catalogIndex';
import type { CursorContext } from './completionPlace';

export type CandidateKind =
  | RelationKind
  | 'column'
  | 'cte'
  | 'alias'
  | 'schema'
  | 'function'
  | 'aggregate'
  | 'window'
  | 'procedure'
  | 'keyword'
  | 'type'
  /** a join condition or a whole join a foreign key implies */
  | 'join';

/** A change elsewhere in the document that accepting a candidate also makes (document UTF-16 offsets). */
export interface CandidateEdit {
  start: number;
  end: number;
  newText: string;
}

export interface CompletionCandidate {
  label: string;
  kind: CandidateKind;
  /** one line: type, signature, where it lives */
  detail: string;
  /** longer text (comments from the catalog), markdown */
  documentation?: string;
  insertText: string;
  /** insertText is a snippet (`$0` marks the cursor) */
  snippet: boolean;
  /** what the client filters on: the text the user types */
  filterText: string;
  sortText: string;
  /** a schema: the client should open completion again after inserting `schema.` */
  retrigger?: boolean;
  /** shown beside the label in every row (a column's table when it is not in FROM yet) */
  description?: string;
  /** made too on accept, away from the cursor (the FROM item a column needs) */
  additionalEdits?: CandidateEdit[];
}

export interface CompletionAnswer {
  items: CompletionCandidate[];
  /** more candidates matched than were returned: the client must ask again as the user types */
  isIncomplete: boolean;
  /** document UTF-16 range the chosen item replaces */
  replaceStart: number;
  replaceEnd: number;
}

/** More than this is noise in a list and slow over the wire; the client re-asks as the user types. */
export const maxCandidates = 200;

const tier = (score: number): number => (score >= prefixScore ? 0 : 1);

/** Rank groups: lower comes first. */
export const group = { join: -1, column: 0, alias: 1, relation: 2, cte: 1, schema: 3, function: 4, keyword: 5, type: 2 } as const;

/** Groups that name something a `.` can follow: first when the word is followed by one. */
const qualifierGroups: ReadonlySet<number> = new Set([group.alias, group.relation, group.schema]);

interface Scored {
  name: string;
  make: () => Omit<CompletionCandidate, 'sortText' | 'filterText'>;
  /** the whole order but the name's spelling, as one number (see sortKey) */
  key: number;
}

/**
 * The order as one number, so ranking 12,000 candidates compares numbers: prefix tier, group
 * (0…7), how the document uses the name (0…3), then for prefix matches the provider's tie
 * before the score, for fuzzy ones the score first, then the name's length. Every field has
 * its own bits (tie < 2^20, 4096 - score < 2^12, length < 2^6): the key stays below 2^44,
 * exact in a double. Join conditions (group -1) come before everything of their tier.
 */
function sortKey(score: number, group: number, used: number, tie: number, length: number): number {
  const t = Math.min(Math.max(tie + 1_000, 0), 0xfffff);
  const s = 4096 - Math.min(score, 4095);
  const tierOf = tier(score);
  const first = (tierOf * 8 + group + 1) * 4 + (2 - used);
  const second = tierOf === 0 ? t * 4096 + s : s * 0x100000 + t;
  return (first * 0x100000000 + second) * 64 + Math.min(length, 63);
}

/**
 * Scores every candidate by name only; builds the full item (detail, quoting — which asks
 * the scanner whether a name is a keyword) just for the few that make the list. On a
 * 10,000-table catalog an empty prefix matches everything, and building 12,000 items per
 * keystroke would cost hundreds of milliseconds.
 *
 * The order: prefix matches before fuzzy ones; then by what
 * the place asks for (the provider's group — functions first when a `(` follows the word,
 * qualifiers when a `.` does); names the document already uses; then for prefix matches the
 * provider's own order (nearest FROM item, search path, common functions) before the score,
 * for fuzzy ones the score first.
 */
export class Collector {
  private readonly scored: Scored[] = [];
  private readonly groupFirst: (group: number) => boolean;

  constructor(
    private readonly ctx: CursorContext,
    /** names used in the document around the cursor (see documentNames.ts) */
    private readonly used: ReadonlyMap<string, number> = new Map(),
    /** a `(` after the word opens a call's arguments (not `insert into t (…)`): functions first */
    callFollows = false,
  ) {
    this.groupFirst = callFollows ? (g) => g === group.function : ctx.following === '.' ? (g) => qualifierGroups.has(g) : () => false;
  }

  /** Names the document uses around the cursor: 2 in this statement, 1 nearby, -1 already in this list. */
  get usedNames(): ReadonlyMap<string, number> {
    return this.used;
  }

  /** The typed word in lower case when fuzzy scoring applies (unquoted), else null. */
  get unquotedQuery(): string | null {
    return this.ctx.quoted ? null : this.ctx.query.toLowerCase();
  }

  add(group: number, name: string, make: () => Omit<CompletionCandidate, 'sortText' | 'filterText'>, tie = 0, key = name.toLowerCase()): void {
    const query = this.ctx.quoted ? this.ctx.query : this.ctx.query.toLowerCase();
    const score = this.ctx.quoted ? (name.startsWith(query) ? 2 * prefixScore : 0) || (query === '' ? 1 : 0) : fuzzyScore(query, key);
    if (score === 0) {
      return;
    }
    const used = Math.max(-1, Math.min(2, this.used.get(name) ?? 0));
    this.scored.push({ name, make, key: sortKey(score, this.groupFirst(group) ? -1 : group, used, tie, name.length) });
  }

  result(replaceStart: number, replaceEnd: number): CompletionAnswer {
    // only the first maxCandidates are shown: keep the candidates whose key is among theirs,
    // and sort just those (on 12,000 relations after `from `, a fraction of a full sort)
    let pool = this.scored;
    if (pool.length > maxCandidates) {
      const threshold = Float64Array.from(pool, (s) => s.key).sort()[maxCandidates - 1]!;
      pool = pool.filter((s) => s.key <= threshold);
    }
    const sorted = pool.sort((a, b) => a.key - b.key || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const items = sorted.slice(0, maxCandidates).map((s, i) => {
      const c = s.make() as CompletionCandidate;
      c.filterText = this.ctx.quoted ? `"${s.name}` : s.name;
      c.sortText = i.toString(36).padStart(4, '0');
      return c;
    });
    return { items, isIncomplete: this.scored.length > maxCandidates, replaceStart, replaceEnd };
  }
}

/** quoteIdentifier asks libpg-query's scanner about keywords: remember its answers. */
const quotedNames = new Map<string, string>();
export function quoteName(name: string): string {
  let quoted = quotedNames.get(name);
  if (quoted === undefined) {
    if (quotedNames.size > 100_000) {
      quotedNames.clear();
    }
    quoted = quoteIdentifier(name);
    quotedNames.set(name, quoted);
  }
  return quoted;
}

/** Text as a literal inside a snippet: `$`, `}` and `\\` are snippet syntax (names may hold `$`). */
export function snippetText(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}
