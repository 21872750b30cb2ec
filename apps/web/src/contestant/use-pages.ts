import type { PageV1 } from '@hoi-thi/contracts';
import { useEffect, useRef, useState } from 'react';
import { useLoad } from '../ui';

/** A page after the ones already shown: the items appended, the cursor the new page's. */
export function appendPage<T>(shown: PageV1<T>, next: PageV1<T>): PageV1<T> {
  return { items: [...shown.items, ...next.items], nextCursor: next.nextCursor };
}

/**
 * A keyset-paged list (`{ items, nextCursor }`): the first page as `useLoad` loads it, then each further page
 * appended by `more()` ("Xem thêm") until `nextCursor` is null. A change of `deps` (or `reload`) starts again.
 */
export function usePages<T>(load: (cursor: string | undefined, signal: AbortSignal) => Promise<PageV1<T>>, deps: unknown[]) {
  const first = useLoad((signal) => load(undefined, signal), deps);
  const [shown, setShown] = useState<PageV1<T> | undefined>(undefined);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const ctl = useRef<AbortController | null>(null);
  useEffect(() => {
    ctl.current?.abort();
    setShown(first.data);
    setMoreError(null);
    setLoadingMore(false);
  }, [first.data]);
  useEffect(() => () => ctl.current?.abort(), []);

  const more = async () => {
    const cursor = (shown ?? first.data)?.nextCursor;
    if (!cursor || loadingMore) return;
    const c = new AbortController();
    ctl.current = c;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const next = await load(cursor, c.signal);
      if (!c.signal.aborted) setShown((s) => (s ? appendPage(s, next) : next));
    } catch (e) {
      if (!c.signal.aborted) setMoreError(e);
    } finally {
      if (!c.signal.aborted) setLoadingMore(false);
    }
  };

  // The first page before the effect above has copied it.
  const page = shown ?? first.data;
  return {
    items: page?.items,
    hasMore: !!page?.nextCursor,
    more,
    loadingMore,
    moreError,
    error: first.error,
    loading: first.loading,
    reload: first.reload,
  };
}
