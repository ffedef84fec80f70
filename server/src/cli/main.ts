/**
 * `npx pgsight check [paths…] [--schema FILES] [--connection CONNINFO] [--format text|json|sarif|github]`
 * (also `node dist/cli.js check …`): the language server's analysis without an editor
 * (DESIGN.md contract 6). Exit status 0: no errors; 1: errors found; 2: usage error or the
 * check could not run (unreadable file, no server).
 */
import { formats, render, type Format } from './formats';
import { FilesError } from '../workspace/files';
import { runCheck } from './runCheck';
import { describeError } from '../catalog/catalogService';

const usage = `usage: pgsight check [paths…] [--schema FILES] [--connection CONNINFO] [--format text|json|sarif|github]

  paths              SQL files, folders (every .sql, .pgsql, .psql under them) or globs;
                     default: the current folder
  --schema FILES     schema files or globs (repeatable), replayed in order as the catalog:
                     a pg_dump --schema-only file, structure.sql, migrations/*.sql;
                     default: a detected layout (Flyway, golang-migrate, dbmate, sqitch,
                     Rails db/structure.sql, a pg_dump file, schema.sql)
  --connection STR   check against this server's catalog instead (libpq key=value or URI;
                     passwords from ~/.pgpass or PGPASSWORD); what the schema files create
                     but the server lacks is a warning (pending migration?), not an error
  --format FORMAT    text (as psql prints errors, the default), json, sarif, github

Exit status: 0 no errors, 1 errors found, 2 usage error or the check could not run.
`;

interface Args {
  paths: string[];
  schema: string[];
  connection?: string;
  format: Format;
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = { paths: [], schema: [], format: 'text' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string | undefined => (eq > 0 ? a.slice(eq + 1) : argv[++i]);
    if (name === '--schema' || name === '--connection' || name === '--format') {
      const v = value();
      if (v === undefined) {
        return `option ${name} needs a value`;
      }
      if (name === '--schema') {
        args.schema.push(v);
      } else if (name === '--connection') {
        args.connection = v;
      } else if ((formats as readonly string[]).includes(v)) {
        args.format = v as Format;
      } else {
        return `unknown format "${v}" (choose text, json, sarif or github)`;
      }
    } else if (a === '--') {
      args.paths.push(...argv.slice(i + 1));
      break;
    } else if (a.startsWith('-') && a !== '-') {
      return `unknown option ${a}`;
    } else {
      args.paths.push(a);
    }
  }
  return args;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help' || rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(usage);
    return 0;
  }
  if (command === '--version') {
    process.stdout.write(`pgsight ${PGSIGHT_VERSION}\n`);
    return 0;
  }
  if (command !== 'check') {
    process.stderr.write(`pgsight: ${command === undefined ? 'no command' : `unknown command "${command}"`}\n${usage}`);
    return 2;
  }
  const args = parseArgs(rest);
  if (typeof args === 'string') {
    process.stderr.write(`pgsight: ${args}\n${usage}`);
    return 2;
  }
  try {
    const result = await runCheck({ ...args, cwd: process.cwd(), env: process.env });
    for (const note of result.notes) {
      process.stderr.write(`pgsight: ${note}\n`);
    }
    process.stdout.write(render(result, args.format, PGSIGHT_VERSION));
    const errors = result.problems.filter((p) => p.problem.severity !== 'warning');
    const warnings = result.problems.length - errors.length;
    const files = new Set(errors.map((p) => p.file)).size;
    if (args.format === 'text') {
      const warned = warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : '';
      process.stderr.write(
        `pgsight: ${errors.length} error${errors.length === 1 ? '' : 's'} in ${files} of ${result.files.length} file${result.files.length === 1 ? '' : 's'}${warned} (catalog: ${result.catalogSource})\n`,
      );
    }
    // warnings (pending migrations) do not fail the check
    return errors.length > 0 ? 1 : 0;
  } catch (err) {
    process.stderr.write(`pgsight: ${err instanceof FilesError ? err.message : describeError(err)}\n`);
    return 2;
  }
}

void main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`pgsight: ${String(err)}\n`);
    process.exitCode = 2;
  },
);
