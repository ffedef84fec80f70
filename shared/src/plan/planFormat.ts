/** Number formatting shared by the renderer, the findings and the webview script. */

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) {
    return '–';
  }
  if (ms >= 60_000) {
    return `${(ms / 60_000).toFixed(1)} min`;
  }
  if (ms >= 1000) {
    return `${(ms / 1000).toFixed(2)} s`;
  }
  if (ms >= 100) {
    return `${ms.toFixed(0)} ms`;
  }
  if (ms >= 10) {
    return `${ms.toFixed(1)} ms`;
  }
  // EXPLAIN's own resolution is 0.001 ms; short nodes need it to be told apart
  return ms >= 1 || ms === 0 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(3)} ms`;
}

export function formatRows(rows: number | undefined): string {
  if (rows === undefined || !Number.isFinite(rows)) {
    return '–';
  }
  // by hand: toLocaleString goes through Intl and dominates the render time of large plans
  const [whole, fraction] = (Number.isInteger(rows) ? String(rows) : String(Number(rows.toFixed(2)))).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** 8 kB blocks as bytes, human readable. */
export function formatBlocks(blocks: number): string {
  return formatBytes(blocks * 8192);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
}

export function formatPercent(share: number): string {
  const p = share * 100;
  return p >= 10 || p === 0 ? `${p.toFixed(0)}%` : `${p.toFixed(1)}%`;
}

/** HTML-escapes text for element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
