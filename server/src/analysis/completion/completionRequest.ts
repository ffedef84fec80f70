/** What a completion provider is given (providers.ts, joinCandidates.ts); built once per request by completeAt.ts. */
import type { NestedTokens } from '../../parser';
import type { CatalogIndex } from '../tokens/catalogIndex';
import type { DocumentObjects } from '../tokens/documentRelations';
import type { ScopeColumn, ScopeReader } from '../tokens/scopeReader';
import type { Collector } from './collector';
import type { CursorContext } from './completionPlace';

/** Everything a provider may use; the scope and the document's objects are computed on demand. */
export interface CompletionRequest {
  out: Collector;
  ctx: CursorContext;
  index: CatalogIndex | null;
  scope: () => ReturnType<ScopeReader['visibleAt']>;
  documentObjects: () => DocumentObjects;
  quote: (name: string) => string;
  /** the SELECT list's names where ORDER BY / GROUP BY accept them, else none */
  outputNames: () => ScopeColumn[];
  /** a `(` after the word opens a call's arguments (not `insert into t (…)`'s column list) */
  callFollows: boolean;
  /** the whole statement's tokens (ctx.tokenBefore indexes them) */
  tokens: NestedTokens;
}
