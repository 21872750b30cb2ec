import { Clock } from '@hoi-thi/platform';
import { FakeClock } from './fake-clock';

describe(FakeClock.name, () => {
  it('is a Clock that stands still until set or advanced', () => {
    const sut = new FakeClock(Date.parse('2026-11-22T08:00:00.000Z'));
    expect(sut).toBeInstanceOf(Clock);
    expect(sut.now()).toBe(Date.parse('2026-11-22T08:00:00.000Z'));
    expect(sut.date().toISOString()).toBe('2026-11-22T08:00:00.000Z');
    sut.advance(1500);
    expect(sut.date().toISOString()).toBe('2026-11-22T08:00:01.500Z');
    sut.set(new Date('2026-11-23T00:00:00.000Z'));
    expect(sut.now()).toBe(Date.parse('2026-11-23T00:00:00.000Z'));
  });

  it('gives a new Date each time, so a caller cannot move it by mutating one', () => {
    const sut = new FakeClock(0);
    sut.date().setTime(99);
    expect(sut.now()).toBe(0);
  });

  it('refuses an instant or a step that is not a finite number', () => {
    const sut = new FakeClock(0);
    expect(() => sut.advance(Number.NaN)).toThrow(/finite/);
    expect(() => sut.set(new Date('x'))).toThrow(/valid instant/);
    expect(sut.now()).toBe(0);
  });
});
