import { parseIsoWithOffset, toVnIso } from './vn-time';

describe('Vietnam time', () => {
  it('shows an instant on the Hanoi wall clock with its offset', () => {
    expect(toVnIso('2022-08-01T03:00:00Z')).toBe('2022-08-01T10:00:00+07:00');
    expect(toVnIso('2022-08-31T20:30:00.250Z')).toBe('2022-09-01T03:30:00.250+07:00');
  });

  it('round-trips', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(new Date(toVnIso(at)).getTime()).toBe(at.getTime());
  });

  it('accepts only ISO times with an offset', () => {
    expect(parseIsoWithOffset('2022-08-01T10:00:00+07:00')?.toISOString()).toBe('2022-08-01T03:00:00.000Z');
    expect(parseIsoWithOffset('2022-08-01T03:00Z')?.toISOString()).toBe('2022-08-01T03:00:00.000Z');
    expect(parseIsoWithOffset('2022-08-01T10:00:00')).toBeUndefined();
    expect(parseIsoWithOffset('01/08/2022')).toBeUndefined();
    expect(parseIsoWithOffset('2022-13-45T10:00:00Z')).toBeUndefined();
    expect(parseIsoWithOffset(42)).toBeUndefined();
  });
});
