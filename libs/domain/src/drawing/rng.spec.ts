import fc from 'fast-check';
import { createRng, cyrb128, deriveSeed, shuffleWith } from './rng';

describe(cyrb128.name, () => {
  it('is a frozen function of its input (golden values: recorded draws depend on them)', () => {
    expect(cyrb128('hoi-thi')).toEqual([425136728, 834503107, 369724237, 2427561648]);
  });

  it('returns four unsigned 32-bit words', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        for (const word of cyrb128(text)) {
          expect(Number.isInteger(word) && word >= 0 && word < 2 ** 32).toBe(true);
        }
      }),
    );
  });
});

describe(createRng.name, () => {
  it('replays the same sequence from the same seed (golden values)', () => {
    const sut = createRng('attempt-42');
    const sequence = [sut.nextUint32(), sut.nextUint32(), sut.nextUint32()];
    expect(sequence).toEqual([2329175845, 2428038690, 1436102563]);
  });

  it('is reproducible and seed-sensitive', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (seed) => {
        const a = createRng(seed);
        const b = createRng(seed);
        const c = createRng(`${seed}'`);
        const first = Array.from({ length: 4 }, () => a.nextUint32());
        expect(Array.from({ length: 4 }, () => b.nextUint32())).toEqual(first);
        expect(Array.from({ length: 4 }, () => c.nextUint32())).not.toEqual(first);
      }),
    );
  });

  it('keeps next in [0, 1) and nextInt in [0, n)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 2 ** 32 }), (seed, n) => {
        const sut = createRng(seed);
        const x = sut.next();
        expect(x >= 0 && x < 1).toBe(true);
        const k = sut.nextInt(n);
        expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
      }),
    );
  });

  it('spreads nextInt evenly (chi-square, 6 buckets)', () => {
    const sut = createRng('chi-square');
    const counts = new Array(6).fill(0);
    const draws = 60_000;
    for (let i = 0; i < draws; i += 1) counts[sut.nextInt(6)] += 1;
    const expected = draws / 6;
    const chi = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    expect(chi).toBeLessThan(20.5); // p ≈ 0.001 for 5 degrees of freedom
  });

  it('rejects an empty or non-string seed', () => {
    expect(() => createRng('')).toThrow(expect.objectContaining({ code: 'drawing.invalid-seed' }));
    expect(() => createRng(42 as unknown as string)).toThrow(expect.objectContaining({ code: 'drawing.invalid-seed' }));
  });

  it.each([0, -1, 1.5, NaN, 2 ** 32 + 1])('rejects the bound %p', (n) => {
    expect(() => createRng('s').nextInt(n)).toThrow(expect.objectContaining({ code: 'drawing.invalid-seed' }));
  });
});

describe(deriveSeed.name, () => {
  it('is unambiguous', () => {
    expect(deriveSeed('a:b', 'c')).not.toBe(deriveSeed('a', 'b:c'));
    expect(deriveSeed('a', 'b')).toBe(deriveSeed('a', 'b'));
    fc.assert(
      fc.property(fc.array(fc.string()), fc.array(fc.string()), (a, b) => {
        expect(deriveSeed(...a) === deriveSeed(...b)).toBe(JSON.stringify(a) === JSON.stringify(b));
      }),
    );
  });
});

describe(shuffleWith.name, () => {
  it('returns a permutation and leaves the input alone', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.string({ minLength: 1 }), (items, seed) => {
        const copy = [...items];
        const shuffled = shuffleWith(items, createRng(seed));
        expect(items).toEqual(copy);
        expect([...shuffled].sort()).toEqual([...items].sort());
      }),
    );
  });

  it('reaches every permutation of 3 items about equally often', () => {
    const rng = createRng('permutations');
    const counts = new Map<string, number>();
    for (let i = 0; i < 6000; i += 1) {
      const key = shuffleWith(['a', 'b', 'c'], rng).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });
});
