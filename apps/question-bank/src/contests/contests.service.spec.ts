import { randomUUID } from 'node:crypto';
import { FakeClock } from '@hoi-thi/testing/fake-clock';
import type { Actor, AuditRepository } from '../audit/audit.repository';
import type { RoundsRepository } from '../rounds/rounds.repository';
import type { RoundsService } from '../rounds/rounds.service';
import type { ContestRow, ContestsRepository } from './contests.repository';
import { ContestsService } from './contests.service';

const BASE = 'https://thi.example.vn';

describe(ContestsService.name, () => {
  const actor = { sub: randomUUID() } as Actor;
  const tx = { tx: true };
  let clock: FakeClock;
  let contests: Map<string, ContestRow>;
  let mocks: {
    contests: Record<'get' | 'upsert' | 'page', jest.Mock> & { transaction: jest.Mock };
    rounds: Record<'byContest' | 'byContests' | 'setContestPublished', jest.Mock>;
    audit: Record<'record', jest.Mock>;
    roundsService: Record<'contestVisibilityChanged', jest.Mock>;
  };
  let sut: ContestsService;

  function contest(over: Partial<ContestRow> = {}): ContestRow {
    const c = {
      id: randomUUID(),
      title: 'Cuộc thi',
      description: '',
      rules: '',
      materials: [{ id: randomUUID(), title: 'Tài liệu', url: 'https://example.vn/a.pdf', kind: 'document' }],
      requiredFields: [],
      unitTreeRootId: null,
      published: true,
      createdAt: clock.date(),
      updatedAt: clock.date(),
      ...over,
    } as ContestRow;
    contests.set(c.id, c);
    return c;
  }

  beforeEach(() => {
    clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
    contests = new Map();
    mocks = {
      contests: {
        transaction: jest.fn(async (work: (m: unknown) => Promise<unknown>) => work(tx)),
        get: jest.fn(async (id: string) => contests.get(id)),
        upsert: jest.fn(async (row: ContestRow) => {
          contests.set(row.id, { ...(contests.get(row.id) ?? { createdAt: clock.date(), updatedAt: clock.date() }), ...row });
        }),
        page: jest.fn(async () => []),
      },
      rounds: {
        byContest: jest.fn(async () => []),
        byContests: jest.fn(async () => []),
        setContestPublished: jest.fn(async () => [{ snapshot: { roundId: 'r1' }, answerKey: {} }]),
      },
      audit: { record: jest.fn(async () => undefined) },
      roundsService: { contestVisibilityChanged: jest.fn(async () => undefined) },
    };
    sut = new ContestsService(
      mocks.contests as unknown as ContestsRepository,
      mocks.rounds as unknown as RoundsRepository,
      mocks.audit as unknown as AuditRepository,
      mocks.roundsService as unknown as RoundsService,
      clock,
    );
  });

  describe('get and qrTarget', () => {
    it('shows a draft to organizers only, with its draft rounds; others get not-found', async () => {
      const c = contest({ published: false });
      await expect(sut.get(c.id, false, BASE)).rejects.toMatchObject({ code: 'contest.not-found' });
      await expect(sut.get(c.id, true, BASE)).resolves.toMatchObject({ id: c.id, link: `${BASE}/contests/${c.id}` });
      expect(mocks.rounds.byContest).toHaveBeenCalledWith(c.id, false);
      await sut.get(contest().id, false, BASE);
      expect(mocks.rounds.byContest).toHaveBeenLastCalledWith(expect.any(String), true); // published rounds only
    });

    it('points a QR at the contest link or a material’s URL, refusing an unknown material', async () => {
      const c = contest();
      await expect(sut.qrTarget(c.id, null, false, BASE)).resolves.toBe(`${BASE}/contests/${c.id}`);
      await expect(sut.qrTarget(c.id, c.materials[0].id, false, BASE)).resolves.toBe('https://example.vn/a.pdf');
      await expect(sut.qrTarget(c.id, randomUUID(), false, BASE)).rejects.toMatchObject({ code: 'contest.material-not-found' });
      const draft = contest({ published: false });
      await expect(sut.qrTarget(draft.id, null, false, BASE)).rejects.toMatchObject({ code: 'contest.not-found' });
    });
  });

  describe('create', () => {
    it('writes the cleaned contest, a draft by default with each required field once, audited in one transaction', async () => {
      const id = randomUUID();
      await sut.create(
        actor,
        {
          title: '  Cuộc   thi ',
          requiredRegistrationFields: ['email', 'email', 'unit'],
          materials: [{ title: 'Đề cương', url: ' https://example.vn/x ', kind: 'link' }],
        } as never,
        BASE,
        id,
      );
      expect(mocks.contests.upsert).toHaveBeenCalledWith(
        expect.objectContaining({
          id,
          published: false,
          requiredFields: ['email', 'unit'],
          unitTreeRootId: null,
          createdBy: actor.sub,
          materials: [expect.objectContaining({ url: 'https://example.vn/x', id: expect.any(String) })],
        }),
        tx,
      );
      expect(mocks.audit.record).toHaveBeenCalledWith(actor, expect.objectContaining({ action: 'contest.create', entityId: id }), tx);
    });

    it('refuses a material that is not an http(s) URL, naming it, before writing', async () => {
      await expect(
        sut.create(
          actor,
          {
            title: 'x',
            materials: [
              { title: 'a', url: 'https://ok.vn' },
              { title: 'b', url: 'javascript:alert(1)' },
            ],
          } as never,
          BASE,
        ),
      ).rejects.toMatchObject({
        fieldErrors: [expect.objectContaining({ field: 'materials[1].url', message: 'contest.material.url' })],
      });
      expect(mocks.contests.upsert).not.toHaveBeenCalled();
    });
  });

  describe('update', () => {
    it('keeps what the change leaves out, and refuses a material id the contest does not have', async () => {
      const c = contest({ description: 'giữ nguyên' });
      await sut.update(actor, c.id, { title: 'Mới', materials: [{ id: c.materials[0].id, title: 'Sửa', url: 'https://example.vn/b.pdf' }] } as never, BASE);
      expect(mocks.contests.upsert).toHaveBeenCalledWith(
        expect.objectContaining({
          title: 'Mới',
          description: 'giữ nguyên',
          published: true,
          materials: [expect.objectContaining({ id: c.materials[0].id, title: 'Sửa' })],
        }),
        tx,
      );
      expect(mocks.audit.record).toHaveBeenCalledWith(
        actor,
        expect.objectContaining({ action: 'contest.update', details: { changed: ['title', 'materials'] } }),
        tx,
      );

      mocks.contests.upsert.mockClear();
      await expect(sut.update(actor, c.id, { materials: [{ id: randomUUID(), title: 'x', url: 'https://example.vn' }] } as never, BASE)).rejects.toMatchObject({
        fieldErrors: [expect.objectContaining({ field: 'materials[0].id', message: 'contest.material.unknown-id' })],
      });
      expect(mocks.contests.upsert).not.toHaveBeenCalled();
    });

    it('rewrites the published rounds in the transaction and tells the others when visibility changes', async () => {
      const c = contest({ published: true });
      await sut.update(actor, c.id, { published: false } as never, BASE);
      expect(mocks.rounds.setContestPublished).toHaveBeenCalledWith(c.id, false, tx);
      expect(mocks.roundsService.contestVisibilityChanged).toHaveBeenCalledWith(c.id, false, [{ snapshot: { roundId: 'r1' }, answerKey: {} }]);
    });

    it('touches no round and emits nothing when visibility stays', async () => {
      const c = contest({ published: true });
      await sut.update(actor, c.id, { published: true, title: 'x' } as never, BASE);
      await sut.update(actor, c.id, { title: 'y' } as never, BASE);
      expect(mocks.rounds.setContestPublished).not.toHaveBeenCalled();
      expect(mocks.roundsService.contestVisibilityChanged).not.toHaveBeenCalled();
    });

    it('answers not-found for an unknown contest, writing nothing', async () => {
      await expect(sut.update(actor, randomUUID(), { title: 'x' } as never, BASE)).rejects.toMatchObject({ code: 'contest.not-found' });
      expect(mocks.contests.upsert).not.toHaveBeenCalled();
      expect(mocks.audit.record).not.toHaveBeenCalled();
    });
  });
});
