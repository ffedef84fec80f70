/**
 * The connection detail view's text: every effective libpq parameter with the place it came
 * from, secrets masked, libpq's warnings, the service files searched and the attempts made.
 * Plain markdown, no vscode, so it is tested as is.
 */
import { secretKeywords, type ResolvedConnection } from '../../../shared/src/libpq';
import type { ClusterTarget } from './session';

/** Parameters shown first, in the order psql users think of them. */
const leading = ['host', 'hostaddr', 'port', 'user', 'dbname', 'password', 'passfile', 'service', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'application_name', 'connect_timeout', 'options'];

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function connectionDetailMarkdown(target: ClusterTarget, r: ResolvedConnection): string {
  const lines = [`# ${target.label}`, '', `Kind: ${target.kind === 'profile' ? 'settings profile (pgsight.connections)' : target.kind === 'local' ? `local cluster (${target.local?.source ?? 'discovered'})` : 'the libpq environment'}`, ''];
  lines.push('| Parameter | Value | Source |', '|---|---|---|');
  const keys = Object.keys(r.params);
  const ordered = [...leading.filter((k) => keys.includes(k)), ...keys.filter((k) => !leading.includes(k)).sort()];
  for (const k of ordered) {
    const source = r.sources[k];
    const value = secretKeywords.has(k) ? '••••••' : r.params[k]!;
    lines.push(`| ${k} | ${cell(value === '' ? '(empty)' : value)} | ${source ? cell(`${source.kind}: ${source.detail}`) : ''} |`);
  }
  if (r.params.password === undefined) {
    lines.push(`| password | (none) | ${r.passfile ? cell(`no matching line in ${r.passfile}; asked when the server wants one`) : ''} |`);
  }
  lines.push('', '## Attempts, in libpq\'s order', '');
  for (const a of r.attempts) {
    const where = a.host.socket ? `unix socket ${a.host.host}/.s.PGSQL.${a.host.port}` : `${a.host.hostaddr ?? a.host.host}:${a.host.port}`;
    lines.push(`- ${where}${a.host.socket ? '' : a.ssl ? ' with SSL' : ' without SSL'}`);
  }
  if (r.service) {
    lines.push('', '## Service files searched', '');
    for (const s of r.service.searched) {
      lines.push(`- ${s.file}${s.exists ? (s.file === r.service.file ? ' — defines the service' : '') : ' — not present'}`);
    }
  }
  if (r.warnings.length > 0) {
    lines.push('', '## Warnings', '', ...r.warnings.map((w) => `- ${w}`));
  }
  return `${lines.join('\n')}\n`;
}
