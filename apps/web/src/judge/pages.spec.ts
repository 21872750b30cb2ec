import { appendPage, boardWindow, readPages, type Page, type Pages } from './pages';

/** A list of `n` rows served `size` a page, the cursor being the next row's index. */
function pagedList(n: number, size: number) {
  const calls: (string | null)[] = [];
  const load = async (cursor: string | null): Promise<Page<number> & { total: number }> => {
    calls.push(cursor);
    const from = cursor === null ? 0 : Number(cursor);
    const items = Array.from({ length: Math.min(size, n - from) }, (_, i) => from + i);
    return { items, nextCursor: from + size < n ? String(from + size) : null, total: n };
  };
  return { load, calls };
}

describe('readPages', () => {
  const signal = new AbortController().signal;

  it('reads the first page, and the cursor of the next', async () => {
    const { load, calls } = pagedList(5, 2);
    const read = await readPages(load, 1, signal);
    expect(read).toEqual({ items: [0, 1], nextCursor: '2', pages: 1, last: { items: [0, 1], nextCursor: '2', total: 5 } });
    expect(calls).toEqual([null]);
  });

  it('re-reads as many pages as were open, following each cursor', async () => {
    const { load, calls } = pagedList(7, 2);
    const read = await readPages(load, 3, signal);
    expect(read.items).toEqual([0, 1, 2, 3, 4, 5]);
    expect(read.nextCursor).toBe('6');
    expect(read.pages).toBe(3);
    expect(calls).toEqual([null, '2', '4']);
  });

  it('stops at the last page, however many were asked for', async () => {
    const { load, calls } = pagedList(3, 2);
    const read = await readPages(load, 10, signal);
    expect(read.items).toEqual([0, 1, 2]);
    expect(read.nextCursor).toBeNull();
    expect(read.pages).toBe(2);
    expect(calls).toEqual([null, '2']);
  });

  it('reads one page when asked for none (nothing open yet)', async () => {
    const { load } = pagedList(3, 2);
    expect((await readPages(load, 0, signal)).pages).toBe(1);
  });

  it('an empty list is one empty page', async () => {
    const { load } = pagedList(0, 2);
    expect(await readPages(load, 1, signal)).toMatchObject({ items: [], nextCursor: null, pages: 1 });
  });
});

describe('appendPage', () => {
  it('keeps the rows read and adds the next page, its cursor and its header', () => {
    const first: Pages<number> = { items: [1, 2], nextCursor: 'a', pages: 1, last: { items: [1, 2], nextCursor: 'a' } };
    const next: Page<number> = { items: [3], nextCursor: null };
    expect(appendPage(first, next)).toEqual({ items: [1, 2, 3], nextCursor: null, pages: 2, last: next });
  });
});

describe('boardWindow', () => {
  it('a first page with more entries after it', () => {
    expect(boardWindow(0, 20, 45)).toEqual({ offset: 0, hasPrevious: false, hasNext: true, pageCount: 3 });
  });
  it('a middle and a last page', () => {
    expect(boardWindow(1, 20, 45)).toEqual({ offset: 20, hasPrevious: true, hasNext: true, pageCount: 3 });
    expect(boardWindow(2, 20, 45)).toEqual({ offset: 40, hasPrevious: true, hasNext: false, pageCount: 3 });
  });
  it('exactly one full page has no next page', () => {
    expect(boardWindow(0, 20, 20)).toEqual({ offset: 0, hasPrevious: false, hasNext: false, pageCount: 1 });
  });
  it('an empty board is one page', () => {
    expect(boardWindow(0, 20, 0)).toEqual({ offset: 0, hasPrevious: false, hasNext: false, pageCount: 1 });
  });
  it('an unknown total offers no next page', () => {
    expect(boardWindow(0, 20, null)).toEqual({ offset: 0, hasPrevious: false, hasNext: false, pageCount: null });
  });
});
