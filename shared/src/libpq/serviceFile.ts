/**
 * `pg_service.conf` with libpq's rules (parseServiceInfo / parseServiceFile): the user file
 * (the `servicefile` keyword, else PGSERVICEFILE, else ~/.pg_service.conf) is searched
 * first; only when it does not define the service is the system file
 * (PGSYSCONFDIR/pg_service.conf) searched. Inside the service's `[section]`, each
 * `key=value` line fills a keyword that is still unset; nothing is trimmed around `=`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConninfoError } from './conninfo';
import { isKeyword } from './keywords';

export interface ServiceEntry {
  keyword: string;
  value: string;
  file: string;
  line: number;
}

export interface ServiceLookup {
  /** Files looked at, in order, and whether each existed. */
  searched: { file: string; exists: boolean }[];
  /** The file whose section defined the service. */
  file: string;
  entries: ServiceEntry[];
}

/** Reads one service file; returns the entries of `service`'s section, or null when it has none. */
function readServiceFile(file: string, service: string): ServiceEntry[] | null {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  let inGroup = false;
  let found = false;
  const entries: ServiceEntry[] = [];
  for (let n = 0; n < lines.length; n++) {
    const lineNo = n + 1;
    const line = lines[n]!.replace(/\s+$/, '').replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    if (line.startsWith('[')) {
      if (inGroup) {
        // end of the wanted section
        break;
      }
      inGroup = line.startsWith(service, 1) && line[service.length + 1] === ']';
      found ||= inGroup;
      continue;
    }
    if (!inGroup) {
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) {
      throw new ConninfoError(`syntax error in service file "${file}", line ${lineNo}`);
    }
    const keyword = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (keyword === 'service') {
      throw new ConninfoError(`nested service specifications not supported in service file "${file}", line ${lineNo}`);
    }
    if (keyword === 'servicefile') {
      throw new ConninfoError(`nested "servicefile" specifications not supported in service file "${file}", line ${lineNo}`);
    }
    if (!isKeyword(keyword)) {
      throw new ConninfoError(`syntax error in service file "${file}", line ${lineNo}`);
    }
    entries.push({ keyword, value, file, line: lineNo });
  }
  return found ? entries : null;
}

function exists(file: string): boolean {
  try {
    fs.statSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds `service` the way libpq does. `userFile` is the servicefile keyword / PGSERVICEFILE
 * / ~/.pg_service.conf already chosen by the caller; `sysconfdir` is PGSYSCONFDIR or the
 * compiled-in directory. Throws libpq's error when no file defines the service.
 */
export function lookupService(service: string, userFile: string | null, sysconfdir: string): ServiceLookup {
  const searched: { file: string; exists: boolean }[] = [];
  if (userFile !== null) {
    const ok = exists(userFile);
    searched.push({ file: userFile, exists: ok });
    if (ok) {
      const entries = readServiceFile(userFile, service);
      if (entries !== null) {
        return { searched, file: userFile, entries };
      }
    }
  }
  const systemFile = path.join(sysconfdir, 'pg_service.conf');
  const ok = exists(systemFile);
  searched.push({ file: systemFile, exists: ok });
  if (ok) {
    const entries = readServiceFile(systemFile, service);
    if (entries !== null) {
      return { searched, file: systemFile, entries };
    }
  }
  throw new ConninfoError(`definition of service "${service}" not found`);
}
