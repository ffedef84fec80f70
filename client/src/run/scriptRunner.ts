/**
 * Run File: a document run as `psql -v ON_ERROR_STOP=1 -f file` runs it — statements in order
 * on one session, variables from `\set` substituted with psql's quoting rules, `\c db`
 * switching the database, the first error (a statement's, or a meta-command pgsight does not
 * run) ending the script. Meta-commands are never sent to the server. No vscode here.
 */
import type { Cell, Column, RunSession, RunOptions, StatementResult } from './runSession';
import { MetaCommandError, metaArguments, parseMetaCommand, substituteVariables, type Variables } from './psqlVariables';
import { scriptSteps } from './scriptSteps';

export type ScriptStepResult =
  | {
      kind: 'statement';
      /** Document offsets of the statement span. */
      start: number;
      end: number;
      result: StatementResult;
      /** Document offset of the text sent (for a diagnostic or a highlight). */
      sentAt: number;
      /** Document offset of the error position, when PostgreSQL gave one. */
      errorAt?: number;
    }
  | { kind: 'meta'; start: number; end: number; text: string; output?: string; error?: string };

export interface ScriptOptions extends Omit<RunOptions, 'onFirstRows'> {
  /** The first page of a large result, before it is counted (the statement's text given). */
  onFirstRows?: (columns: Column[], rows: Cell[][], statement: string) => void;
  /** Opens a session on another database of the same server (`\c db`); null: the same database again. */
  connect: (dbname: string | null) => Promise<RunSession>;
  vars?: Variables;
  /** Called after each step (the view shows results as they come). */
  onStep?: (step: ScriptStepResult) => void;
  /** Checked between steps: true stops the script (Cancel). */
  stopped?: () => boolean;
}

export interface ScriptOutcome {
  steps: ScriptStepResult[];
  /** The session the script ended on (another one after `\c`). */
  session: RunSession;
  vars: Variables;
  /** The script stopped before its end (an error, a declined write or Cancel). */
  stopped: boolean;
}

/** Meta-commands pgsight runs; any other is reported and stops the script. */
function runMeta(line: string, vars: Variables): { output?: string; connect?: string | null; error?: string } {
  const { name, args } = parseMetaCommand(line);
  try {
    switch (name) {
      case 'set': {
        const words = metaArguments(args, vars);
        if (words.length === 0) {
          return { output: [...vars].map(([k, v]) => `${k} = '${v}'`).join('\n') };
        }
        const [variable, ...value] = words;
        if (!/^[A-Za-z0-9_]+$/.test(variable!)) {
          return { error: `invalid variable name: "${variable}"` };
        }
        vars.set(variable!, value.join(''));
        return {};
      }
      case 'unset': {
        const [variable] = metaArguments(args, vars);
        if (variable === undefined) {
          return { error: '\\unset: missing required argument' };
        }
        vars.delete(variable);
        return {};
      }
      case 'echo':
        return { output: metaArguments(args, vars).join(' ') };
      case 'c':
      case 'connect': {
        const words = metaArguments(args, vars);
        if (words.length > 1 || /[=/]/.test(words[0] ?? '')) {
          return { error: `\\${name} with a user, host, port or connection string is not supported by pgsight: only \\${name} DBNAME switches the database on the same server` };
        }
        return { connect: words[0] === undefined || words[0] === '-' ? null : words[0] };
      }
      case 'g':
        return args.trim() === '' ? {} : { error: '\\g with arguments is not supported by pgsight' };
      default:
        return { error: `\\${name} is a psql meta-command that pgsight does not run (supported: \\set, \\unset, \\echo, \\c DBNAME); nothing after it was run` };
    }
  } catch (err) {
    if (err instanceof MetaCommandError) {
      return { error: `\\${name}: ${err.message}` };
    }
    throw err;
  }
}

export async function runScript(documentText: string, first: RunSession, options: ScriptOptions): Promise<ScriptOutcome> {
  const vars: Variables = options.vars ?? new Map();
  const steps: ScriptStepResult[] = [];
  let session = first;
  const push = (step: ScriptStepResult) => {
    steps.push(step);
    options.onStep?.(step);
  };
  for (const step of scriptSteps(documentText, [...vars.keys()])) {
    if (options.stopped?.()) {
      return { steps, session, vars, stopped: true };
    }
    if (step.kind === 'meta') {
      const done = runMeta(step.text, vars);
      if (done.connect !== undefined && !done.error) {
        try {
          const next = await options.connect(done.connect);
          await session.close();
          session = next;
          done.output = `You are now connected to database "${done.connect ?? 'the same database'}".`;
        } catch (err) {
          done.error = `\\c: ${(err as Error).message}`;
        }
      }
      push({ kind: 'meta', start: step.start, end: step.end, text: step.text, output: done.output, error: done.error });
      if (done.error) {
        return { steps, session, vars, stopped: true };
      }
      continue;
    }
    const span = step.span;
    const sent = substituteVariables(span.text, span.start, span.variables, documentText, vars);
    const result = await session.run(sent.text, {
      ...options,
      onFirstRows: options.onFirstRows && ((columns, rows) => options.onFirstRows?.(columns, rows, span.text)),
    });
    push({
      kind: 'statement',
      start: span.start,
      end: span.end,
      result,
      sentAt: sent.toDocument(result.offset),
      errorAt: result.error?.offset !== undefined ? sent.toDocument(result.error.offset) : undefined,
    });
    if (result.error) {
      return { steps, session, vars, stopped: true };
    }
  }
  return { steps, session, vars, stopped: false };
}
