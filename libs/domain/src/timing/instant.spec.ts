import fc from 'fast-check';
import { isDomainError } from '../errors/domain-error';
import { toEpochMs } from './instant';

describe(toEpochMs.name, () => {
  it('reads Dates and epoch numbers alike', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        expect(toEpochMs(ms)).toBe(ms);
        expect(toEpochMs(new Date(ms))).toBe(ms);
      }),
    );
  });

  it.each([NaN, Infinity, -Infinity, new Date('nope')])('rejects %p with timing.invalid-time', (value) => {
    let caught: unknown;
    try {
      toEpochMs(value, 'startedAt');
    } catch (error) {
      caught = error;
    }
    expect(isDomainError(caught, 'timing.invalid-time')).toBe(true);
    expect((caught as { details: unknown }).details).toEqual({ field: 'startedAt' });
  });

  it('rejects a non-number at runtime', () => {
    expect(() => toEpochMs('2024-01-01' as unknown as number)).toThrow(expect.objectContaining({ code: 'timing.invalid-time' }));
  });
});
