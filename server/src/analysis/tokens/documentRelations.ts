/**
 * Tables and views the document itself creates before the cursor (a migration file: CREATE
 * TABLE, then queries on it), for completion and hover. Replays the binder's own DDL overlay
 * (documentDdl.ts) over the earlier statements that parse, so completion and diagnostics
 * agree on what exists.
 */
import type { CreateStmt, CreateTableAsStmt, RangeVar, SelectStmt, ViewStmt } from 'libpg-query';
import type { ParsedDocument, ParsedStatement } from '../../parser';
import { nodeAs } from '../binder/bindContext';
import type { ScopeColumn } from './scopeReader';
import { applyDocumentDdl } from '../binder/documentDdl';
import { SchemaView } from '../binder/schemaView';

export interface DocumentRelation {
  schema: string | null;
  name: string;
  columns: ScopeColumn[];
}

export interface DocumentObjects {
  /** relations created earlier in the document and still there at the cursor */
  relations: DocumentRelation[];
  /** columns of a relation the document created or altered; null when it did not */
  lookup(schema: string | null, name: string): ScopeColumn[] | null;
}

const none: DocumentObjects = { relations: [], lookup: () => null };

export function documentObjectsBefore(doc: ParsedDocument, statement: ParsedStatement | undefined): DocumentObjects {
  const end = statement ? doc.statements.indexOf(statement) : doc.statements.length;
  if (end <= 0) {
    return none;
  }
  // no catalog: only what the document itself defines is "found"
  const view = new SchemaView(null);
  const created = new Map<string, RangeVar>();
  const connection = statement?.span.connection ?? 0;
  for (let i = 0; i < end; i++) {
    const s = doc.statements[i]!;
    if (s.span.connection !== connection) {
      // another database (psql \connect): its objects are not this one's
      continue;
    }
    for (const raw of s.stmts ?? []) {
      try {
        applyDocumentDdl(raw.stmt, null, view);
      } catch {
        // a tree shape the overlay does not model: it knows nothing more
      }
      const rv = createdRelation(raw.stmt);
      if (rv?.relname) {
        created.set(`${rv.schemaname ?? ''}.${rv.relname}`, rv);
      }
    }
  }
  const lookup = (schema: string | null, name: string): ScopeColumn[] | null => {
    const found = view.lookupRelation(schema ?? undefined, name);
    return found.kind === 'found' && !found.relation.opaque ? found.relation.columns.map((c) => ({ name: c, type: null })) : null;
  };
  const relations: DocumentRelation[] = [];
  for (const rv of created.values()) {
    const columns = lookup(rv.schemaname ?? null, rv.relname!);
    if (columns) {
      relations.push({ schema: rv.schemaname ?? null, name: rv.relname!, columns });
    }
  }
  return { relations, lookup };
}

function createdRelation(node: unknown): RangeVar | undefined {
  return (
    nodeAs<CreateStmt>(node, 'CreateStmt')?.relation ??
    nodeAs<ViewStmt>(node, 'ViewStmt')?.view ??
    nodeAs<CreateTableAsStmt>(node, 'CreateTableAsStmt')?.into?.rel ??
    nodeAs<SelectStmt>(node, 'SelectStmt')?.intoClause?.rel
  );
}
