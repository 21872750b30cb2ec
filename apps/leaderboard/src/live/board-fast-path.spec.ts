import { acceptsGzip, parseTopPage, StringMemo } from './board-fast-path';

const round = '3f2b8c1e-0000-4000-8000-000000000001';

describe(parseTopPage.name, () => {
  it('takes the top page of a round, with limit and offset inside the snapshot', () => {
    expect(parseTopPage(`/api/rounds/${round}/leaderboard`)).toEqual({ roundId: round, offset: 0, limit: 20 });
    expect(parseTopPage(`/api/rounds/${round}/leaderboard?limit=100`)).toEqual({ roundId: round, offset: 0, limit: 100 });
    expect(parseTopPage(`/api/rounds/${round}/leaderboard?offset=80&limit=20`)).toEqual({ roundId: round, offset: 80, limit: 20 });
  });

  it.each([
    `/api/rounds/${round}/leaderboard?limit=101`,
    `/api/rounds/${round}/leaderboard?offset=90&limit=20`,
    `/api/rounds/${round}/leaderboard?limit=0`,
    `/api/rounds/${round}/leaderboard?limit=-1`,
    `/api/rounds/${round}/leaderboard?unitId=x`,
    `/api/rounds/${round}/leaderboard?limit=1e2`,
    `/api/rounds/${round}/leaderboard/me`,
    `/api/rounds/${round.toUpperCase()}/leaderboard`,
  ])('leaves %s to the controller', (url) => {
    expect(parseTopPage(url)).toBeNull();
  });
});

describe(acceptsGzip.name, () => {
  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1.0, GZIP;q=0.5', true],
    ['x-gzip', true],
    ['deflate, br', false],
    ['gzip;q=0', false],
    ['gzip; q=0.000', false],
    ['', false],
  ])('%s → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  it('ignores a missing or repeated header', () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip(['gzip', 'br'])).toBe(false);
  });
});

describe(StringMemo.name, () => {
  it('computes each value once, null results too, and never holds more than its bound', () => {
    const fn = jest.fn((s: string) => (s.startsWith('a') ? s.length : null));
    const memo = new StringMemo(fn, 3);
    expect([memo.get('ab'), memo.get('ab'), memo.get('x'), memo.get('x')]).toEqual([2, 2, null, null]);
    expect(fn).toHaveBeenCalledTimes(2);
    for (const s of ['a1', 'a22', 'a333', 'a4444']) memo.get(s);
    expect((memo as unknown as { map: Map<string, unknown> }).map.size).toBeLessThanOrEqual(3);
    expect(memo.get('a4444')).toBe(5);
    expect(fn).toHaveBeenCalledTimes(6);
  });
});
