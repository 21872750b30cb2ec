import fc from 'fast-check';
import { deriveSeed } from './rng';
import { opaqueOptionId, shuffleOptions } from './shuffle-options';

const options = ['A', 'B', 'C', 'D'];

describe(shuffleOptions.name, () => {
  it('is a reproducible permutation', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 10 }), fc.string({ minLength: 1 }), (ids, seed) => {
        const shuffled = shuffleOptions(ids, seed);
        expect([...shuffled].sort()).toEqual([...ids].sort());
        expect(shuffleOptions(ids, seed)).toEqual(shuffled);
      }),
    );
  });

  it('gives different attempts different orders (almost always)', () => {
    const orders = new Set(Array.from({ length: 200 }, (_, i) => shuffleOptions(options, deriveSeed(`attempt-${i}`, 'q1')).join('')));
    expect(orders.size).toBe(24);
  });

  it('keeps pinned options in place', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (seed) => {
        const shuffled = shuffleOptions([...options, 'ALL'], seed, { keepInPlace: ['ALL'] });
        expect(shuffled[4]).toBe('ALL');
        expect(shuffled.slice(0, 4).sort()).toEqual(options);
      }),
    );
  });

  it('handles empty and single lists', () => {
    expect(shuffleOptions([], 's')).toEqual([]);
    expect(shuffleOptions(['A'], 's')).toEqual(['A']);
  });

  it('rejects duplicate options and an empty seed', () => {
    expect(() => shuffleOptions(['A', 'A'], 's')).toThrow(expect.objectContaining({ code: 'drawing.invalid-pool' }));
    expect(() => shuffleOptions(options, '')).not.toThrow(); // the derived seed is never empty
  });
});

describe(opaqueOptionId.name, () => {
  it('is a frozen function of its inputs (golden values: attempts recorded with v1 resolve by them)', () => {
    expect(['A', 'B'].map((o) => opaqueOptionId('seed-a', 'q1', o))).toEqual(['lv6tpn3dvj', 'b334ypwtlh']);
    expect(shuffleOptions(options, deriveSeed('seed-a', 'q1'))).toEqual(['B', 'D', 'C', 'A']);
  });

  it('is 10 base36 characters and stable', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), fc.string(), (seed, question, option) => {
        const id = opaqueOptionId(seed, question, option);
        expect(id).toMatch(/^[0-9a-z]{10}$/);
        expect(opaqueOptionId(seed, question, option)).toBe(id);
      }),
    );
  });

  it('differs between attempts, questions and options', () => {
    const ids = new Set<string>();
    for (const seed of ['s1', 's2', 's3']) {
      for (const question of ['q1', 'q2', 'q3']) {
        for (const option of options) ids.add(opaqueOptionId(seed, question, option));
      }
    }
    expect(ids.size).toBe(3 * 3 * options.length);
    expect(opaqueOptionId('s', 'q:1', 'A')).not.toBe(opaqueOptionId('s', 'q', '1:A'));
  });

  it('rejects an empty attempt seed', () => {
    expect(() => opaqueOptionId('', 'q', 'A')).toThrow(expect.objectContaining({ code: 'drawing.invalid-seed' }));
  });
});
