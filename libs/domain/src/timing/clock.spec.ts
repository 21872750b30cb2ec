import { fixedClock, systemClock } from './clock';

describe('systemClock', () => {
  it('tells the real time', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe(fixedClock.name, () => {
  const start = new Date('2022-08-01T03:00:00.000Z');

  it('stays where it was set', () => {
    const sut = fixedClock(start);
    expect(sut.now()).toEqual(start);
    expect(sut.now()).toEqual(start);
  });

  it('returns a fresh Date each time, so callers cannot move it by mutation', () => {
    const sut = fixedClock(start.getTime());
    sut.now().setTime(0);
    expect(sut.now()).toEqual(start);
    expect(sut.now()).not.toBe(sut.now());
  });

  it('moves by advance and set', () => {
    const sut = fixedClock(start);
    sut.advance(1500);
    expect(sut.now().getTime()).toBe(start.getTime() + 1500);
    sut.advance(-500);
    expect(sut.now().getTime()).toBe(start.getTime() + 1000);
    sut.set(0);
    expect(sut.now().getTime()).toBe(0);
  });

  it('rejects invalid instants and steps', () => {
    expect(() => fixedClock(NaN)).toThrow(expect.objectContaining({ code: 'timing.invalid-time' }));
    const sut = fixedClock(start);
    expect(() => sut.advance(NaN)).toThrow(expect.objectContaining({ code: 'timing.invalid-time' }));
    expect(() => sut.set(new Date('x'))).toThrow(expect.objectContaining({ code: 'timing.invalid-time' }));
    expect(sut.now()).toEqual(start);
  });
});
