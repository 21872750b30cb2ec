import { useEffect, useRef, useState } from 'react';
import { useT } from '../lib/i18n';
import { appendPage, readPages, type Page, type PageLoader, type Pages } from './pages';

interface State<T, P extends Page<T>> extends Pages<T, P> {
  loading: boolean;
  error: unknown;
  /** The first page has arrived (the list may still be empty). */
  ready: boolean;
}

export interface PagedList<T, P extends Page<T> = Page<T>> extends State<T, P> {
  /** Reads the next page and appends it (nothing on the last page or while reading). */
  more: () => void;
  /** Re-reads from the start as many pages as are shown, replacing the rows once read (no flicker). */
  refresh: () => void;
}

const EMPTY = { items: [], nextCursor: null, pages: 0, last: null, loading: true, error: null, ready: false };

/**
 * A keyset-paged list (`{ items, nextCursor }`): the first page when `deps` change, then a page more at each
 * `more()`. One read at a time: a new one aborts the one under way.
 */
export function usePages<T, P extends Page<T> = Page<T>>(load: PageLoader<T, P>, deps: unknown[]): PagedList<T, P> {
  const [state, setState] = useState<State<T, P>>(EMPTY);
  const current = useRef(state);
  current.current = state;
  const loader = useRef(load);
  loader.current = load;
  const inFlight = useRef<AbortController | null>(null);

  const run = (read: (signal: AbortSignal) => Promise<(s: State<T, P>) => Pages<T, P>>) => {
    inFlight.current?.abort();
    const ctl = new AbortController();
    inFlight.current = ctl;
    setState((s) => ({ ...s, loading: true, error: null }));
    read(ctl.signal).then(
      (next) => !ctl.signal.aborted && setState((s) => ({ ...next(s), loading: false, error: null, ready: true })),
      (error: unknown) => !ctl.signal.aborted && setState((s) => ({ ...s, loading: false, error })),
    );
  };

  useEffect(() => {
    setState(EMPTY);
    run(async (signal) => {
      const first = await readPages(loader.current, 1, signal);
      return () => first;
    });
    return () => inFlight.current?.abort();
  }, deps);

  return {
    ...state,
    more: () => {
      const cursor = current.current.nextCursor;
      if (cursor === null || current.current.loading) return;
      run(async (signal) => {
        const page = await loader.current(cursor, signal);
        return (s) => appendPage(s, page);
      });
    },
    refresh: () => {
      const count = Math.max(1, current.current.pages);
      run(async (signal) => {
        const read = await readPages(loader.current, count, signal);
        return () => read;
      });
    },
  };
}

/** "Xem thêm" under a paged list while it has a next page. */
export function MoreButton({ list, label }: { list: { nextCursor: string | null; loading: boolean; ready: boolean; more: () => void }; label?: string }) {
  const t = useT();
  if (!list.ready || list.nextCursor === null) return null;
  return (
    <p>
      <button type="button" className="btn small secondary" onClick={list.more} disabled={list.loading}>
        {list.loading && <span className="spinner" aria-hidden="true" />} {label ?? t('loadMore')}
      </button>
    </p>
  );
}
