/**
 * `pgsight check` without the command line: reads the files, builds the catalog (the
 * server's with a connection, else the workspace's schema files replayed onto the built-in
 * snapshot, else none), runs the language server's analysis on each file and returns every
 * problem with its place in the file and psql's rendering of it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog/model';
import { loadCatalog } from '../catalog/catalogLoader';
import { analyzeDocument, type Problem } from '../analysis/analyzeDocument';
import { loadParser, ParsedDocumentCache, type ParsedDocument } from '../parser';
import { connectClient, resolveConnection } from '../../../shared/src/libpq';
import { builtinCatalog } from '../workspace/builtinCatalog';
import { replaySchemaFiles, type WorkspaceCatalog } from '../workspace/workspaceCatalog';
import { withPendingMigrations } from '../workspace/pendingMigrations';
import { expandPaths } from '../workspace/files';
import { detectLayout } from '../workspace/layouts';
import { formatPsql, psqlReport } from './psqlFormat';

export interface CheckOptions {
  paths: string[];
  schema: string[];
  connection?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** look for a known layout (workspace/layouts.ts) when `schema` is empty; default true */
  detect?: boolean;
}

export interface CheckedProblem {
  file: string;
  /** 1-based; columns count UTF-16 code units, as SARIF and editors do */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  problem: Problem;
  /** the lines psql prints for it */
  psql: string[];
}

export interface CheckResult {
  files: string[];
  catalogSource: 'server' | 'workspace' | 'none';
  problems: CheckedProblem[];
  notes: string[];
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function located(file: string, doc: ParsedDocument, problems: Problem[]): CheckedProblem[] {
  return problems.map((problem) => {
    const statement = doc.statementAt(problem.start) ?? doc.statements[doc.statements.length - 1]!;
    const start = position(doc.text, problem.start);
    const end = position(doc.text, problem.end);
    return { file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, problem, psql: formatPsql(file, psqlReport(doc, statement, problem), problem) };
  });
}

async function serverCatalog(connection: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Catalog> {
  const resolved = resolveConnection(connection, { env, ...(env.HOME ? { home: env.HOME } : {}), overrides: { application_name: 'pgsight check' } });
  const client = await connectClient(resolved, { timeoutMs });
  try {
    return await loadCatalog(client, { timeoutMs });
  } finally {
    await client.end().catch(() => undefined);
  }
}

const read = (cwd: string, file: string): string => fs.readFileSync(path.resolve(cwd, file), 'utf8');

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  await loadParser();
  const notes: string[] = [];
  let schemaFiles = expandPaths(options.schema, options.cwd);
  if (options.schema.length === 0 && options.detect !== false) {
    const detected = detectLayout(options.cwd);
    if (detected) {
      schemaFiles = detected.files;
      notes.push(
        `schema: detected ${detected.layout} (${detected.files.length} file${detected.files.length === 1 ? '' : 's'}: ${detected.files.length > 3 ? `${detected.files.slice(0, 3).join(', ')}, …` : detected.files.join(', ')}); --schema overrides`,
      );
    }
  }
  const paths = options.paths.length === 0 && schemaFiles.length === 0 ? ['.'] : options.paths;
  const checkFiles = expandPaths(paths, options.cwd);
  const problems: CheckedProblem[] = [];
  let catalog: Catalog | null = null;
  let catalogSource: CheckResult['catalogSource'] = 'none';
  const checked = new Set<string>();
  let workspace: WorkspaceCatalog | null = null;
  if (options.connection !== undefined) {
    catalog = await serverCatalog(options.connection, options.env, options.timeoutMs ?? 10_000);
    catalogSource = 'server';
    if (schemaFiles.length > 0) {
      // mixed mode: what the schema files create but the server lacks is a pending migration
      workspace = replaySchemaFiles(
        schemaFiles.map((f) => ({ path: f, text: read(options.cwd, f) })),
        builtinCatalog(),
      );
      if (options.schema.length > 0) {
        notes.push(`the server's catalog is used; the --schema files are checked against it like the others`);
        checkFiles.unshift(...schemaFiles.filter((f) => !checkFiles.includes(f)));
      } else {
        // a detected history is what made the server: its old files are not checked against today's schema
        for (const f of schemaFiles) {
          checked.add(path.resolve(options.cwd, f));
        }
      }
    }
  } else if (schemaFiles.length > 0) {
    const workspace = replaySchemaFiles(
      schemaFiles.map((f) => ({ path: f, text: read(options.cwd, f) })),
      builtinCatalog(),
    );
    catalog = workspace.catalog;
    catalogSource = 'workspace';
    // each schema file is checked against the schema as the files before it left it
    for (const f of workspace.files) {
      checked.add(path.resolve(options.cwd, f.path));
      problems.push(...located(f.path, f.doc, f.problems));
    }
  }
  for (const file of checkFiles) {
    const key = path.resolve(options.cwd, file);
    if (checked.has(key)) {
      continue;
    }
    checked.add(key);
    const doc = ParsedDocumentCache.parseText(read(options.cwd, file), file);
    problems.push(...located(file, doc, withPendingMigrations(analyzeDocument(doc, catalog), doc, workspace)));
  }
  const files = [...schemaFiles, ...checkFiles.filter((f) => !schemaFiles.includes(f))];
  return { files, catalogSource, problems, notes };
}
