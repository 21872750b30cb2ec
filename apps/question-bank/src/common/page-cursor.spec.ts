import { decodeCursor, encodeCursor, isSeq, pageOf } from './page-cursor';

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
