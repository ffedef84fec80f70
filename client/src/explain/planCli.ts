/**
 * `node dist/plan.js <plan.json|plan.txt|-> [-o out.html]`: renders an EXPLAIN plan (JSON,
 * or text as psql or auto_explain print it) into one standalone HTML file with no network
 * resources (DESIGN.md contract 5). Without -o the HTML goes to stdout.
 */
import fs from 'node:fs';
import path from 'node:path';
import { standaloneHtml } from './standaloneHtml';

const usage = 'usage: node dist/plan.js <plan.json|plan.txt|-> [-o out.html] [--title text]';

function main(argv: string[]): number {
  let input: string | undefined;
  let output: string | undefined;
  let title: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-o' || a === '--output') {
      output = argv[++i];
    } else if (a === '--title') {
      title = argv[++i];
    } else if (a === '-h' || a === '--help') {
      process.stdout.write(`${usage}\n`);
      return 0;
    } else if (input === undefined) {
      input = a;
    } else {
      process.stderr.write(`plan.js: unexpected argument ${a}\n${usage}\n`);
      return 2;
    }
  }
  if (input === undefined || (argv.includes('-o') && !output)) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  let source: string;
  try {
    source = input === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(input, 'utf8');
  } catch (err) {
    process.stderr.write(`plan.js: cannot read ${input}: ${(err as Error).message}\n`);
    return 1;
  }
  let html: string;
  try {
    html = standaloneHtml(source, { title: title ?? (input === '-' ? undefined : path.basename(input)) });
  } catch (err) {
    process.stderr.write(`plan.js: ${input} is not an EXPLAIN plan PostgreSQL printed: ${(err as Error).message}\n`);
    return 1;
  }
  if (output) {
    fs.writeFileSync(output, html);
    process.stderr.write(`plan.js: wrote ${output} (${Math.round(html.length / 1024)} kB)\n`);
  } else {
    process.stdout.write(html);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
