import { randomUUID } from 'node:crypto';
import { FakeClock } from '@hoi-thi/testing/fake-clock';
import type { Actor, AuditRepository } from '../audit/audit.repository';
import type { BanksRepository } from '../banks/banks.repository';
import type { ContestsRepository } from '../contests/contests.repository';
import type { QuestionsRepository } from '../questions/questions.repository';
import type { CreateRoundDto } from './dto/round.dto';
import type { RoundCache } from './round-cache';
import { buildRoundSnapshot, type PoolVersion } from './round-snapshot';
import type { PublishedRow, RoundRow, RoundsRepository } from './rounds.repository';
import { RoundsService } from './rounds.service';

describe(RoundsService.name, () => {
  const actor = { sub: randomUUID() } as Actor;
  const contestId = randomUUID();
  const bankId = randomUUID();
  const tx = { tx: true };
  let clock: FakeClock;
  let rounds: Map<string, RoundRow>;
  let published: Map<string, PublishedRow>;
  let cells: { topic: string; difficulty: string; count: number }[];
  let mocks: {
    rounds: Record<
      'get' | 'getPublished' | 'insert' | 'update' | 'insertPublished' | 'markPublished' | 'setClosesAt' | 'updatePublished' | 'questionIdOfVersion',
      jest.Mock
    > & {
      manager: object;
      transaction: jest.Mock;
    };
    contests: Record<'get', jest.Mock>;
    banks: Record<'get' | 'cellCounts', jest.Mock>;
    questions: Record<'allCurrent', jest.Mock>;
    cache: Record<'load' | 'emitPublished' | 'emitKeyCorrected' | 'emitContestVisibility', jest.Mock>;
    audit: Record<'record', jest.Mock>;
  };
  let sut: RoundsService;

  const version = (i: number, kind: 'single' | 'multiple' = 'single'): PoolVersion =>
    ({
      versionId: `v${i}`,
      topic: 'T',
      difficulty: 'easy',
      kind,
      text: `Câu ${i}`,
      options: ['a', 'b', 'c'].map((o) => ({ id: `v${i}-${o}`, text: o })),
      correctOptionIds: [`v${i}-a`],
      explanation: null,
      points: 1,
      imageUrl: null,
    }) as unknown as PoolVersion;

  function round(over: Partial<RoundRow> = {}): RoundRow {
    return {
      id: randomUUID(),
      contestId,
      bankId,
      title: 'Vòng 1',
      opensAt: new Date(clock.now() + 3_600_000),
      closesAt: new Date(clock.now() + 7_200_000),
      blueprint: [{ topic: 'T', difficulty: 'easy', count: 2 }],
      timeLimitSeconds: 600,
      attemptsAllowed: 1,
      pointsPerQuestion: null,
      prediction: { enabled: true, target: 'perfect-scorers', wording: 'Bao nhiêu?', tieSide: 'under' },
      rankingRule: ['points', 'prediction', 'duration', 'submittedAt'],
      revealPolicy: 'after-close',
      practice: false,
      partialCredit: 'all-or-nothing',
      status: 'draft',
      publishedAt: null,
      createdAt: clock.date(),
      updatedAt: clock.date(),
      ...over,
    } as RoundRow;
  }

  function publishedOf(r: RoundRow): PublishedRow {
    const { snapshot, key } = buildRoundSnapshot(r, [version(1), version(2, 'multiple')], clock.date(), 1, true);
    const p = { roundId: r.id, contestId: r.contestId, snapshot, answerKey: key, keyVersion: 1, publishedAt: clock.date() };
    rounds.set(r.id, { ...r, status: 'published' } as RoundRow);
    published.set(r.id, p);
    return p;
  }

  beforeEach(() => {
    clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
    rounds = new Map();
    published = new Map();
    cells = [{ topic: 'T', difficulty: 'easy', count: 5 }];
    mocks = {
      rounds: {
        manager: {},
        transaction: jest.fn(async (work: (m: unknown) => Promise<unknown>) => work(tx)),
        get: jest.fn(async (id: string) => rounds.get(id)),
        getPublished: jest.fn(async (id: string) => (published.has(id) ? structuredClone(published.get(id)) : undefined)),
        insert: jest.fn(async (r: RoundRow) => void rounds.set(r.id, r)),
        update: jest.fn(async () => undefined),
        insertPublished: jest.fn(async () => undefined),
        markPublished: jest.fn(async () => undefined),
        setClosesAt: jest.fn(async () => undefined),
        updatePublished: jest.fn(async () => undefined),
        questionIdOfVersion: jest.fn(async () => 'question-1'),
      },
      contests: { get: jest.fn(async (id: string) => (id === contestId ? { id, published: true } : undefined)) },
      banks: { get: jest.fn(async (id: string) => (id === bankId ? { id } : undefined)), cellCounts: jest.fn(async () => cells) },
      questions: { allCurrent: jest.fn(async () => [version(1), version(2)]) },
      cache: {
        load: jest.fn(async () => undefined),
        emitPublished: jest.fn(async () => undefined),
        emitKeyCorrected: jest.fn(async () => undefined),
        emitContestVisibility: jest.fn(async () => undefined),
      },
      audit: { record: jest.fn(async () => undefined) },
    };
    sut = new RoundsService(
      mocks.rounds as unknown as RoundsRepository,
      mocks.contests as unknown as ContestsRepository,
      mocks.banks as unknown as BanksRepository,
      mocks.questions as unknown as QuestionsRepository,
      mocks.cache as unknown as RoundCache,
      mocks.audit as unknown as AuditRepository,
      clock,
    );
  });

  describe('create', () => {
    const dto = (over: Partial<CreateRoundDto> = {}): CreateRoundDto =>
      ({
        bankId,
        title: '  Vòng 1 ',
        opensAt: '2026-03-02T08:00:00+07:00',
        closesAt: '2026-03-03T08:00:00+07:00',
        blueprint: [{ topic: 'T', difficulty: 'easy', count: 2 }],
        timeLimitSeconds: 600,
        ...over,
      }) as CreateRoundDto;

    it('inserts a draft with the defaults in the transaction, audited', async () => {
      const id = randomUUID();
      await sut.create(actor, contestId, dto(), id);
      expect(mocks.rounds.insert).toHaveBeenCalledWith(
        expect.objectContaining({
          id,
          title: 'Vòng 1',
          attemptsAllowed: 1,
          revealPolicy: 'after-close',
          status: 'draft',
          prediction: expect.objectContaining({ enabled: true, target: 'perfect-scorers', tieSide: 'under' }),
          rankingRule: ['points', 'prediction', 'duration', 'submittedAt'],
          createdAt: clock.date(),
        }),
        actor.sub,
        tx,
      );
      expect(mocks.audit.record).toHaveBeenCalledWith(actor, { action: 'round.create', entityType: 'round', entityId: id, details: { contestId } }, tx);
    });

    it('drops prediction from the default ranking rule when prediction is off', async () => {
      await sut.create(actor, contestId, dto({ prediction: { enabled: false } } as Partial<CreateRoundDto>));
      expect(mocks.rounds.insert).toHaveBeenCalledWith(expect.objectContaining({ rankingRule: ['points', 'duration', 'submittedAt'] }), actor.sub, tx);
    });

    it('answers contest.not-found for an unknown contest', async () => {
      await expect(sut.create(actor, randomUUID(), dto())).rejects.toMatchObject({ code: 'contest.not-found' });
      expect(mocks.rounds.insert).not.toHaveBeenCalled();
    });

    it('refuses an invalid round naming each field, and writes nothing', async () => {
      const err = await sut
        .create(
          actor,
          contestId,
          dto({
            closesAt: '2026-03-01T08:00:00+07:00',
            bankId: randomUUID(),
            blueprint: [],
            rankingRule: ['points', 'prediction'],
            prediction: { enabled: false },
          } as Partial<CreateRoundDto>),
        )
        .catch((e) => e);
      expect(err).toMatchObject({ code: 'round.invalid' });
      expect((err.fieldErrors as { field: string; message: string }[]).map((f) => [f.field, f.message])).toEqual([
        ['closesAt', 'round.window.invalid'],
        ['blueprint', 'round.blueprint.empty'],
        ['rankingRule', 'round.ranking.prediction-disabled'],
        ['bankId', 'round.bank.unknown'],
      ]);
      expect(mocks.rounds.insert).not.toHaveBeenCalled();
      expect(mocks.audit.record).not.toHaveBeenCalled();
    });

    it('refuses a reveal after submit that would leak the key to a next attempt', async () => {
      await expect(sut.create(actor, contestId, dto({ revealPolicy: 'after-submit', attemptsAllowed: 3 }))).rejects.toMatchObject({
        code: 'round.reveal-leaks-key',
        fieldErrors: [expect.objectContaining({ field: 'revealPolicy', message: 'round.reveal.leaks-key' })],
      });
      expect(mocks.rounds.insert).not.toHaveBeenCalled();
    });

    it('refuses a blueprint the bank cannot fill, naming the cell, what it needs and has', async () => {
      cells = [{ topic: 'T', difficulty: 'easy', count: 1 }];
      await expect(sut.create(actor, contestId, dto())).rejects.toMatchObject({
        code: 'round.blueprint-short',
        fieldErrors: [
          expect.objectContaining({
            field: 'blueprint[0]',
            message: 'round.blueprint.cell-short',
            params: { topic: 'T', difficulty: 'easy', needed: 2, available: 1 },
          }),
        ],
      });
      expect(mocks.rounds.insert).not.toHaveBeenCalled();
    });
  });

  describe('update', () => {
    it('refuses any change but a later close to a published round', async () => {
      const r = round();
      publishedOf(r);
      await expect(sut.update(actor, contestId, r.id, { title: 'Khác' })).rejects.toMatchObject({ code: 'round.frozen' });
      expect(mocks.rounds.update).not.toHaveBeenCalled();
      expect(mocks.rounds.transaction).not.toHaveBeenCalled();
    });

    it('answers round-not-found for a round of another contest', async () => {
      const r = round({ contestId: randomUUID() });
      rounds.set(r.id, r);
      await expect(sut.update(actor, contestId, r.id, { title: 'Khác' })).rejects.toMatchObject({ code: 'round.not-found' });
    });

    it('writes the merged draft in the transaction and audits which fields changed', async () => {
      const r = round();
      rounds.set(r.id, r);
      await sut.update(actor, contestId, r.id, { title: ' Mới ', timeLimitSeconds: 900 });
      expect(mocks.rounds.update).toHaveBeenCalledWith(expect.objectContaining({ id: r.id, title: 'Mới', timeLimitSeconds: 900, bankId }), tx);
      expect(mocks.audit.record).toHaveBeenCalledWith(
        actor,
        expect.objectContaining({ action: 'round.update', details: { changed: ['title', 'timeLimitSeconds'] } }),
        tx,
      );
    });
  });

  describe('publish', () => {
    it('freezes the pool and key, marks the round, audits, then loads Redis and tells the others', async () => {
      const r = round();
      rounds.set(r.id, r);
      const out = await sut.publish(actor, r.id);
      expect(out).toMatchObject({ roundId: r.id, contestId, poolSize: 2, keyVersion: 1, alreadyPublished: false });
      const [[row, m]] = mocks.rounds.insertPublished.mock.calls as [[PublishedRow, unknown]];
      expect(m).toBe(tx);
      expect(row).toMatchObject({ roundId: r.id, keyVersion: 1, publishedAt: clock.date(), answerKey: { v1: { correctOptionIds: ['v1-a'] } } });
      expect(row.snapshot.contestPublished).toBe(true);
      expect(mocks.rounds.markPublished).toHaveBeenCalledWith(r.id, clock.date(), tx);
      expect(mocks.audit.record).toHaveBeenCalledWith(actor, expect.objectContaining({ action: 'round.publish', details: { poolSize: 2, contestId } }), tx);
      expect(mocks.cache.load).toHaveBeenCalledWith(row.snapshot, row.answerKey);
      expect(mocks.cache.emitPublished).toHaveBeenCalledWith({ roundId: r.id, contestId, publishedAt: row.snapshot.publishedAt });
    });

    it('only reloads Redis for a round already published: no new record, no new fact', async () => {
      const r = round();
      publishedOf(r);
      await expect(sut.publish(actor, r.id)).resolves.toMatchObject({ alreadyPublished: true });
      expect(mocks.rounds.insertPublished).not.toHaveBeenCalled();
      expect(mocks.cache.load).toHaveBeenCalledTimes(1);
      expect(mocks.cache.emitPublished).not.toHaveBeenCalled();
    });

    it('refuses a round whose close has passed, and an unknown one', async () => {
      const r = round({ closesAt: clock.date() });
      rounds.set(r.id, r);
      await expect(sut.publish(actor, r.id)).rejects.toMatchObject({ code: 'round.closed' });
      await expect(sut.publish(actor, randomUUID())).rejects.toMatchObject({ code: 'round.not-found' });
      expect(mocks.rounds.insertPublished).not.toHaveBeenCalled();
      expect(mocks.cache.load).not.toHaveBeenCalled();
    });
  });

  describe('extendClose', () => {
    it('moves the close of the record and the snapshot later, then reloads Redis', async () => {
      const r = round();
      publishedOf(r);
      const later = new Date(r.closesAt.getTime() + 3_600_000);
      await sut.extendClose(actor, r.id, later, false);
      expect(mocks.rounds.setClosesAt).toHaveBeenCalledWith(r.id, later, tx);
      const [[p]] = mocks.rounds.updatePublished.mock.calls as [[PublishedRow]];
      expect(Date.parse(p.snapshot.closesAt)).toBe(later.getTime());
      expect(mocks.cache.load).toHaveBeenCalledWith(p.snapshot, p.answerKey);
    });

    it('refuses an earlier or equal close, and a round already closed unless reopening is allowed', async () => {
      const r = round();
      publishedOf(r);
      await expect(sut.extendClose(actor, r.id, r.closesAt, false)).rejects.toMatchObject({ code: 'round.close-only-extend' });
      clock.set(r.closesAt);
      await expect(sut.extendClose(actor, r.id, new Date(r.closesAt.getTime() + 1), false)).rejects.toMatchObject({ code: 'round.closed' });
      expect(mocks.rounds.setClosesAt).not.toHaveBeenCalled();
      await sut.extendClose(actor, r.id, new Date(r.closesAt.getTime() + 1), true);
      expect(mocks.rounds.setClosesAt).toHaveBeenCalledTimes(1);
    });
  });

  describe('correctKey', () => {
    let r: RoundRow;
    beforeEach(() => {
      r = round();
      publishedOf(r);
    });

    it('stores the new key with the next key version, then reloads Redis and emits the correction', async () => {
      const out = await sut.correctKey(actor, r.id, 'v1', { correctOptionIds: ['v1-b'], reason: 'đáp án sai' });
      expect(out).toEqual({ roundId: r.id, questionVersionId: 'v1', correctOptionIds: ['v1-b'], keyVersion: 2, changed: true });
      const [[p, m]] = mocks.rounds.updatePublished.mock.calls as [[PublishedRow, unknown]];
      expect(m).toBe(tx);
      expect(p.answerKey.v1.correctOptionIds).toEqual(['v1-b']);
      expect(p.snapshot.keyVersion).toBe(2);
      expect(mocks.audit.record).toHaveBeenCalledWith(
        actor,
        expect.objectContaining({
          action: 'round.key-correct',
          details: { questionVersionId: 'v1', before: ['v1-a'], after: ['v1-b'], reason: 'đáp án sai', keyVersion: 2 },
        }),
        tx,
      );
      expect(mocks.cache.emitKeyCorrected).toHaveBeenCalledWith(
        expect.objectContaining({
          questionId: 'question-1',
          questionVersionId: 'v1',
          roundIds: [r.id],
          correctOptionIds: ['v1-b'],
          correctedBy: actor.sub,
          correctedAt: expect.any(String),
        }),
      );
    });

    it('orders a multiple-choice key as the options are and writes nothing when it is unchanged', async () => {
      await expect(sut.correctKey(actor, r.id, 'v2', { correctOptionIds: ['v2-c', 'v2-a', 'v2-c'], reason: 'x' })).resolves.toMatchObject({
        correctOptionIds: ['v2-a', 'v2-c'],
        changed: true,
      });
      published.get(r.id)!.answerKey.v2.correctOptionIds = ['v2-a', 'v2-c'];
      mocks.cache.emitKeyCorrected.mockClear();
      await expect(sut.correctKey(actor, r.id, 'v2', { correctOptionIds: ['v2-c', 'v2-a'], reason: 'x' })).resolves.toMatchObject({
        changed: false,
        keyVersion: 1,
      });
      expect(mocks.rounds.updatePublished).toHaveBeenCalledTimes(1);
      expect(mocks.cache.emitKeyCorrected).not.toHaveBeenCalled();
    });

    it('refuses options the question lacks, several for a single-choice question, a version outside the round, a draft', async () => {
      await expect(sut.correctKey(actor, r.id, 'v1', { correctOptionIds: ['zz'], reason: 'x' })).rejects.toMatchObject({
        code: 'validation.failed',
        fieldErrors: [expect.objectContaining({ field: 'correctOptionIds', message: 'round.key.options' })],
      });
      await expect(sut.correctKey(actor, r.id, 'v1', { correctOptionIds: ['v1-a', 'v1-b'], reason: 'x' })).rejects.toMatchObject({
        fieldErrors: [expect.objectContaining({ field: 'correctOptionIds', message: 'round.key.count' })],
      });
      await expect(sut.correctKey(actor, r.id, 'v9', { correctOptionIds: ['v9-a'], reason: 'x' })).rejects.toMatchObject({
        code: 'round.question-not-in-round',
      });
      const draft = round();
      rounds.set(draft.id, draft);
      await expect(sut.correctKey(actor, draft.id, 'v1', { correctOptionIds: ['v1-a'], reason: 'x' })).rejects.toMatchObject({ code: 'round.not-published' });
      expect(mocks.rounds.updatePublished).not.toHaveBeenCalled();
      expect(mocks.cache.emitKeyCorrected).not.toHaveBeenCalled();
    });
  });

  it('contestVisibilityChanged reloads each round’s copy, then emits one fact naming them', async () => {
    const r = round();
    const p = publishedOf(r);
    await sut.contestVisibilityChanged(contestId, false, [p]);
    expect(mocks.cache.load).toHaveBeenCalledWith(p.snapshot, p.answerKey);
    expect(mocks.cache.emitContestVisibility).toHaveBeenCalledWith({ contestId, published: false, roundIds: [r.id], changedAt: expect.any(String) });
  });
});
