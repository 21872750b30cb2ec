import type { AttemptSummaryV1, BoardEntryV1, MyAttemptsV1, MyRankV1, UnitNodeV1, UnitV1 } from '@hoi-thi/contracts';
import { flattenUnits, myRoundAttempts, toMyRank } from './derive';

const unit = (id: string, depth: number): UnitV1 => ({ id, parentId: null, code: id, name: `Unit ${id}`, memberCount: null, depth });
const node = (id: string, depth: number, children: UnitNodeV1[] = []): UnitNodeV1 => ({ ...unit(id, depth), children });

const summary = (attemptNo: number, over: Partial<AttemptSummaryV1> = {}): AttemptSummaryV1 => ({
  attemptId: `a${attemptNo}`,
  attemptNo,
  status: 'submitted',
  correct: 3,
  points: 3,
  total: 4,
  durationMs: 60_000,
  startedAt: '2026-07-01T10:00:00.000Z',
  deadline: '2026-07-01T10:10:00.000Z',
  submittedAt: '2026-07-01T10:01:00.000Z',
  ...over,
});

const entry = (position: number, rank = position): BoardEntryV1 => ({
  rank,
  position,
  name: `N${position}`,
  unitId: null,
  unitName: null,
  province: '01',
  points: 10 - position,
  correct: 10 - position,
  total: 10,
  durationMs: 1000 * position,
  submittedAt: '2026-07-01T10:01:00.000Z',
});

describe('the contestant screens’ derived values', () => {
  it('flattens the unit tree in tree order (each unit after its parent), keeping each depth; a flat list stays as it is', () => {
    const tree = [node('a', 0, [node('a1', 1, [node('a1x', 2)]), node('a2', 1)]), node('b', 0)];
    expect(flattenUnits(tree).map((u) => `${u.id}@${u.depth}`)).toEqual(['a@0', 'a1@1', 'a1x@2', 'a2@1', 'b@0']);
    expect(flattenUnits([unit('b', 0), unit('c', 1)]).map((u) => u.id)).toEqual(['b', 'c']);
  });

  it('reads my attempts of a round: the one to resume, the best score, what is left (null: unlimited)', () => {
    const mine: MyAttemptsV1 = {
      roundId: 'r',
      attemptsAllowed: 3,
      attemptsUsed: 2,
      attemptsLeft: 1,
      attempts: [summary(1), summary(2, { status: 'active', correct: null, points: null, durationMs: null, submittedAt: null })],
      best: summary(1),
    };
    expect(myRoundAttempts(mine)).toEqual({ used: 2, left: 1, active: 'a2', best: { attemptId: 'a1', correct: 3, total: 4 } });
    expect(myRoundAttempts({ ...mine, attemptsAllowed: null, attemptsLeft: null, attempts: [], attemptsUsed: 0, best: null })).toEqual({
      used: 0,
      left: null,
      active: null,
      best: null,
    });
  });

  it('places me on the board with my neighbours, and is null before my submission is ranked', () => {
    const r: MyRankV1 = { roundId: 'r', total: 40, entry: entry(3, 2), around: [entry(4), entry(2, 2), entry(3, 2), entry(1)], unit: null, province: null };
    const place = toMyRank(r);
    expect(place).toMatchObject({ rank: 2, total: 40, above: { position: 2 }, below: { position: 4 } });
    expect(place?.around.map((e) => `${e.position}${e.me ? '*' : ''}`)).toEqual(['1', '2', '3*', '4']);
    expect(toMyRank({ ...r, entry: entry(1), around: [entry(1)] })).toMatchObject({ rank: 1, above: undefined, below: undefined });
    expect(toMyRank({ ...r, entry: null, around: [] })).toBeNull();
  });
});
