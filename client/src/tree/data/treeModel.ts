/**
 * The tree's nodes as plain data: label, description, tooltip (markdown), codicon, menu
 * context and whether it expands. The vscode TreeDataProvider only maps these onto
 * TreeItems, so what the tree shows is testable (and benchmarked) without VS Code.
 */
import { escapeMarkdownInline as md, escapeMarkdown, markdownCode as code, markdownCodeBlock } from '../../../../shared/src/markdownText';
import { relationKinds } from '../../../../shared/src/relationKinds';
import type { ClusterStatus } from '../../connections/session';
import type { DatabaseInfo, ServerInfo } from './databases';
import { notExpandableReason } from './databases';
import type { ColumnInfo, SchemaInfo, SchemaObject } from './schemaObjects';

export type NodeRef =
  | { kind: 'cluster'; clusterId: string }
  | { kind: 'group'; clusterId: string; group: 'databases' | 'templates' }
  | { kind: 'database'; clusterId: string; database: DatabaseInfo }
  | { kind: 'system'; clusterId: string; dbname: string }
  | { kind: 'schema'; clusterId: string; dbname: string; schema: SchemaInfo }
  | { kind: 'object'; clusterId: string; dbname: string; object: SchemaObject }
  | { kind: 'column'; clusterId: string; dbname: string; relation: string; column: ColumnInfo }
  | { kind: 'error'; retryOf: string; message: string }
  | { kind: 'message'; text: string };

export interface NodeModel {
  /** Unique, stable across refreshes (VS Code keeps expansion state by id). */
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  /** Codicon id, e.g. `database`. */
  icon: string;
  /** ThemeColor id for the icon. */
  iconColor?: string;
  /** Space-separated tokens the menus match (`database template allowconn`). */
  contextValue: string;
  expandable: boolean;
  ref: NodeRef;
}

export interface ClusterView {
  id: string;
  label: string;
  kind: 'profile' | 'local' | 'environment';
  status: ClusterStatus | 'unknown';
  info: ServerInfo | null;
  error: string | null;
  /** Debian cluster facts, when it is one. */
  local?: { version: string | null; cluster: string | null; socketDir: string; port: number; dataDirectory: string | null; source: string };
  /** Effective host:port or socket the connection goes to. */
  endpoint: string;
}

const statusIcon: Record<ClusterView['status'], [string, string | undefined]> = {
  online: ['server', 'testing.iconPassed'],
  down: ['debug-disconnect', 'disabledForeground'],
  unreachable: ['warning', 'problemsWarningIcon.foreground'],
  'auth needed': ['lock', 'problemsWarningIcon.foreground'],
  error: ['error', 'problemsErrorIcon.foreground'],
  unknown: ['server', undefined],
};

// Tooltips are markdown: every name, comment, setting and server message from outside enters
// it through shared/src/markdownText.ts (md: one line, escapeMarkdown: lines kept, code: a
// code span, markdownCodeBlock: a fenced block), so it shows literally and links nothing.

export function clusterNode(c: ClusterView): NodeModel {
  const [icon, iconColor] = statusIcon[c.status];
  const lines = [`**${md(c.label)}** — ${c.status}`, '', `- Connects to: ${code(c.endpoint)}`];
  if (c.info) {
    lines.push(`- PostgreSQL ${md(c.info.version)} as ${code(c.info.currentUser)}${c.info.isSuperuser ? ' (superuser)' : ''}`);
    lines.push(`- Port: ${c.info.port}`);
    lines.push(`- Data directory: ${c.info.dataDirectory ? code(c.info.dataDirectory) : '(needs pg_read_all_settings)'}`);
    if (c.info.socketDirectories) {
      lines.push(`- Socket directories: ${code(c.info.socketDirectories)}`);
    }
  }
  if (c.local) {
    lines.push(
      c.local.version
        ? `- Local Debian cluster ${md(`${c.local.version}/${c.local.cluster}`)} (found by ${md(c.local.source)})`
        : `- Local server found by its socket in ${code(c.local.socketDir)}`,
    );
    if (c.local.dataDirectory && !c.info?.dataDirectory) {
      lines.push(`- Data directory: ${code(c.local.dataDirectory)}`);
    }
  } else {
    lines.push(c.kind === 'profile' ? '- From settings (pgsight.connections)' : '- From the libpq environment (PG* variables, pg_service.conf, ~/.pgpass)');
  }
  if (c.error) {
    lines.push('', markdownCodeBlock(c.error));
  }
  const statusText = c.status === 'online' ? 'online' : c.status === 'unknown' ? '' : c.status;
  return {
    id: `cluster:${c.id}`,
    label: c.label,
    description: [c.info ? c.info.version : null, statusText].filter(Boolean).join(' · '),
    tooltip: lines.join('\n'),
    icon,
    iconColor,
    contextValue: `cluster ${c.status.replace(' ', '-')} ${c.kind}`,
    expandable: true,
    ref: { kind: 'cluster', clusterId: c.id },
  };
}

