import fc from 'fast-check';
import { assertRoundWindow, roundStatus } from './round-window';

const opensAt = new Date('2022-08-01T03:00:00.000Z'); // Monday 10:00 in Asia/Ho_Chi_Minh
const closesAt = new Date('2022-08-08T02:00:00.000Z'); // next Monday 09:00

describe(roundStatus.name, () => {
  it.each([
    [opensAt.getTime() - 1, 'upcoming'],
    [opensAt.getTime(), 'open'],
    [closesAt.getTime() - 1, 'open'],
    [closesAt.getTime(), 'closed'],
    [closesAt.getTime() + 1, 'closed'],
  ])('at %p is %p', (now, status) => {
    expect(roundStatus(now, opensAt, closesAt)).toBe(status);
  });

  it('is monotone in time: upcoming, then open, then closed', () => {
    const rank = { upcoming: 0, open: 1, closed: 2 } as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: -1e9, max: 1e12 + 2e9 }),
        fc.integer({ min: 0, max: 1e9 }),
        (open, length, now, step) => {
          const before = rank[roundStatus(now, open, open + length)];
          const after = rank[roundStatus(now + step, open, open + length)];
          expect(after).toBeGreaterThanOrEqual(before);
        },
      ),
    );
  });

  it('rejects a window that does not open before it closes', () => {
    expect(() => roundStatus(opensAt, closesAt, opensAt)).toThrow(expect.objectContaining({ code: 'timing.invalid-window' }));
    expect(() => roundStatus(opensAt, opensAt, opensAt)).toThrow(expect.objectContaining({ code: 'timing.invalid-window' }));
  });

  it('rejects an invalid now', () => {
    expect(() => roundStatus(NaN, opensAt, closesAt)).toThrow(expect.objectContaining({ code: 'timing.invalid-time' }));
  });
});

describe(assertRoundWindow.name, () => {
  it('accepts open < close', () => {
    expect(() => assertRoundWindow(opensAt, closesAt)).not.toThrow();
    expect(() => assertRoundWindow(0, 1)).not.toThrow();
  });

  it.each([
    [closesAt, opensAt, 'timing.invalid-window'],
    [opensAt, opensAt, 'timing.invalid-window'],
    [NaN, closesAt, 'timing.invalid-time'],
    [opensAt, new Date('x'), 'timing.invalid-time'],
  ])('rejects %p .. %p', (open, close, code) => {
    expect(() => assertRoundWindow(open, close)).toThrow(expect.objectContaining({ code }));
  });
});
