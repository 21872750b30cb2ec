import { assignPrizes } from './prize-ladder';

const c = (id: string, position: number) => ({ contestantId: id, position });

describe(assignPrizes.name, () => {
  const ladder = [
    { prize: 'Nhất', count: 1 },
    { prize: 'Nhì', count: 2 },
  ];

  it('gives the ladder in ranking order, skipping staff and people at their prize limit', () => {
    const out = assignPrizes(
      ladder,
      [c('org', 1), c('a', 2), c('won-before', 3), c('b', 4), c('c', 5), c('d', 6)],
      (id) => id === 'org',
      (id) => (id === 'won-before' ? 1 : 0),
      1,
    );
    expect(out.awards.map((a) => [a.contestantId, a.prize, a.prizeOrder])).toEqual([
      ['a', 'Nhất', 1],
      ['b', 'Nhì', 2],
      ['c', 'Nhì', 2],
    ]);
    expect(out.skipped.map((s) => [s.contestantId, s.reason])).toEqual([
      ['org', 'staff'],
      ['won-before', 'prize-limit'],
    ]);
    expect(out.complete).toBe(true);
  });

  it('continues across pages with the same state', () => {
    const state = { next: 0 };
    const first = assignPrizes(
      ladder,
      [c('a', 1)],
      () => false,
      () => 0,
      1,
      state,
    );
    expect(first.complete).toBe(false);
    const second = assignPrizes(
      ladder,
      [c('b', 2), c('c', 3), c('d', 4)],
      () => false,
      () => 0,
      1,
      state,
    );
    expect(second.awards.map((a) => a.contestantId)).toEqual(['b', 'c']);
    expect(second.complete).toBe(true);
  });

  it('lets a person hold two prizes when the contest allows it', () => {
    const out = assignPrizes(
      ladder,
      [c('a', 1)],
      () => false,
      () => 1,
      2,
    );
    expect(out.awards).toHaveLength(1);
  });
});
