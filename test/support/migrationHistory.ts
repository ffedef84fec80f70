/**
 * A generated Flyway-style migration history (`V1__create_t1.sql` … `V5000__…`), the shape a
 * long-lived application's repository has: tables created early and altered ever after
 * (columns added and renamed, indexes, views redefined, data backfilled). Every file is valid
 * when applied in order; test/lsp/workspaceWatch.test.ts and bench/workspaceSchema.bench.ts
 * use it. Deterministic: the same count gives the same files.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface MigrationFile {
  /** relative path, posix separators */
  path: string;
  text: string;
}

/** `count` migrations in db/migration/, one table per 10 files, each later file changing one. */
export function migrationHistory(count: number): MigrationFile[] {
  const files: MigrationFile[] = [];
  let tables = 0;
  for (let i = 1; i <= count; i++) {
    let text: string;
    let name: string;
    if (i % 10 === 1) {
      tables++;
      name = `create_t${tables}`;
      text = [
        `-- ${name}`,
        `CREATE TABLE t${tables} (`,
        '  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,',
        '  name text NOT NULL,',
        '  created_at timestamptz NOT NULL DEFAULT now()',
        ');',
        `COMMENT ON TABLE t${tables} IS 'table ${tables}';`,
        '',
      ].join('\n');
    } else {
      const t = 1 + ((i * 7919) % tables);
      const col = `c${i}`;
      name = `change_t${t}_${col}`;
      const lines = [`-- ${name}`, `ALTER TABLE t${t} ADD COLUMN ${col} integer;`, `CREATE INDEX t${t}_${col}_idx ON t${t} (${col});`];
      if (i % 3 === 0) {
        lines.push(`UPDATE t${t} SET ${col} = length(name) WHERE ${col} IS NULL;`);
      }
      if (i % 7 === 0) {
        lines.push(`ALTER TABLE t${t} RENAME COLUMN ${col} TO ${col}_renamed;`);
      }
      if (i % 5 === 0) {
        lines.push(`CREATE OR REPLACE VIEW v${t} AS SELECT id, name, created_at FROM t${t} WHERE created_at > now() - interval '1 day';`);
      }
      text = `${lines.join('\n')}\n`;
    }
    files.push({ path: `db/migration/V${i}__${name}.sql`, text });
  }
  return files;
}

/** Writes the files under `dir`. */
export function writeFiles(dir: string, files: readonly MigrationFile[]): void {
  for (const f of files) {
    const full = path.join(dir, f.path);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, f.text);
  }
}
