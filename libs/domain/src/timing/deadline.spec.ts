import fc from 'fast-check';
import { classifySubmission, computeDeadline, durationMs, effectiveSubmittedAt, isAnswerAccepted, remainingMs } from './deadline';

const start = new Date('2022-08-01T03:00:00.000Z');
const close = new Date('2022-08-08T02:00:00.000Z');
const at = (ms: number) => new Date(start.getTime() + ms);
const time = fc.integer({ min: 0, max: 4e12 });

describe(computeDeadline.name, () => {
  it('is start + limit well before the close', () => {
    expect(computeDeadline(start, 20 * 60, close)).toEqual(at(20 * 60 * 1000));
  });

  it('never passes the round close', () => {
    expect(computeDeadline(at(-60_000 + close.getTime() - start.getTime()), 20 * 60, close)).toEqual(close);
  });

  it('is the close when the attempt has no limit of its own', () => {
    expect(computeDeadline(start, null, close)).toEqual(close);
  });

  it('is min(start + limit, close) and after the start', () => {
    fc.assert(
      fc.property(time, fc.integer({ min: 1, max: 86_400 }), fc.integer({ min: 1, max: 1e9 }), (s, limit, open) => {
        const deadline = computeDeadline(s, limit, s + open).getTime();
        expect(deadline).toBe(Math.min(s + limit * 1000, s + open));
        expect(deadline).toBeGreaterThan(s);
      }),
    );
  });

  it.each([0, -1, NaN, Infinity])('rejects the time limit %p', (limit) => {
    expect(() => computeDeadline(start, limit, close)).toThrow(expect.objectContaining({ code: 'timing.invalid-time-limit' }));
  });

  it('refuses a start at or after the close', () => {
    expect(() => computeDeadline(close, 600, close)).toThrow(expect.objectContaining({ code: 'timing.round-closed' }));
    expect(() => computeDeadline(at(1e12), 600, close)).toThrow(expect.objectContaining({ code: 'timing.round-closed' }));
  });

  it('rejects invalid instants', () => {
    expect(() => computeDeadline(NaN, 600, close)).toThrow(expect.objectContaining({ code: 'timing.invalid-time' }));
    expect(() => computeDeadline(start, 600, new Date('x'))).toThrow(expect.objectContaining({ code: 'timing.invalid-time' }));
  });
});

describe(isAnswerAccepted.name, () => {
  const deadline = at(600_000);

  it.each([
    [0, true],
    [600_000, true],
    [602_000, true],
    [602_001, false],
  ])('at +%p ms with a 2 s grace: %p', (offset, accepted) => {
    expect(isAnswerAccepted(at(offset), deadline, 2000)).toBe(accepted);
  });

  it('is exactly now ≤ deadline + grace', () => {
    fc.assert(
      fc.property(time, time, fc.integer({ min: 0, max: 60_000 }), (now, due, grace) => {
        expect(isAnswerAccepted(now, due, grace)).toBe(now <= due + grace);
      }),
    );
  });

  it.each([-1, NaN, Infinity])('rejects the grace %p', (grace) => {
    expect(() => isAnswerAccepted(start, deadline, grace)).toThrow(expect.objectContaining({ code: 'timing.invalid-grace' }));
  });
});

describe(classifySubmission.name, () => {
  const deadline = at(600_000);

  it.each([
    [599_999, 'on-time'],
    [600_000, 'on-time'],
    [600_001, 'grace'],
    [602_000, 'grace'],
    [602_001, 'late'],
  ])('at +%p ms is %p', (offset, kind) => {
    expect(classifySubmission(at(offset), deadline, 2000)).toBe(kind);
  });

  it('agrees with isAnswerAccepted', () => {
    fc.assert(
      fc.property(time, time, fc.integer({ min: 0, max: 60_000 }), (now, due, grace) => {
        expect(classifySubmission(now, due, grace) !== 'late').toBe(isAnswerAccepted(now, due, grace));
      }),
    );
  });

  it('rejects a negative grace', () => {
    expect(() => classifySubmission(start, deadline, -5)).toThrow(expect.objectContaining({ code: 'timing.invalid-grace' }));
  });
});

describe(effectiveSubmittedAt.name, () => {
  const deadline = at(600_000);

  it('records now for an on-time submit', () => {
    expect(effectiveSubmittedAt(at(300_000), deadline, 2000)).toEqual(at(300_000));
  });

  it('records the deadline for a submit within the grace (the grace buys no time)', () => {
    expect(effectiveSubmittedAt(at(601_500), deadline, 2000)).toEqual(deadline);
  });

  it('records the deadline for the auto-submit after it', () => {
    expect(effectiveSubmittedAt(at(900_000), deadline, 2000)).toEqual(deadline);
  });

  it('is min(now, deadline)', () => {
    fc.assert(
      fc.property(time, time, fc.integer({ min: 0, max: 60_000 }), (now, due, grace) => {
        expect(effectiveSubmittedAt(now, due, grace).getTime()).toBe(Math.min(now, due));
      }),
    );
  });

  it('rejects invalid input', () => {
    expect(() => effectiveSubmittedAt(start, deadline, NaN)).toThrow(expect.objectContaining({ code: 'timing.invalid-grace' }));
    expect(() => effectiveSubmittedAt(NaN, deadline, 0)).toThrow(expect.objectContaining({ code: 'timing.invalid-time' }));
  });
});

describe(durationMs.name, () => {
  it('measures submit − start in ms', () => {
    expect(durationMs(start, at(45_000))).toBe(45_000);
    expect(durationMs(start, start)).toBe(0);
  });

  it('is non-negative and additive', () => {
    fc.assert(
      fc.property(time, fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 1e9 }), (s, d1, d2) => {
        expect(durationMs(s, s + d1)).toBe(d1);
        expect(durationMs(s, s + d1 + d2)).toBe(durationMs(s, s + d1) + durationMs(s + d1, s + d1 + d2));
      }),
    );
  });

  it('rejects a submit before the start', () => {
    expect(() => durationMs(at(1), start)).toThrow(expect.objectContaining({ code: 'timing.invalid-duration' }));
  });

  it('rejects invalid instants', () => {
    expect(() => durationMs(start, NaN)).toThrow(expect.objectContaining({ code: 'timing.invalid-time' }));
  });
});

describe(remainingMs.name, () => {
  it('counts down to zero and stays there', () => {
    expect(remainingMs(start, at(1000))).toBe(1000);
    expect(remainingMs(at(1000), at(1000))).toBe(0);
    expect(remainingMs(at(5000), at(1000))).toBe(0);
  });
});