/** The two groups under an online cluster, with their counts. */
export function databaseGroups(clusterId: string, dbs: readonly DatabaseInfo[]): NodeModel[] {
  const templates = dbs.filter((d) => d.isTemplate).length;
  return [
    {
      id: `cluster:${clusterId}/databases`,
      label: 'Databases',
      description: String(dbs.length - templates),
      icon: 'database',
      contextValue: 'databases',
      expandable: true,
      ref: { kind: 'group', clusterId, group: 'databases' },
    },
    {
      id: `cluster:${clusterId}/templates`,
      label: 'Templates',
      description: String(templates),
      tooltip: 'Databases with datistemplate = true: any user with CREATEDB can clone them with CREATE DATABASE … TEMPLATE.',
      icon: 'files',
      contextValue: 'templates',
      expandable: true,
      ref: { kind: 'group', clusterId, group: 'templates' },
    },
  ];
}

function limitText(n: number): string {
  return n === -1 ? 'no limit' : n === -2 ? 'invalid database' : String(n);
}

export function databaseNode(clusterId: string, db: DatabaseInfo, size?: string | null): NodeModel {
  const reason = notExpandableReason(db);
  const parts = [db.owner];
  if (db.name === 'postgres') {
    parts.push('default maintenance database');
  }
  if (db.connections > 0) {
    parts.push(`${db.connections} session${db.connections === 1 ? '' : 's'}`);
  }
  if (!db.allowConnections) {
    parts.push('no connections');
  }
  if (size) {
    parts.push(size);
  }
  const locale = db.localeProvider === 'libc' ? `${db.collate ?? ''} / ${db.ctype ?? ''}` : `${db.locale ?? ''} (${db.localeProvider}), ${db.collate ?? ''} / ${db.ctype ?? ''}`;
  const tooltip = [
    `**${md(db.name)}**${db.isTemplate ? ' — template' : ''}${db.name === 'postgres' ? ' — the default maintenance database' : ''}`,
    '',
    `| | |`,
    `|---|---|`,
    `| Owner | ${md(db.owner)} |`,
    `| Encoding | ${md(db.encoding)} |`,
    `| Collate / Ctype | ${md(locale)} |`,
    `| Locale provider | ${md(db.localeProvider)} |`,
    `| Size | ${md(size ?? (size === null ? 'not readable' : '…'))} |`,
    `| Sessions | ${db.connections} |`,
    `| Connection limit | ${limitText(db.connectionLimit)} |`,
    `| datallowconn | ${db.allowConnections} |`,
    `| datistemplate | ${db.isTemplate} |`,
  ];
  if (db.comment) {
    tooltip.push('', escapeMarkdown(db.comment));
  }
  if (reason) {
    tooltip.push('', `$(circle-slash) ${escapeMarkdown(reason)}`);
  }
  return {
    id: `cluster:${clusterId}/db:${db.name}`,
    label: db.name,
    description: parts.join(' · '),
    tooltip: tooltip.join('\n'),
    icon: db.isTemplate ? 'files' : db.name === 'postgres' ? 'tools' : 'database',
    iconColor: db.allowConnections ? undefined : 'disabledForeground',
    contextValue: ['database', db.isTemplate ? 'template' : 'nottemplate', db.allowConnections ? 'allowconn' : 'noconn', db.connections > 0 ? 'sessions' : 'nosessions'].join(' '),
    expandable: reason === null,
    ref: { kind: 'database', clusterId, database: db },
  };
}

/** The nodes of a group: databases that are not templates, or the templates. */
export function groupChildren(clusterId: string, group: 'databases' | 'templates', dbs: readonly DatabaseInfo[], sizes: ReadonlyMap<string, string | null> = new Map()): NodeModel[] {
  return dbs.filter((d) => d.isTemplate === (group === 'templates')).map((d) => databaseNode(clusterId, d, sizes.get(d.name)));
}

export function schemaNode(clusterId: string, dbname: string, s: SchemaInfo): NodeModel {
  return {
    id: `cluster:${clusterId}/db:${dbname}/schema:${s.name}`,
    label: s.name,
    description: s.owner,
    tooltip: `**schema ${md(s.name)}** owned by ${md(s.owner)}${s.comment ? `\n\n${escapeMarkdown(s.comment)}` : ''}`,
    icon: 'symbol-namespace',
    contextValue: s.system ? 'schema system' : 'schema',
    expandable: true,
    ref: { kind: 'schema', clusterId, dbname, schema: s },
  };
}

