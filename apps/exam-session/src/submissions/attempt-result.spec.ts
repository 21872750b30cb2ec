import fc from 'fast-check';
import { normalizePrediction } from './attempt-result';

describe(normalizePrediction.name, () => {
  it.each([
    [12, '12'],
    ['12.50000', '12.5'],
    ['007.10', '7.1'],
    [0.00001, '0.00001'],
    ['-0.0', '0'],
    ['123456789012345.12345', '123456789012345.12345'],
    [null, null],
    [undefined, null],
  ])('normalizes %p to %p', (input, out) => {
    expect(normalizePrediction(input)).toBe(out);
  });

  it.each([['1.123456'], ['abc'], [''], ['1e5'], [Infinity], [NaN], ['1234567890123456'], [{}], [true]])('refuses %p', (input) => {
    expect(() => normalizePrediction(input)).toThrow(RangeError);
  });

  it('is idempotent and keeps the value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 99999 }), (i, f) => {
        const s = `${i}.${String(f).padStart(5, '0')}`;
        const n = normalizePrediction(s)!;
        expect(normalizePrediction(n)).toBe(n);
        expect(Number(n)).toBeCloseTo(Number(s), 5);
      }),
    );
  });
});
