import fc from 'fast-check';
import { attemptKeys, idFingerprint, opaqueOptionIdV2, shuffleOptionsV2 } from './attempt-options';
import { opaqueOptionId } from './shuffle-options';

const options = ['A', 'B', 'C', 'D'];
const idV2 = (seed: string, question: string, option: string) => opaqueOptionIdV2(attemptKeys(seed), idFingerprint(question), idFingerprint(option));

describe(shuffleOptionsV2.name, () => {
  it('is a reproducible permutation', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 10 }), fc.string({ minLength: 1 }), fc.string(), (ids, seed, question) => {
        const shuffled = shuffleOptionsV2(ids, attemptKeys(seed), idFingerprint(question));
        expect([...shuffled].sort()).toEqual([...ids].sort());
        expect(shuffleOptionsV2(ids, attemptKeys(seed), idFingerprint(question))).toEqual(shuffled);
      }),
    );
  });

  it('gives different attempts, and different questions of one attempt, different orders (all 24, about evenly)', () => {
    const count = (orders: string[]) => orders.reduce((m, o) => m.set(o, (m.get(o) ?? 0) + 1), new Map<string, number>());
    const byAttempt = count(Array.from({ length: 2400 }, (_, i) => shuffleOptionsV2(options, attemptKeys(`attempt-${i}`), idFingerprint('q1')).join('')));
    const byQuestion = count(Array.from({ length: 2400 }, (_, i) => shuffleOptionsV2(options, attemptKeys('attempt-1'), idFingerprint(`q${i}`)).join('')));
    for (const counts of [byAttempt, byQuestion]) {
      expect(counts.size).toBe(24);
      for (const n of counts.values()) expect(Math.abs(n - 100)).toBeLessThan(45);
    }
  });

  it('keeps pinned options in place', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (seed) => {
        const shuffled = shuffleOptionsV2([...options, 'ALL'], attemptKeys(seed), idFingerprint('q'), { keepInPlace: ['ALL'] });
        expect(shuffled[4]).toBe('ALL');
        expect(shuffled.slice(0, 4).sort()).toEqual(options);
      }),
    );
  });

  it('rejects duplicate options and an empty seed', () => {
    expect(() => shuffleOptionsV2(['A', 'A'], attemptKeys('s'), idFingerprint('q'))).toThrow(expect.objectContaining({ code: 'drawing.invalid-pool' }));
    expect(() => attemptKeys('')).toThrow(expect.objectContaining({ code: 'drawing.invalid-seed' }));
  });
});

describe(opaqueOptionIdV2.name, () => {
  it('is a frozen function of its inputs (golden values: attempts recorded with v2 resolve by them)', () => {
    expect(['A', 'B'].map((o) => idV2('seed-a', 'q1', o))).toEqual(['gwyjjltg8y', 'kpalmu4586']);
    expect(shuffleOptionsV2(options, attemptKeys('seed-a'), idFingerprint('q1'))).toEqual(['D', 'C', 'B', 'A']);
  });

  it('is 10 base36 characters, stable, and the same shape as v1', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), fc.string(), (seed, question, option) => {
        const id = idV2(seed, question, option);
        expect(id).toMatch(/^[0-9a-z]{10}$/);
        expect(idV2(seed, question, option)).toBe(id);
        expect(opaqueOptionId(seed, question, option)).toMatch(/^[0-9a-z]{10}$/);
      }),
    );
  });

  it('differs between attempts, questions and options', () => {
    const ids = new Set<string>();
    for (const seed of ['s1', 's2', 's3']) {
      for (const question of ['q1', 'q2', 'q3']) {
        for (const option of options) ids.add(idV2(seed, question, option));
      }
    }
    expect(ids.size).toBe(3 * 3 * options.length);
  });

  it('cannot be matched between two attempts of one question (no id, nor any relation between ids, repeats)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.uniqueArray(fc.string(), { minLength: 2, maxLength: 6 }), (a, b, opts) => {
        fc.pre(a !== b);
        const ka = opts.map((o) => idV2(a, 'q', o));
        const kb = opts.map((o) => idV2(b, 'q', o));
        expect(ka.filter((id) => kb.includes(id))).toEqual([]);
        // Not a linear relation either: the difference between two options' ids is not the same in both attempts.
        const diff = (x: string, y: string) => parseInt(x, 36) - parseInt(y, 36);
        expect(diff(ka[0], ka[1])).not.toBe(diff(kb[0], kb[1]));
      }),
    );
  });

  it('spreads its bits evenly (each of the 51 bits set about half the time)', () => {
    const ones = new Array(51).fill(0);
    const n = 4000;
    for (let i = 0; i < n; i += 1) {
      let v = BigInt(parseInt(idV2(`s${i}`, 'q', 'A'), 36));
      for (let b = 0; b < 51; b += 1, v >>= 1n) if (v & 1n) ones[b] += 1;
    }
    for (const c of ones) expect(Math.abs(c - n / 2)).toBeLessThan(200);
  });
});
