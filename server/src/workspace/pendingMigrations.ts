/**
 * Mixed mode: a server's catalog is in use and the workspace has a schema too. A relation the
 * server lacks but a workspace schema file creates (or a column one adds) is most likely a
 * migration not applied yet: the error becomes a warning naming the file and line that
 * create it, instead of PostgreSQL's "does not exist".
 */
import type { ParsedDocument } from '../parser';
import type { Problem } from '../analysis/problems';
import type { Origin, WorkspaceCatalog } from './workspaceCatalog';

/** `path:line` of an origin (line 1-based), from the replayed file's text. */
function where(workspace: WorkspaceCatalog, origin: Origin): string {
  const text = workspace.files.find((f) => f.path === origin.path)?.doc.text ?? '';
  let line = 1;
  for (let i = 0; i < origin.offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
    }
  }
  return `${origin.path}:${line}`;
}

/** The origin of the relation a `relation "…" does not exist` names (qualified or found on the workspace's search path). */
function relationOrigin(workspace: WorkspaceCatalog, name: string): Origin | undefined {
  const direct = workspace.origins.get(name);
  if (direct || name.includes('.')) {
    return direct;
  }
  for (const schema of workspace.catalog.searchPath) {
    const o = workspace.origins.get(`${schema}.${name}`);
    if (o) {
      return o;
    }
  }
  return undefined;
}

const wordIn = (text: string, word: string): boolean => new RegExp(`(^|[^\\w$])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w$])`, 'i').test(text);

/** The problems with those a pending migration explains turned into warnings. */
export function withPendingMigrations(problems: Problem[], doc: ParsedDocument, workspace: WorkspaceCatalog | null): Problem[] {
  if (!workspace) {
    return problems;
  }
  return problems.map((p) => {
    if (p.code === '42P01') {
      const name = /^relation "(.+)" does not exist$/.exec(p.message)?.[1];
      const origin = name !== undefined ? relationOrigin(workspace, name) : undefined;
      if (name !== undefined && origin) {
        return {
          code: p.code,
          severity: 'warning',
          message: `relation "${name}" is not on the server yet — pending migration? (created in ${where(workspace, origin)})`,
          start: p.start,
          end: p.end,
          fixes: [],
        };
      }
    }
    if (p.code === '42703') {
      const name = /^column "?(.+?)"? does not exist$/.exec(p.message)?.[1]?.split('.').pop();
      // only when the statement names the table a workspace file adds the column to
      const statement = doc.statementAt(p.start)?.text ?? '';
      const added = name !== undefined ? workspace.addedColumns.get(name)?.filter((a) => wordIn(statement, a.relation.split('.').pop() ?? '')) : undefined;
      const origin = added?.[added.length - 1];
      if (name !== undefined && origin) {
        return {
          code: p.code,
          severity: 'warning',
          message: `column "${name}" of relation "${origin.relation.split('.').pop()}" is not on the server yet — pending migration? (added in ${where(workspace, origin)})`,
          start: p.start,
          end: p.end,
          fixes: [],
        };
      }
    }
    return p;
  });
}
