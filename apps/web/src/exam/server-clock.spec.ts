import { clockOffset, remainingMs } from './server-clock';

describe('server clock', () => {
  it('corrects a device clock that runs 5 minutes fast', () => {
    const local = Date.parse('2026-01-01T10:05:00Z');
    const offset = clockOffset('2026-01-01T10:00:00Z', local);
    expect(offset).toBe(-300_000);
    expect(remainingMs('2026-01-01T10:15:00Z', offset, local)).toBe(900_000);
  });
  it('never goes below zero and tolerates a missing serverNow', () => {
    expect(clockOffset(undefined, 1)).toBe(0);
    expect(remainingMs('2026-01-01T10:00:00Z', 0, Date.parse('2026-01-01T11:00:00Z'))).toBe(0);
  });
});
