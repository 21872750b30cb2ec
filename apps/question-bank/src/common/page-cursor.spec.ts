import { ProblemException } from '@hoi-thi/platform';
import { decodeCursor, decodePageCursor, encodeCursor, encodePageCursor, isSeq, pageOf, toPage } from './page-cursor';

describe(encodeCursor.name, () => {
  it('round-trips a key through decodeCursor', () => {
    const key = ['2026-12-02 15:55:17.123456+00', '4f0c9a5e-9d0b-4c53-9e2f-2b6f1d9a7c11'];
    expect(decodeCursor(encodeCursor(key), (p) => p.length === 2)).toEqual(key);
  });
});

describe(decodeCursor.name, () => {
  it.each(['not base64 json', encodeCursor(['x', 'y']), Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1]').toString('base64url')])(
    'refuses %s with a 400 naming the cursor',
    (cursor) => {
      expect(() => decodeCursor(cursor, (p) => p.length === 1 && isSeq(p[0]))).toThrow(expect.objectContaining({ code: 'validation.failed' }));
    },
  );
});

describe(pageOf.name, () => {
  const key = (n: number) => [String(n)];
  it('gives the last page no cursor', () => {
    expect(pageOf([1, 2], 2, key)).toEqual({ items: [1, 2], nextCursor: null });
  });
  it('keeps `limit` rows and points after the last of them', () => {
    const page = pageOf([1, 2, 3], 2, key);
    expect(page.items).toEqual([1, 2]);
    expect(decodeCursor(page.nextCursor!, () => true)).toEqual(['2']);
  });
});

describe('row cursors (contests, rounds)', () => {
  const id = 'd3e0c000-0000-4000-8000-000000000015';

  it('round-trips the id of the last row', () => {
    expect(decodePageCursor(encodePageCursor(id), 'contest.cursor.invalid')).toBe(id);
  });

  it('refuses a cursor it did not make, naming the field', () => {
    for (const forged of ['', 'abc', encodePageCursor('1 OR 1=1'), encodePageCursor(`${id}x`)]) {
      let caught: unknown;
      try {
        decodePageCursor(forged, 'contest.cursor.invalid');
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ProblemException);
    }
  });

  it('gives a next cursor only when a row beyond the page was read', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(toPage(rows, 2, (r) => r.id)).toEqual({ items: ['a', 'b'], nextCursor: encodePageCursor('b') });
    expect(toPage(rows, 3, (r) => r.id)).toEqual({ items: ['a', 'b', 'c'], nextCursor: null });
  });
});
