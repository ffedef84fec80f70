import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { hoverAt, type HoverSubject } from '../analysis/hover/hover';
import type { CatalogColumn, CatalogFunction, CatalogRelation } from '../catalog/model';
import { docsHoverMarkdown } from '../docs/hoverDocs';
import { parsedSource } from '../docs/statementSource';
import { quoteIdentifier } from '../parser';
import { escapeMarkdown, escapeMarkdownInline, markdownCode, markdownCodeBlock } from '../../../shared/src/markdownText';
import { docsVersionOf } from './docs';
import type { Feature } from './feature';
import { answerForOpenDocument } from './openDocumentRequest';

/**
 * textDocument/hover — the server's one hover handler: catalog facts for columns, tables,
 * views, functions (type, NOT NULL, default, comment, owner; kind, column count; signature
 * and result), and a link to the PostgreSQL manual for keywords and functions.
 */
export const hoverFeature: Feature = {
  name: 'hover',
  initialize(_ctx, _params, capabilities) {
    capabilities.hoverProvider = true;
  },
  register(ctx) {
    ctx.connection.onHover(
      (params: HoverParams): Promise<Hover | null> =>
        answerForOpenDocument(ctx, 'hover', params.textDocument.uri, (doc) => {
          const offset = doc.offsetAt(params.position);
          const parsed = ctx.parsedDocuments.get(doc);
          const answer = hoverAt(parsed, offset, ctx.catalog);
          const sections: string[] = answer ? [render(answer.subject)] : [];
          // the connected server's manual first; the setting only when none is connected
          const version = docsVersionOf(ctx);
          // catalog objects of the user's own have no manual page; keywords and built-ins do
          // read in the parse cache's statements and tokens, as pgsight/docs does: no second
          // split of the whole document per hover
          const docs =
            answer && isUserObject(answer.subject)
              ? null
              : docsHoverMarkdown(params.textDocument.uri, doc.getText(), offset, params.position, version, parsedSource(parsed));
          if (docs) {
            sections.push(docs);
          }
          if (sections.length === 0) {
            return null;
          }
          return {
            contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
            ...(answer ? { range: { start: doc.positionAt(answer.start), end: doc.positionAt(answer.end) } } : {}),
          };
        }),
    );
  },
};

function isUserObject(subject: HoverSubject): boolean {
  switch (subject.kind) {
    case 'function':
      return subject.schema !== 'pg_catalog';
    case 'relation':
      return subject.relation.schema !== 'pg_catalog' && subject.relation.schema !== 'information_schema';
    case 'schema':
      return false;
    default:
      return true;
  }
}

