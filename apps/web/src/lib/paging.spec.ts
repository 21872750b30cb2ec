import { InfiniteQueryObserver, QueryClient, type InfiniteData, type QueryKey } from '@tanstack/query-core';
import { ApiError } from './api';
import { pagesOf, pagesQuery, type Page } from './paging';
import { shouldRetry } from './query';

type Numbers = Page<number> & { total: number };

/** A list of `n` rows served `size` a page, the cursor being the next row's index; `n` may change between reads. */
function pagedList(n: number, size: number) {
  const list = { n, calls: [] as (string | undefined)[] };
  const load = async (cursor: string | undefined): Promise<Numbers> => {
    list.calls.push(cursor);
    const from = cursor === undefined ? 0 : Number(cursor);
    const items = Array.from({ length: Math.max(0, Math.min(size, list.n - from)) }, (_, i) => from + i);
    return { items, nextCursor: from + size < list.n ? String(from + size) : null, total: list.n };
  };
  return { list, load };
}

/** The paging hook's query (the same options `usePages` gives useInfiniteQuery), observed without React. */
function observe(load: (cursor: string | undefined, signal: AbortSignal) => Promise<Numbers>, key: QueryKey = ['numbers']) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } });
  const observer = new InfiniteQueryObserver<Numbers, Error, InfiniteData<Numbers, string | undefined>, QueryKey, string | undefined>(
    client,
    pagesQuery<Numbers>(key, load),
  );
  const stop = observer.subscribe(() => undefined);
  const read = () => pagesOf<number, Numbers>(observer.getCurrentResult().data);
  const settled = async () => {
    for (let i = 0; i < 50 && observer.getCurrentResult().isFetching; i++) await new Promise((r) => setTimeout(r, 1));
  };
  return { client, observer, stop, read, settled };
}

describe('the paging hook (lib/paging.tsx, on useInfiniteQuery)', () => {
  it('reads the first page, and the cursor of the next; the last page comes with its own fields', async () => {
    const { list, load } = pagedList(5, 2);
    const o = observe(load);
    await o.settled();
    expect(o.read()).toEqual({ items: [0, 1], nextCursor: '2', pages: 1, last: { items: [0, 1], nextCursor: '2', total: 5 } });
    expect(o.observer.getCurrentResult().hasNextPage).toBe(true);
    expect(list.calls).toEqual([undefined]);
    o.stop();
  });

  it('more() appends the next page, following each cursor, until the last page', async () => {
    const { list, load } = pagedList(5, 2);
    const o = observe(load);
    await o.settled();
    await o.observer.fetchNextPage();
    await o.observer.fetchNextPage();
    expect(o.read()).toMatchObject({ items: [0, 1, 2, 3, 4], nextCursor: null, pages: 3 });
    expect(o.observer.getCurrentResult().hasNextPage).toBe(false);
    expect(list.calls).toEqual([undefined, '2', '4']);
    o.stop();
  });

  it('refresh() re-reads as many pages as were open, from the start, following each cursor', async () => {
    const { list, load } = pagedList(7, 2);
    const o = observe(load);
    await o.settled();
    await o.observer.fetchNextPage();
    await o.observer.fetchNextPage();
    list.calls.length = 0;
    list.n = 9; // rows came meanwhile
    await o.observer.refetch();
    expect(o.read()).toMatchObject({ items: [0, 1, 2, 3, 4, 5], nextCursor: '6', pages: 3, last: { total: 9 } });
    expect(list.calls).toEqual([undefined, '2', '4']);
    o.stop();
  });

  it('a refresh stops at the last page, however many were open', async () => {
    const { list, load } = pagedList(7, 2);
    const o = observe(load);
    await o.settled();
    await o.observer.fetchNextPage();
    await o.observer.fetchNextPage();
    list.calls.length = 0;
    list.n = 3; // rows went meanwhile
    await o.observer.refetch();
    expect(o.read()).toMatchObject({ items: [0, 1, 2], nextCursor: null, pages: 2 });
    expect(list.calls).toEqual([undefined, '2']);
    o.stop();
  });

  it('an empty list is one empty page with nothing after it', async () => {
    const { load } = pagedList(0, 2);
    const o = observe(load);
    await o.settled();
    expect(o.read()).toMatchObject({ items: [], nextCursor: null, pages: 1 });
    expect(o.observer.getCurrentResult().hasNextPage).toBe(false);
    o.stop();
  });

  it('a change of key aborts the read under way', async () => {
    const signals: AbortSignal[] = [];
    const load = (_cursor: string | undefined, signal: AbortSignal) => {
      signals.push(signal);
      return new Promise<Numbers>((resolve) => setTimeout(() => resolve({ items: [1], nextCursor: null, total: 1 }), 30));
    };
    const o = observe(load, ['a']);
    await new Promise((r) => setTimeout(r, 1));
    o.observer.setOptions(pagesQuery<Numbers>(['b'], load));
    await o.settled();
    expect(signals).toHaveLength(2);
    expect(signals[0].aborted).toBe(true);
    expect(signals[1].aborted).toBe(false);
    expect(o.read().items).toEqual([1]);
    o.stop();
  });

  it('keeps the first copy of a row two pages both gave (by id)', () => {
    const pages = [
      { items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'c1' },
      { items: [{ id: 'b' }, { id: 'c' }], nextCursor: null },
    ];
    expect(pagesOf({ pages, pageParams: [undefined, 'c1'] }).items).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    expect(pagesOf(undefined)).toEqual({ items: [], nextCursor: null, pages: 0, last: null });
  });
});

describe('the query cache retries (lib/query.ts)', () => {
  it('tries a read again after a network failure or a 5xx, twice at most, never after a 4xx', () => {
    expect(shouldRetry(0, new ApiError(0, 'network', 'offline'))).toBe(true);
    expect(shouldRetry(1, new ApiError(503, 'unavailable', 'down'))).toBe(true);
    expect(shouldRetry(2, new ApiError(503, 'unavailable', 'down'))).toBe(false);
    for (const status of [400, 401, 403, 404, 409, 429]) expect(shouldRetry(0, new ApiError(status, 'x', 'no'))).toBe(false);
    expect(shouldRetry(0, new Error('a bug'))).toBe(false);
  });
});
