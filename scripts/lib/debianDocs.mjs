// Fetches PostgreSQL's HTML manual of one major version from Debian's package registry:
// postgresql-doc-N from the suite that ships it, with a private apt configuration (its own
// sources list, lists and cache directories; the machine's sources stay untouched, nothing is
// installed), then `dpkg-deb -x`. The mirror is the one the machine's own sources name.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

/** The manuals the index is built from: the Debian suite that ships each one. */
export const manualSuites = { 15: 'bookworm', 17: 'trixie', 18: 'sid' };

/** The Debian mirror and keyring of the machine's own sources (deb822 or one-line). */
function machineMirror() {
  const files = ['/etc/apt/sources.list', ...listDir('/etc/apt/sources.list.d').filter((f) => /\.(list|sources)$/.test(f))];
  for (const file of files) {
    const body = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    for (const stanza of body.split(/\n\s*\n/)) {
      const uri = /^URIs:\s*(\S+)/m.exec(stanza)?.[1];
      if (uri && /^Suites:.*\b(bookworm|trixie|sid|stable|testing|unstable)\b/m.test(stanza) && !/security/.test(uri)) {
        return { uri, keyring: /^Signed-By:\s*(\S+)/m.exec(stanza)?.[1] ?? null };
      }
    }
    const line = /^deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(?:bookworm|trixie|sid|stable)\s/m.exec(body);
    if (line && !/security/.test(line[2])) {
      return { uri: line[2], keyring: /signed-by=(\S+)/.exec(line[1] ?? '')?.[1] ?? null };
    }
  }
  return { uri: 'http://deb.debian.org/debian', keyring: '/usr/share/keyrings/debian-archive-keyring.gpg' };
}

function listDir(dir) {
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [];
}

/** The html directory of postgresql-doc-`major`, downloaded and unpacked under `cacheDir` once. */
export function fetchManual(major, cacheDir = path.join(os.tmpdir(), 'pgsight-docs')) {
  const suite = manualSuites[major];
  if (!suite) {
    throw new Error(`no Debian suite known for the PostgreSQL ${major} manual`);
  }
  const root = path.join(cacheDir, suite);
  const html = path.join(root, 'x', 'usr', 'share', 'doc', `postgresql-doc-${major}`, 'html');
  if (fs.existsSync(path.join(html, 'bookindex.html'))) {
    return html;
  }
  const { uri, keyring } = machineMirror();
  for (const d of ['etc', 'lists/partial', 'cache/archives/partial', 'deb']) {
    fs.mkdirSync(path.join(root, d), { recursive: true });
  }
  const signedBy = keyring ? `[signed-by=${keyring}] ` : '';
  fs.writeFileSync(path.join(root, 'etc', 'sources.list'), `deb ${signedBy}${uri} ${suite} main\n`);
  // the machine's apt.conf.d (proxy, auth, Check-Valid-Until) still applies: only the
  // sources, lists, cache and status are private
  const apt = [
    '-o', `Dir::Etc::SourceList=${path.join(root, 'etc', 'sources.list')}`,
    '-o', 'Dir::Etc::SourceParts=/dev/null',
    '-o', `Dir::State::Lists=${path.join(root, 'lists')}`,
    '-o', `Dir::Cache=${path.join(root, 'cache')}`,
    '-o', 'Dir::State::Status=/dev/null',
    '-o', 'Debug::NoLocking=1',
    ...(process.getuid?.() === 0 ? ['-o', 'APT::Sandbox::User=root'] : []),
  ];
  const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  console.log(`postgresql-doc-${major}: apt-get download from ${uri} ${suite}`);
  run('apt-get', [...apt, '-q', 'update'], root);
  run('apt-get', [...apt, '-q', 'download', `postgresql-doc-${major}`], path.join(root, 'deb'));
  const deb = fs.readdirSync(path.join(root, 'deb')).find((f) => f.startsWith(`postgresql-doc-${major}_`) && f.endsWith('.deb'));
  if (!deb) {
    throw new Error(`apt-get download postgresql-doc-${major} left no .deb in ${path.join(root, 'deb')}`);
  }
  run('dpkg-deb', ['-x', path.join(root, 'deb', deb), path.join(root, 'x')], root);
  if (!fs.existsSync(path.join(html, 'bookindex.html'))) {
    throw new Error(`${deb} has no HTML manual at ${html}`);
  }
  return html;
}
