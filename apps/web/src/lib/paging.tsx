import { useInfiniteQuery, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import { useRef } from 'react';
import { ErrorBox } from '../ui';
import { useT } from './i18n';

/** A keyset page, as every list route answers it (`PageOf` in libs/contracts): its rows and the next page's cursor. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Reads one page: the first with `cursor` undefined, else the page after the one that gave `cursor`. */
export type PageLoader<P> = (cursor: string | undefined, signal: AbortSignal) => Promise<P>;

/** What a screen holds of the pages read: the rows, the next cursor, how many pages, and the last page as it came. */
export interface Pages<T, P extends Page<T> = Page<T>> {
  items: T[];
  nextCursor: string | null;
  pages: number;
  /** The last page read (a page may carry more than its rows, e.g. the official results' hash and total). */
  last: P | null;
}

/** A row's identity, to drop a row a later page gives again (rows are keyed by their `id` when they have one). */
const idOf = (row: unknown): unknown => (typeof row === 'object' && row !== null ? (row as { id?: unknown }).id : undefined);

/**
 * The pages the cache holds, as one list: every row in order (the first copy of a row two pages both gave: a row
 * that moved while paging), the last page's cursor and fields.
 */
export function pagesOf<T, P extends Page<T>>(data: InfiniteData<P, unknown> | undefined, keyOf: (row: T) => unknown = idOf): Pages<T, P> {
  const pages = data?.pages ?? [];
  const last = pages.length ? pages[pages.length - 1] : null;
  const seen = new Set<unknown>();
  const items = pages
    .flatMap((p) => p.items)
    .filter((row) => {
      const k = keyOf(row);
      if (k === undefined) return true;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  return { items, nextCursor: last?.nextCursor ?? null, pages: pages.length, last };
}

/** The query of a paged list: the first page with no cursor, each next one from the last page's `nextCursor`. */
export function pagesQuery<P extends Page<unknown>>(key: QueryKey, load: (cursor: string | undefined, signal: AbortSignal) => Promise<P>) {
  return {
    queryKey: key,
    queryFn: ({ pageParam, signal }: { pageParam: string | undefined; signal: AbortSignal }) => load(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: P) => last.nextCursor ?? undefined,
  };
}

export interface PagedList<T, P extends Page<T> = Page<T>> extends Pages<T, P> {
  /** Another page follows. */
  hasMore: boolean;
  /** The first page is not there yet. */
  loading: boolean;
  /** The first page has come (the list may still be empty). */
  ready: boolean;
  /** The first page's failure, or a refresh's (the rows read before stay). */
  error: unknown;
  loadingMore: boolean;
  /** The failure of the last `more()`; `more()` again to retry. */
  moreError: unknown;
  /** Pages re-read (a refresh) while the rows shown stay. */
  refreshing: boolean;
  /** Reads the next page and appends it (nothing on the last page, or while a read is under way). */
  more: () => void;
  /** Re-reads from the start as many pages as are shown, replacing the rows once read (no flicker). */
  refresh: () => void;
}

/**
 * A keyset-paged list (`{ items, nextCursor }`) through the query cache (useInfiniteQuery): the first page for
 * `deps` (or `key`), then a page more at each `more()`, `refresh()` re-reading the pages shown. A change of key
 * aborts the read under way; coming back to a list shows the pages read before at once and re-reads them behind.
 * The key is, by default, the loader's source text and `deps` (one entry per call site).
 */
export function usePages<T, P extends Page<T> = Page<T>>(
  load: PageLoader<P>,
  deps: unknown[],
  opts: { key?: QueryKey; staleTime?: number } = {},
): PagedList<T, P> {
  const loader = useRef(load);
  loader.current = load;
  const q = useInfiniteQuery({
    ...pagesQuery<P>(opts.key ?? ['pages', load.toString(), ...deps], (cursor, signal) => loader.current(cursor, signal)),
    // A list is what the user's own writes change most (a new bank, a disqualification): always re-read when shown.
    staleTime: opts.staleTime ?? 0,
  });
  const read = pagesOf<T, P>(q.data);
  const busy = q.isFetching;
  return {
    ...read,
    hasMore: q.hasNextPage,
    loading: q.isPending,
    ready: q.data !== undefined,
    error: q.isFetchNextPageError ? null : q.error,
    loadingMore: q.isFetchingNextPage,
    moreError: q.isFetchNextPageError ? q.error : null,
    refreshing: q.isRefetching,
    more: () => {
      if (q.hasNextPage && !busy) void q.fetchNextPage({ cancelRefetch: false });
    },
    refresh: () => void q.refetch(),
  };
}

/** "Xem thêm / Load more" under a paged list while another page follows (and the failure of the last try). */
export function LoadMore({
  list,
  label,
  block,
}: {
  list: Pick<PagedList<unknown>, 'hasMore' | 'ready' | 'loadingMore' | 'refreshing' | 'moreError' | 'more'>;
  label?: string;
  block?: boolean;
}) {
  const t = useT();
  return (
    <>
      <ErrorBox error={list.moreError} onRetry={list.more} />
      {list.ready && list.hasMore && !list.moreError && (
        <p>
          <button
            type="button"
            className={`btn secondary${block ? ' block' : ' small'}`}
            onClick={list.more}
            disabled={list.loadingMore || list.refreshing}
            aria-busy={list.loadingMore || undefined}
          >
            {list.loadingMore && <span className="spinner" aria-hidden="true" />} {label ?? t('loadMore')}
          </button>
        </p>
      )}
    </>
  );
}
