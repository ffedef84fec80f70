/**
 * Where the grid's rows go as it scrolls. Browsers cap an element's height (Chromium at about
 * 33.5 million pixels, 1.5 million rows of 22 px), so past `maxHeight` the scrollable height
 * stays at `maxHeight` and the scroll position is scaled to a row index: the top of the
 * scrollbar is row 1, its bottom shows the last row, for any row count. Plain functions,
 * tested without a browser.
 */

export interface ScrollLayout {
  /** Height of the scrollable content, px. */
  height: number;
  /** First row rendered (overscan included). */
  first: number;
  /** Rows rendered from `first`. */
  count: number;
  /** Where row `first` starts, px from the top of the content. */
  top: number;
}

export const defaultMaxHeight = 10_000_000;

/** The rows to render at `scrollTop` for a viewport `viewport` px high. */
export function layoutRows(total: number, rowHeight: number, scrollTop: number, viewport: number, overscan = 5, maxHeight = defaultMaxHeight): ScrollLayout {
  const natural = total * rowHeight;
  const visible = Math.ceil(viewport / rowHeight);
  if (natural <= maxHeight) {
    const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
    return { height: natural, first, count: Math.max(0, Math.min(total, first + visible + 2 * overscan) - first), top: first * rowHeight };
  }
  // scaled: the fraction scrolled maps to the first row in view, rows laid out from scrollTop
  const range = Math.max(1, maxHeight - viewport);
  const fraction = Math.min(1, Math.max(0, scrollTop / range));
  const exact = fraction * Math.max(0, total - Math.floor(viewport / rowHeight));
  const inView = Math.floor(exact);
  const first = Math.max(0, inView - overscan);
  // on a whole pixel: rows at half pixels draw their text blurred
  const top = Math.round(scrollTop - (exact - inView) * rowHeight - (inView - first) * rowHeight);
  return { height: maxHeight, first, count: Math.max(0, Math.min(total, inView + visible + overscan) - first), top };
}

/** The scrollTop at which row `row` is the first row in view. */
export function scrollTopFor(row: number, total: number, rowHeight: number, viewport: number, maxHeight = defaultMaxHeight): number {
  const natural = total * rowHeight;
  if (natural <= maxHeight) {
    return row * rowHeight;
  }
  const span = Math.max(1, total - Math.floor(viewport / rowHeight));
  return (Math.min(row, span) / span) * Math.max(1, maxHeight - viewport);
}

/** The row whose top is at `y` px in the viewport, for the scroll position `scrollTop`. */
export function firstRowInView(total: number, rowHeight: number, scrollTop: number, viewport: number, maxHeight = defaultMaxHeight): number {
  const l = layoutRows(total, rowHeight, scrollTop, viewport, 0, maxHeight);
  return l.first + Math.max(0, Math.round((scrollTop - l.top) / rowHeight));
}
