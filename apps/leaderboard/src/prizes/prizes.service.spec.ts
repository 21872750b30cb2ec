import { randomUUID } from 'node:crypto';
import type { BoardReadService } from '../live/board-read.service';
import type { ResultsRepository } from '../results/results.repository';
import type { ResultsService } from '../results/results.service';
import type { RegistrationReader } from '../sources/registration.reader';
import type { PrizesRepository } from './prizes.repository';
import { PrizesService } from './prizes.service';

describe(PrizesService.name, () => {
  const roundId = randomUUID();
  const contestId = randomUUID();
  const by = randomUUID();
  let ranked: { contestantId: string; attemptId: string; rank: number; position: number }[];
  let mocks: {
    repo: Record<'heldElsewhere' | 'replace' | 'list' | 'entriesByUnit', jest.Mock>;
    results: Record<'current', jest.Mock>;
    ranking: Record<'rankedContestants', jest.Mock>;
    reads: Record<'round', jest.Mock>;
    registration: Record<'staff' | 'fullNames' | 'unitMap', jest.Mock>;
  };
  let sut: PrizesService;

  beforeEach(() => {
    ranked = Array.from({ length: 5 }, (_, i) => ({ contestantId: `c${i + 1}`, attemptId: `a${i + 1}`, rank: i + 1, position: i + 1 }));
    mocks = {
      repo: {
        heldElsewhere: jest.fn(async () => new Map()),
        replace: jest.fn(async () => undefined),
        list: jest.fn(async () => []),
        entriesByUnit: jest.fn(async () => []),
      },
      results: { current: jest.fn(async () => ({ computation_id: '42' })) },
      ranking: { rankedContestants: jest.fn(async (_c: string, limit: number, after: number) => ranked.filter((r) => r.position > after).slice(0, limit)) },
      reads: { round: jest.fn(async () => ({ contestId })) },
      registration: { staff: jest.fn(async () => new Set()), fullNames: jest.fn(async () => new Map()), unitMap: jest.fn(async () => new Map()) },
    };
    sut = new PrizesService(
      mocks.repo as unknown as PrizesRepository,
      mocks.results as unknown as ResultsService,
      mocks.ranking as unknown as ResultsRepository,
      mocks.reads as unknown as BoardReadService,
      mocks.registration as unknown as RegistrationReader,
    );
  });

  describe('award', () => {
    it('walks the official ranking down the ladder, skipping staff and those at their prize limit, and replaces the round’s awards', async () => {
      mocks.registration.staff.mockResolvedValue(new Set(['c1']));
      mocks.repo.heldElsewhere.mockResolvedValue(new Map([['c3', 1]]));
      const out = await sut.award(
        roundId,
        {
          ladder: [
            { prize: 'Nhất', count: 1 },
            { prize: 'Nhì', count: 2 },
          ],
        },
        by,
      );
      expect(mocks.repo.heldElsewhere).toHaveBeenCalledWith(contestId, roundId, ['c1', 'c2', 'c3', 'c4', 'c5']);
      const [[rid, rows, audit]] = mocks.repo.replace.mock.calls as [
        [
          string,
          { contestant_id: string; prize: string; prize_order: number; contest_id: string | null; computation_id: string; awarded_by: string }[],
          unknown,
        ],
      ];
      expect(rid).toBe(roundId);
      expect(rows.map((r) => [r.contestant_id, r.prize, r.prize_order])).toEqual([
        ['c2', 'Nhất', 1],
        ['c4', 'Nhì', 2],
        ['c5', 'Nhì', 2],
      ]);
      expect(rows[0]).toMatchObject({ contest_id: contestId, computation_id: '42', awarded_by: by });
      expect(audit).toEqual({
        actorId: by,
        details: {
          ladder: [
            { prize: 'Nhất', count: 1 },
            { prize: 'Nhì', count: 2 },
          ],
          maxPerPerson: 1,
          awarded: 3,
          computationId: '42',
        },
      });
      expect(out.skipped).toEqual([
        { contestantId: 'c1', position: 1, reason: 'staff' },
        { contestantId: 'c3', position: 3, reason: 'prize-limit' },
      ]);
    });

    it('lets a contestant hold more prizes when maxPerPerson allows, and treats a round outside a contest as its own', async () => {
      mocks.reads.round.mockResolvedValue({ contestId: '' });
      mocks.repo.heldElsewhere.mockResolvedValue(new Map([['c1', 1]]));
      await sut.award(roundId, { ladder: [{ prize: 'KK', count: 1 }], maxPerPerson: 2 }, by);
      expect(mocks.repo.heldElsewhere).toHaveBeenCalledWith(null, roundId, expect.any(Array));
      expect(mocks.repo.replace).toHaveBeenCalledWith(roundId, [expect.objectContaining({ contestant_id: 'c1', contest_id: null })], expect.anything());
    });

    it('stops reading the ranking once the ladder is full', async () => {
      ranked = Array.from({ length: 2500 }, (_, i) => ({ contestantId: `c${i + 1}`, attemptId: `a${i + 1}`, rank: i + 1, position: i + 1 }));
      await sut.award(roundId, { ladder: [{ prize: 'Nhất', count: 3 }] }, by);
      expect(mocks.ranking.rankedContestants).toHaveBeenCalledTimes(1);
      mocks.registration.staff.mockImplementation(async (ids: string[]) => new Set(ids.filter((id) => Number(id.slice(1)) <= 1500)));
      await sut.award(roundId, { ladder: [{ prize: 'Nhất', count: 1 }] }, by);
      expect(mocks.ranking.rankedContestants).toHaveBeenLastCalledWith('42', 1000, 1000);
      expect(mocks.repo.replace).toHaveBeenLastCalledWith(roundId, [expect.objectContaining({ contestant_id: 'c1501' })], expect.anything());
    });
  });

  it('ranks units by entries and by the share of their members taking part, a unit of unknown size only by entries', async () => {
    mocks.repo.entriesByUnit.mockResolvedValue([
      { unit_id: 'u-a', entries: 30 },
      { unit_id: 'u-b', entries: 10 },
      { unit_id: 'u-c', entries: 50 },
    ]);
    mocks.registration.unitMap.mockResolvedValue(
      new Map([
        ['u-a', { name: 'A', memberCount: 60 }],
        ['u-b', { name: 'B', memberCount: 12 }],
      ]),
    );
    const units = await sut.collective('42', 2);
    expect(units.byEntries.map((u) => u.unitId)).toEqual(['u-c', 'u-a']);
    expect(units.byShare).toEqual([
      { unitId: 'u-b', name: 'B', entries: 10, members: 12, share: 0.8333 },
      { unitId: 'u-a', name: 'A', entries: 30, members: 60, share: 0.5 },
    ]);
  });
});
