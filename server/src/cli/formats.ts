/**
 * The output formats of `pgsight check`: text (psql's own layout), json (for tools), sarif
 * (SARIF 2.1.0, for code scanning) and github (workflow commands GitHub Actions turns into
 * annotations on the changed lines).
 */
import type { CheckResult } from './runCheck';

export const formats = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof formats)[number];

function text(result: CheckResult): string {
  return result.problems.map((p) => `${p.psql.join('\n')}\n`).join('');
}

function json(result: CheckResult): string {
  const problems = result.problems.map((p) => ({
    file: p.file,
    line: p.line,
    column: p.column,
    endLine: p.endLine,
    endColumn: p.endColumn,
    severity: p.problem.severity ?? 'error',
    code: p.problem.code,
    message: p.problem.message,
    ...(p.problem.detail ? { detail: p.problem.detail } : {}),
    ...(p.problem.hint ? { hint: p.problem.hint } : {}),
    fixes: p.problem.fixes.map((f) => f.name),
  }));
  return `${JSON.stringify({ version: 1, catalog: result.catalogSource, files: result.files, problems }, null, 2)}\n`;
}

const ruleNames: Record<string, string> = {
  '42601': 'syntax_error',
  '42703': 'undefined_column',
  '42P01': 'undefined_table',
  '42702': 'ambiguous_column',
  '42712': 'duplicate_alias',
  '42701': 'duplicate_column',
  '42P10': 'invalid_column_reference',
  '42883': 'undefined_function',
  '42P09': 'ambiguous_alias',
};

function sarif(result: CheckResult, version: string): string {
  const codes = [...new Set(result.problems.map((p) => p.problem.code))].sort();
  const rules = codes.map((code) => ({
    id: code,
    name: ruleNames[code] ?? code,
    shortDescription: { text: `SQLSTATE ${code} (${ruleNames[code] ?? 'error'})` },
    helpUri: 'https://www.postgresql.org/docs/current/errcodes-appendix.html',
  }));
  const results = result.problems.map((p) => ({
    ruleId: p.problem.code,
    ruleIndex: codes.indexOf(p.problem.code),
    level: p.problem.severity ?? 'error',
    message: { text: [p.problem.message, ...(p.problem.detail ? [`Detail: ${p.problem.detail}`] : []), ...(p.problem.hint ? [`Hint: ${p.problem.hint}`] : [])].join('\n') },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(p.file) },
          region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
        },
      },
    ],
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'pgsight', version, informationUri: 'https://github.com/pgsight/pgsight', rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Workflow command escaping: the message data, and property values (which also escape : and ,). */
const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function github(result: CheckResult): string {
  return result.problems
    .map((p) => {
      const props = [`file=${escapeProperty(p.file)}`, `line=${p.line}`, `col=${p.column}`, `endLine=${p.endLine}`, `endColumn=${p.endColumn}`, `title=${escapeProperty(`SQLSTATE ${p.problem.code}`)}`];
      const message = [p.problem.message, ...(p.problem.detail ? [`Detail: ${p.problem.detail}`] : []), ...(p.problem.hint ? [`Hint: ${p.problem.hint}`] : [])].join('\n');
      return `::${p.problem.severity ?? 'error'} ${props.join(',')}::${escapeData(message)}\n`;
    })
    .join('');
}

export function render(result: CheckResult, format: Format, version: string): string {
  switch (format) {
    case 'text':
      return text(result);
    case 'json':
      return json(result);
    case 'sarif':
      return sarif(result, version);
    case 'github':
      return github(result);
  }
}
