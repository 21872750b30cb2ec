import { toViews } from './board-view';
import type { BestDetails } from './live-attempt';

const d = (n: string): BestDetails => ({ a: n, p: 1, c: 1, t: 2, d: 10, s: '2022-08-01T00:00:00.000Z', u: 'u1', v: 'HN', n, r: '5' });

describe(toViews.name, () => {
  it('gives tied scores one competition rank and every entry its own position', () => {
    const zs = [
      { contestantId: 'a', score: 9 },
      { contestantId: 'b', score: 9 },
      { contestantId: 'c', score: 7 },
    ];
    const views = toViews(zs, [d('A'), d('B'), d('C')], 10, 9, () => 'Đơn vị 1');
    expect(views.map((v) => [v.rank, v.position, v.name])).toEqual([
      [10, 11, 'A'],
      [10, 12, 'B'],
      [13, 13, 'C'],
    ]);
    expect(views[0]).not.toHaveProperty('contestantId');
    expect(views[0]).not.toHaveProperty('r');
    expect(views[0].unitName).toBe('Đơn vị 1');
  });

  it('starts a page inside a tie with the tie’s rank', () => {
    const views = toViews([{ contestantId: 'b', score: 9 }], [d('B')], 1, 0, () => null);
    expect(views[0]).toMatchObject({ rank: 1, position: 2, name: 'B' });
  });
});