// catalog text (names, types, defaults, comments) enters the markdown only through
// shared/src/markdownText.ts, so a comment or a name cannot inject links, images or HTML
const code = (sql: string): string => markdownCodeBlock(sql, 'sql');
const qualified = (schema: string, name: string): string => `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;

export function render(subject: HoverSubject): string {
  switch (subject.kind) {
    case 'column':
      return renderColumn(subject);
    case 'relation':
      return renderRelation(subject.relation, subject.alias);
    case 'derived': {
      const what = { cte: 'WITH query', subquery: 'subquery', values: 'VALUES list', function: 'function result', relation: 'relation' }[subject.itemKind];
      const cols = subject.columns ? subject.columns.map((c) => `${quoteIdentifier(c.name)}${c.type ? ` ${c.type}` : ''}`).join(', ') : '…';
      return `${code(`${what} ${quoteIdentifier(subject.name)} (${cols})`)}`;
    }
    case 'function':
      return renderFunction(subject.schema, subject.overloads);
    case 'schema':
      return code(`schema ${quoteIdentifier(subject.name)}`);
  }
}

function columnLine(c: CatalogColumn): string {
  const parts = [`${quoteIdentifier(c.name)} ${c.type}`];
  if (c.notNull) {
    parts.push('NOT NULL');
  }
  if (c.identity) {
    parts.push(`GENERATED ${c.identity.toUpperCase()} AS IDENTITY`);
  } else if (c.generated) {
    parts.push(`GENERATED ALWAYS AS (${c.default ?? ''})${c.generated === 'stored' ? ' STORED' : ' VIRTUAL'}`);
  } else if (c.default !== null) {
    parts.push(`DEFAULT ${c.default}`);
  }
  return parts.join(' ');
}

function renderColumn(subject: Extract<HoverSubject, { kind: 'column' }>): string {
  const lines: string[] = [];
  if (subject.column) {
    lines.push(code(`(column) ${columnLine(subject.column)}`));
  } else {
    lines.push(code(`(column) ${quoteIdentifier(subject.name)}${subject.type ? ` ${subject.type}` : ''}`));
  }
  if (subject.relation) {
    const via = subject.via.alias ? ` (as ${markdownCode(subject.via.alias)})` : '';
    const ordinal = subject.column ? ` ${subject.column.ordinal}` : '';
    lines.push(`Column${ordinal} of ${subject.relation.kind} ${markdownCode(qualified(subject.relation.schema, subject.relation.name))}${via}`);
  } else if (subject.via.kind === 'relation') {
    lines.push(`Column of ${markdownCode(quoteIdentifier(subject.via.name ?? '?'))}${subject.via.alias ? ` (as ${markdownCode(subject.via.alias)})` : ''}, created earlier in this document`);
  } else {
    const what = { cte: 'WITH query', subquery: 'subquery', values: 'VALUES list', function: 'function', relation: 'relation' }[subject.via.kind];
    lines.push(`Output column of ${what} ${markdownCode(quoteIdentifier(subject.via.alias ?? subject.via.name ?? '?'))}`);
  }
  if (subject.column?.comment) {
    lines.push(escapeMarkdown(subject.column.comment));
  }
  return lines.join('\n\n');
}

/** Columns listed in a table's hover; more would push the comment off screen. */
const maxListedColumns = 12;

function renderRelation(r: CatalogRelation, alias: string | null): string {
  const lines = [code(`${r.kind} ${qualified(r.schema, r.name)}${alias ? ` AS ${quoteIdentifier(alias)}` : ''}`)];
  lines.push(`${r.columns.length} column${r.columns.length === 1 ? '' : 's'}`);
  if (r.comment) {
    lines.push(escapeMarkdown(r.comment));
  }
  const listed = r.columns.slice(0, maxListedColumns).map((c) => `- ${markdownCode(quoteIdentifier(c.name))} ${escapeMarkdownInline(c.type)}${c.notNull ? ' NOT NULL' : ''}`);
  if (r.columns.length > maxListedColumns) {
    listed.push(`- … ${r.columns.length - maxListedColumns} more`);
  }
  if (listed.length > 0) {
    lines.push(listed.join('\n'));
  }
  return lines.join('\n\n');
}

/** Overloads shown; built-ins like `generate_series` have a dozen. */
const maxOverloads = 6;

function renderFunction(schema: string, overloads: CatalogFunction[]): string {
  const shown = overloads.slice(0, maxOverloads).map((f) => {
    const keyword = f.kind === 'procedure' ? 'procedure' : f.kind === 'aggregate' ? 'aggregate' : f.kind === 'window' ? 'window function' : 'function';
    const result = f.kind === 'procedure' ? '' : ` RETURNS ${f.result}`;
    return `${keyword} ${qualified(schema, f.name)}(${f.args})${result}`;
  });
  if (overloads.length > maxOverloads) {
    shown.push(`-- … ${overloads.length - maxOverloads} more overloads`);
  }
  const lines = [code(shown.join('\n'))];
  const comments = [...new Set(overloads.map((f) => f.comment).filter((c): c is string => c !== null))];
  if (comments.length > 0) {
    lines.push(escapeMarkdown(comments[0]!));
  }
  return lines.join('\n\n');
}
