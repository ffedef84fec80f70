/**
 * Export of a whole result to CSV or JSON, streamed again from the server page by page (the
 * result's open cursor, read from its first row), never from what the view holds. No vscode here.
 */
import { toCsv } from '../../../webview/src/results/gridFormat';
import type { ResultColumn } from '../../../webview/src/results/resultsMessages';
import type { Cell } from './runSession';

export type ExportFormat = 'csv' | 'json';

export interface ExportOptions {
  columns: readonly ResultColumn[];
  total: number;
  format: ExportFormat;
  /** Rows [start, start + count) from the server. */
  page: (start: number, count: number) => Promise<Cell[][]>;
  write: (chunk: string) => Promise<void>;
  pageSize?: number;
  onProgress?: (done: number) => void;
  cancelled?: () => boolean;
}

/** Writes the result; resolves with the rows written (fewer when cancelled). */
export async function exportResult(o: ExportOptions): Promise<number> {
  const size = o.pageSize ?? 10_000;
  const names = o.columns.map((c) => c.name);
  const keys = names.map((n, i) => (names.indexOf(n) === i ? n : `${n}_${names.slice(0, i + 1).filter((x) => x === n).length}`));
  await o.write(o.format === 'csv' ? toCsv(o.columns, [], true) + '\n' : '[');
  let done = 0;
  while (done < o.total && !o.cancelled?.()) {
    const rows = await o.page(done, size);
    if (rows.length === 0) {
      break;
    }
    if (o.format === 'csv') {
      await o.write(toCsv(o.columns, rows, false) + '\n');
    } else {
      const objects = rows.map((r) => JSON.stringify(Object.fromEntries(keys.map((k, i) => [k, r[i] ?? null]))));
      await o.write((done === 0 ? '\n' : ',\n') + objects.join(',\n'));
    }
    done += rows.length;
    o.onProgress?.(done);
  }
  if (o.format === 'json') {
    await o.write(done === 0 ? ']\n' : '\n]\n');
  }
  return done;
}
