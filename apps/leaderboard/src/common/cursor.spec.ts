import { ProblemException } from '@hoi-thi/platform';
import { CursorKey, decodeCursor, encodeCursor, isCount, pageOf } from './cursor';

const isPosition = (k: CursorKey): k is [number] => k.length === 1 && isCount(k[0]);

describe(encodeCursor.name, () => {
  it('gives back the key it was made from', () => {
    expect(decodeCursor(encodeCursor([42]), isPosition)).toEqual([42]);
    expect(decodeCursor(encodeCursor(['2022-08-02 04:00:00.123456+00', null]), (k): k is [string, null] => k.length === 2)).toEqual([
      '2022-08-02 04:00:00.123456+00',
      null,
    ]);
  });

  it('refuses, as a 400 naming the cursor, what is not a key of the list', () => {
    for (const bad of ['', 'bm9wZQ', encodeCursor([-1]), encodeCursor(['42']), encodeCursor([1, 2]), '%%%']) {
      expect(() => decodeCursor(bad, isPosition)).toThrow(ProblemException);
    }
  });
});

describe(pageOf.name, () => {
  const rows = [1, 2, 3].map((position) => ({ position }));

  it('answers the key of the last row shown when a further row was fetched', () => {
    const page = pageOf(
      rows,
      2,
      (r) => r.position,
      (r) => [r.position],
    );
    expect(page.items).toEqual([1, 2]);
    expect(decodeCursor(page.nextCursor!, isPosition)).toEqual([2]);
  });

  it('says null on the last page', () => {
    expect(
      pageOf(
        rows,
        3,
        (r) => r.position,
        (r) => [r.position],
      ),
    ).toEqual({ items: [1, 2, 3], nextCursor: null });
  });
});
