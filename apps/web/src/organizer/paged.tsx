import type { PageV1 } from '@hoi-thi/contracts';
import { useEffect, useRef, useState } from 'react';
import { useT } from '../lib/i18n';
import { ErrorBox } from '../ui';
import { appendPage } from './derive';

export interface Paged<T, P> {
  /** Every item of the pages read so far. */
  items: T[];
  /** The first page (what it says of the whole list, e.g. a total), once read. */
  first: P | undefined;
  loading: boolean;
  error: unknown;
  /** Another page follows. */
  hasMore: boolean;
  loadingMore: boolean;
  moreError: unknown;
  more: () => void;
  /** Back to the first page (after a change). */
  reload: () => void;
}

/** A keyset-paged list: the first page on `deps`, the next ones by `more()` following `nextCursor`. */
export function usePaged<T extends { id: string }, P extends PageV1<T>>(load: (cursor: string | undefined, signal: AbortSignal) => Promise<P>, deps: unknown[]): Paged<T, P> {
  const [state, setState] = useState<{ items: T[]; first?: P; next: string | null; loading: boolean; error?: unknown; loadingMore: boolean; moreError?: unknown }>({ items: [], next: null, loading: true, loadingMore: false });
  const [tick, setTick] = useState(0);
  const ctl = useRef<AbortController | null>(null);
  useEffect(() => {
    const c = new AbortController();
    ctl.current = c;
    setState((s) => ({ ...s, loading: true, error: undefined, moreError: undefined, loadingMore: false }));
    load(undefined, c.signal).then(
      (p) => !c.signal.aborted && setState({ items: p.items, first: p, next: p.nextCursor, loading: false, loadingMore: false }),
      (error) => !c.signal.aborted && setState({ items: [], next: null, loading: false, error, loadingMore: false }),
    );
    return () => c.abort();
  }, [...deps, tick]);
  const more = () => {
    const c = ctl.current;
    if (!c || !state.next || state.loadingMore) return;
    const cursor = state.next;
    setState((s) => ({ ...s, loadingMore: true, moreError: undefined }));
    load(cursor, c.signal).then(
      (p) => !c.signal.aborted && setState((s) => (s.next === cursor ? { ...s, items: appendPage(s.items, p), next: p.nextCursor, loadingMore: false } : s)),
      (moreError) => !c.signal.aborted && setState((s) => ({ ...s, loadingMore: false, moreError })),
    );
  };
  return {
    items: state.items,
    first: state.first,
    loading: state.loading,
    error: state.error,
    hasMore: state.next !== null,
    loadingMore: state.loadingMore,
    moreError: state.moreError,
    more,
    reload: () => setTick((n) => n + 1),
  };
}

/** "Xem thêm" under a paged list while another page follows. */
export function LoadMore<T, P>({ list }: { list: Paged<T, P> }) {
  const t = useT();
  return (
    <>
      <ErrorBox error={list.moreError} onRetry={list.more} />
      {list.hasMore && !list.moreError && (
        <button type="button" className="btn small secondary" onClick={list.more} disabled={list.loadingMore || list.loading}>
          {list.loadingMore && <span className="spinner" aria-hidden="true" />} {t('loadMore')}
        </button>
      )}
    </>
  );
}
