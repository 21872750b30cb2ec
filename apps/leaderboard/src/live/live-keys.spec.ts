import { liveKeys } from './live-keys';

describe(liveKeys.name, () => {
  const k = liveKeys('3f2b8c1e-0000-4000-8000-000000000001');

  it('puts every key of a round under one hash tag (one cluster slot)', () => {
    const named = [
      k.global,
      k.unit('u1'),
      k.province('HN'),
      k.best,
      k.seen,
      k.counters,
      k.histogram,
      k.perMinute,
      k.units,
      k.provinces,
      k.disqualified,
      k.snapshot,
      k.built,
      k.publisherLock,
      k.rebuildLock,
    ];
    for (const key of named) expect(key.startsWith('{r:3f2b8c1e-0000-4000-8000-000000000001}:')).toBe(true);
  });

  it('names unit and province sets as live-board.my-place.lua derives them from the global set (its name less "all")', () => {
    const base = k.global.slice(0, -'all'.length);
    expect(k.global.endsWith(':all')).toBe(true);
    expect(k.unit('u1')).toBe(`${base}u:u1`);
    expect(k.province('HN')).toBe(`${base}p:HN`);
  });
});