/** A database's children: its own schemas, then "System" (pg_catalog, information_schema). */
export function databaseChildren(clusterId: string, dbname: string, schemas: readonly SchemaInfo[]): NodeModel[] {
  const nodes = schemas.filter((s) => !s.system).map((s) => schemaNode(clusterId, dbname, s));
  if (schemas.some((s) => s.system)) {
    nodes.push({
      id: `cluster:${clusterId}/db:${dbname}/system`,
      label: 'System',
      description: 'pg_catalog, information_schema',
      icon: 'library',
      contextValue: 'system',
      expandable: true,
      ref: { kind: 'system', clusterId, dbname },
    });
  }
  return nodes;
}

export function systemChildren(clusterId: string, dbname: string, schemas: readonly SchemaInfo[]): NodeModel[] {
  return schemas.filter((s) => s.system).map((s) => schemaNode(clusterId, dbname, s));
}

export const kindIcon: Record<SchemaObject['kind'], string> = {
  table: 'table',
  'partitioned table': 'split-horizontal',
  view: 'eye',
  'materialized view': 'eye-closed',
  'foreign table': 'link-external',
  sequence: 'symbol-number',
  function: 'symbol-function',
  procedure: 'symbol-method',
  aggregate: 'symbol-operator',
  'window function': 'symbol-function',
};

/** Relations with columns to list: all but sequences. */
const withColumns = new Set<SchemaObject['kind']>(relationKinds.filter((k) => k !== 'sequence'));

export function objectNode(clusterId: string, dbname: string, o: SchemaObject): NodeModel {
  const routine = o.args !== null;
  const label = routine ? `${o.name}(${o.args})` : o.name;
  return {
    id: `cluster:${clusterId}/db:${dbname}/obj:${o.oid}`,
    label,
    description: o.partitionOf ? `${o.kind}, partition of ${o.partitionOf}` : o.kind,
    tooltip: `**${o.kind}** ${code(`${o.schema}.${label}`)}${o.comment ? `\n\n${escapeMarkdown(o.comment)}` : ''}`,
    icon: kindIcon[o.kind],
    contextValue: `object ${o.kind.replace(' ', '-')}`,
    expandable: withColumns.has(o.kind),
    ref: { kind: 'object', clusterId, dbname, object: o },
  };
}

export function columnNode(clusterId: string, dbname: string, relation: string, c: ColumnInfo): NodeModel {
  const badges: string[] = [];
  if (c.primaryKey) {
    badges.push('PK');
  }
  if (c.references.length > 0) {
    badges.push(`FK → ${c.references.join(', ')}`);
  }
  const parts = [c.type];
  if (c.notNull) {
    parts.push('NOT NULL');
  }
  if (c.identity) {
    parts.push(`GENERATED ${c.identity.toUpperCase()} AS IDENTITY`);
  } else if (c.generated) {
    parts.push(`GENERATED ALWAYS AS (${c.generated}) STORED`);
  } else if (c.default !== null) {
    parts.push(`DEFAULT ${c.default}`);
  }
  return {
    id: `cluster:${clusterId}/db:${dbname}/rel:${relation}/col:${c.ordinal}`,
    label: c.name,
    description: [...badges, ...parts].join(' · '),
    tooltip: `${code(c.name)} ${md(parts.join(' '))}${badges.length ? `\n\n${md(badges.join(', '))}` : ''}${c.comment ? `\n\n${escapeMarkdown(c.comment)}` : ''}`,
    icon: c.primaryKey ? 'key' : c.references.length > 0 ? 'references' : 'symbol-field',
    contextValue: 'column',
    expandable: false,
    ref: { kind: 'column', clusterId, dbname, relation, column: c },
  };
}

/** A failed load: the error and a retry, never an endless spinner. */
export function errorNode(parentId: string, message: string): NodeModel {
  return {
    id: `${parentId}/error`,
    label: message.split('\n')[0]!,
    description: 'click to retry',
    tooltip: markdownCodeBlock(message),
    icon: 'error',
    iconColor: 'problemsErrorIcon.foreground',
    contextValue: 'error',
    expandable: false,
    ref: { kind: 'error', retryOf: parentId, message },
  };
}

export function messageNode(parentId: string, text: string): NodeModel {
  return { id: `${parentId}/message`, label: text, icon: 'info', contextValue: 'message', expandable: false, ref: { kind: 'message', text } };
}
