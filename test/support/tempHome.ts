import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A fresh temporary HOME holding `files` (paths relative to it), each with mode 0600 unless
 * `modes` says otherwise: how the libpq tests lay out ~/.pgpass and pg_service.conf.
 */
export function tempHome(files: Record<string, string> = {}, modes: Record<string, number> = {}): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pgsight-home-'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(home, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    fs.chmodSync(file, modes[name] ?? 0o600);
  }
  return home;
}
