/** A keyset page, as every list route answers it (`PageOf` in libs/contracts). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Reads one page of a list: the first with `cursor` null, else the page after the one that gave `cursor`. */
export type PageLoader<T, P extends Page<T> = Page<T>> = (cursor: string | null, signal: AbortSignal) => Promise<P>;

/**
 * What a screen holds of a keyset-paged list: the rows read so far, the cursor of the next page, how many pages,
 * and the last page as it came (a page may carry more than its rows, e.g. the official results' hash and total).
 */
export interface Pages<T, P extends Page<T> = Page<T>> extends Page<T> {
  pages: number;
  last: P | null;
}

/**
 * The first `count` pages of a list (fewer when it ends sooner), read one after the other from the start: what a
 * screen re-reads to refresh the rows it already shows without losing the pages the user had opened.
 */
export async function readPages<T, P extends Page<T> = Page<T>>(load: PageLoader<T, P>, count: number, signal: AbortSignal): Promise<Pages<T, P>> {
  let last = await load(null, signal);
  const items = [...last.items];
  let pages = 1;
  while (last.nextCursor !== null && pages < count) {
    last = await load(last.nextCursor, signal);
    items.push(...last.items);
    pages += 1;
  }
  return { items, nextCursor: last.nextCursor, pages, last };
}

/** The rows read so far followed by the next page. */
export function appendPage<T, P extends Page<T>>(read: Pages<T, P>, page: P): Pages<T, P> {
  return { items: [...read.items, ...page.items], nextCursor: page.nextCursor, pages: read.pages + 1, last: page };
}

/** A live board's position window: which page of `size` entries, and whether there are pages before and after it. */
export function boardWindow(page: number, size: number, total: number | null): { offset: number; hasPrevious: boolean; hasNext: boolean; pageCount: number | null } {
  const offset = Math.max(0, page) * size;
  const pageCount = total === null ? null : Math.max(1, Math.ceil(total / size));
  return { offset, hasPrevious: page > 0, hasNext: total !== null && offset + size < total, pageCount };
}
