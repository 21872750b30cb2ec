import { randomUUID } from 'node:crypto';
import type { AccessClaimsV1, RoundSnapshotV1 } from '@hoi-thi/contracts';
import type { RateLimits } from '@hoi-thi/platform';
import { FakeClock } from '@hoi-thi/testing/fake-clock';
import { encodeDecision } from '../eligibility/eligibility-rules';
import type { EligibilityService } from '../eligibility/eligibility.service';
import { toPublishedRound } from '../rounds/published-round';
import type { RoundsRepository } from '../rounds/rounds.repository';
import type { ExamConfig } from '../shared/exam-config';
import type { SubmissionsService } from '../submissions/submissions.service';
import { drawAttempt } from './attempt-draw';
import type { AttemptStateService } from './attempt-state.service';
import type { AttemptRecord, AttemptsRepository, NewAttempt } from './attempts.repository';
import { AttemptsService, EVENTS_RATE } from './attempts.service';
import type { HotStateRepository, StartArgs, StartOutcome } from './hot-state.repository';

const GRACE_MS = 2_000;
const CONTEST_ID = '00000000-0000-4000-8000-000000000002';

function snapshot(over: Partial<RoundSnapshotV1> = {}): RoundSnapshotV1 {
  const questions = ['A', 'B'].flatMap((topic) =>
    Array.from({ length: 3 }, (_, i) => ({
      id: `${topic}${i}`,
      topic,
      difficulty: 'easy' as const,
      kind: 'single' as const,
      text: `Câu ${topic}${i}`,
      options: ['o1', 'o2', 'o3'].map((o) => ({ id: `${topic}${i}-${o}`, text: o })),
      points: 2,
    })),
  );
  return {
    roundId: '00000000-0000-4000-8000-000000000001',
    contestId: CONTEST_ID,
    title: 't',
    opensAt: '2026-01-01T00:00:00Z',
    closesAt: '2026-01-08T00:00:00Z',
    timeLimitSeconds: 600,
    attemptsAllowed: 2,
    blueprint: [{ topic: '*', difficulty: '*', count: 4 }],
    questions,
    scoring: { partialCredit: 'all-or-nothing' },
    prediction: null,
    rankingRule: ['points', 'prediction', 'duration', 'submittedAt'],
    revealPolicy: 'after-close',
    practice: false,
    publishedAt: '2025-12-31T00:00:00Z',
    keyVersion: 1,
    ...over,
  };
}

describe(AttemptsService.name, () => {
  const user: AccessClaimsV1 = { sub: randomUUID(), roles: ['contestant'], typ: 'access' };
  const roundId = '00000000-0000-4000-8000-000000000001';
  let clock: FakeClock;
  let round: ReturnType<typeof toPublishedRound>;
  let gates: StartOutcome[];
  let inserted: (rows: NewAttempt[]) => Set<string>;
  let records: Map<string, AttemptRecord>;
  let mocks: {
    rounds: Record<'find', jest.Mock>;
    attempts: Record<'insertMany' | 'find' | 'usage' | 'mine' | 'answers' | 'addEvents' | 'events', jest.Mock>;
    hot: Record<'start' | 'unreserve' | 'forgetContestant' | 'markCommitted' | 'finalize' | 'forEvents', jest.Mock>;
    state: Record<'rebuild' | 'remember' | 'locateOwned', jest.Mock>;
    submissions: Record<'finalizeDue', jest.Mock>;
    eligibility: Record<'decide', jest.Mock>;
    rates: Record<'define' | 'consume', jest.Mock>;
  };
  let sut: AttemptsService;

  function record(over: Partial<AttemptRecord> = {}): AttemptRecord {
    const seed = 'seed-1';
    const startedAt = clock.date();
    return {
      id: randomUUID(),
      round_id: roundId,
      contestant_id: user.sub,
      unit_id: null,
      province: null,
      status: 'active',
      correct: null,
      points: null,
      total: 4,
      max_points: 8,
      duration_ms: null,
      started_at: startedAt,
      deadline: new Date(startedAt.getTime() + 600_000),
      submitted_at: null,
      prediction: null,
      attempt_no: 1,
      seed,
      draw: drawAttempt(round, seed),
      submitted_by: null,
      ip: null,
      user_agent: null,
      key_version: 1,
      ...over,
    };
  }

  function build(snap: RoundSnapshotV1 = snapshot()): void {
    round = toPublishedRound(snap, {});
    mocks.rounds.find.mockImplementation(async (id: string) => (id === roundId ? round : null));
  }

  beforeEach(() => {
    clock = new FakeClock(new Date('2026-01-02T08:00:00Z'));
    gates = [];
    inserted = (rows) => new Set(rows.map((r) => r.id));
    records = new Map();
    mocks = {
      rounds: { find: jest.fn() },
      attempts: {
        insertMany: jest.fn(async (rows: NewAttempt[]) => inserted(rows)),
        find: jest.fn(async (id: string) => records.get(id) ?? null),
        usage: jest.fn(async () => ({ used: 0, active: null })),
        mine: jest.fn(async () => []),
        answers: jest.fn(async () => []),
        addEvents: jest.fn(async () => undefined),
        events: jest.fn(async () => []),
      },
      hot: {
        start: jest.fn(async (a: StartArgs) => gates.shift() ?? (a.pairs ? { kind: 'new', attemptNo: 1 } : { kind: 'ready', attemptNo: 1 })),
        unreserve: jest.fn(async () => undefined),
        forgetContestant: jest.fn(async () => undefined),
        markCommitted: jest.fn(async () => undefined),
        finalize: jest.fn(async () => undefined),
        forEvents: jest.fn(async () => [null, null, null]),
      },
      state: {
        rebuild: jest.fn(async () => undefined),
        remember: jest.fn(),
        locateOwned: jest.fn(async () => ({ roundId, contestantId: user.sub })),
      },
      submissions: { finalizeDue: jest.fn(async () => ({ kind: 'done' })) },
      eligibility: { decide: jest.fn(async () => ({ eligible: true })) },
      rates: { define: jest.fn(), consume: jest.fn(async () => undefined) },
    };
    build();
    sut = new AttemptsService(
      mocks.rounds as unknown as RoundsRepository,
      mocks.attempts as unknown as AttemptsRepository,
      mocks.hot as unknown as HotStateRepository,
      mocks.state as unknown as AttemptStateService,
      mocks.submissions as unknown as SubmissionsService,
      clock,
      { graceMs: GRACE_MS, eventsPerMinute: 30 } as ExamConfig,
      mocks.eligibility as unknown as EligibilityService,
      mocks.rates as unknown as RateLimits,
    );
  });

  it('defines the events budget per contestant and minute', () => {
    expect(mocks.rates.define).toHaveBeenCalledWith(EVENTS_RATE, 30, 60);
  });

  describe('start', () => {
    it('answers round-not-found for an unknown round and for one of an unpublished contest, before the gate', async () => {
      await expect(sut.start(user, randomUUID(), null, null)).rejects.toMatchObject({ code: 'exam.round-not-found' });
      build(snapshot({ contestPublished: false }));
      await expect(sut.start(user, roundId, null, null)).rejects.toMatchObject({ code: 'exam.round-not-found' });
      expect(mocks.hot.start).not.toHaveBeenCalled();
    });

    it('refuses a round that is not open yet or has closed', async () => {
      clock.set(new Date('2025-12-31T23:59:59Z'));
      await expect(sut.start(user, roundId, null, null)).rejects.toMatchObject({ code: 'exam.round-not-open' });
      clock.set(new Date('2026-01-08T00:00:00Z'));
      await expect(sut.start(user, roundId, null, null)).rejects.toMatchObject({ code: 'exam.round-not-open' });
      expect(mocks.hot.start).not.toHaveBeenCalled();
    });

    it('seeds a missing gate from PostgreSQL and the eligibility decision, then creates the attempt', async () => {
      gates = [{ kind: 'missing' }, { kind: 'new', attemptNo: 1 }];
      const { created, view } = await sut.start({ ...user, unitId: 'u-1', province: '01' }, roundId, '10.0.0.1', 'x'.repeat(600));
      expect(created).toBe(true);
      expect(mocks.attempts.usage).toHaveBeenCalledWith(roundId, user.sub);
      expect(mocks.eligibility.decide).toHaveBeenCalledWith(CONTEST_ID, user.sub);
      const [first, second] = mocks.hot.start.mock.calls.map(([a]) => a as StartArgs);
      expect(first).toMatchObject({ roundId, contestantId: user.sub, limit: 2, nowMs: clock.now(), refusalExpiresAt: clock.now() + 2_000 });
      expect(first.pairs).toBeUndefined();
      expect(second).toMatchObject({ attemptId: first.attemptId, seed: { used: 0, active: null }, decision: 'ok' });
      expect(second.pairs?.length).toBeGreaterThan(0);
      const [[rows]] = mocks.attempts.insertMany.mock.calls as [[NewAttempt[]]];
      expect(rows).toEqual([
        expect.objectContaining({
          id: first.attemptId,
          roundId,
          contestantId: user.sub,
          unitId: 'u-1',
          province: '01',
          total: 4,
          maxPoints: 8,
          startedAt: clock.date(),
          deadline: new Date(clock.now() + 600_000),
          attemptNo: 1,
          ip: '10.0.0.1',
          userAgent: 'x'.repeat(512),
        }),
      ]);
      expect(mocks.hot.markCommitted).toHaveBeenCalledWith(roundId, first.attemptId, clock.now() + 600_000 + GRACE_MS);
      expect(view).toMatchObject({ attemptId: first.attemptId, status: 'active' });
    });

    it('gives a practice round no attempt limit', async () => {
      build(snapshot({ practice: true, attemptsAllowed: 1 }));
      gates = [
        { kind: 'ready', attemptNo: 7 },
        { kind: 'new', attemptNo: 7 },
      ];
      await sut.start(user, roundId, null, null);
      expect(mocks.hot.start).toHaveBeenCalledWith(expect.objectContaining({ limit: null }));
      expect(mocks.eligibility.decide).not.toHaveBeenCalled(); // 'ready': the gate holds a decision
    });

    it('refuses an ineligible contestant, naming each missing field, and writes nothing', async () => {
      gates = [{ kind: 'ineligible', decision: encodeDecision({ eligible: false, problems: [{ field: 'email', message: 'exam.profile-email-missing' }] }) }];
      await expect(sut.start(user, roundId, null, null)).rejects.toMatchObject({
        code: 'exam.not-eligible',
        fieldErrors: [{ field: 'email', constraint: 'eligibility', message: 'exam.profile-email-missing' }],
      });
      expect(mocks.attempts.insertMany).not.toHaveBeenCalled();
    });

    it('refuses a contestant whose attempts are used up, and writes nothing', async () => {
      gates = [{ kind: 'exhausted', used: 2 }];
      await expect(sut.start(user, roundId, null, null)).rejects.toMatchObject({ code: 'exam.attempts-exhausted' });
      expect(mocks.attempts.insertMany).not.toHaveBeenCalled();
    });

    it('resumes the active attempt instead of creating one', async () => {
      const rec = record();
      records.set(rec.id, rec);
      gates = [{ kind: 'active', attemptId: rec.id }];
      const { created, view } = await sut.start(user, roundId, null, null);
      expect(created).toBe(false);
      expect(view.attemptId).toBe(rec.id);
      expect(mocks.state.rebuild).toHaveBeenCalledWith(rec);
      expect(mocks.attempts.insertMany).not.toHaveBeenCalled();
    });

    it('finalizes an active attempt past its deadline and grace, then starts anew', async () => {
      const rec = record({ deadline: new Date(clock.now() - GRACE_MS - 1) });
      records.set(rec.id, rec);
      gates = [{ kind: 'active', attemptId: rec.id }];
      await expect(sut.start(user, roundId, null, null)).resolves.toMatchObject({ created: true });
      expect(mocks.submissions.finalizeDue).toHaveBeenCalledWith(rec.id);
    });

    it('on a PostgreSQL conflict frees the slot, drops the gate to be seeded again, and retries', async () => {
      let calls = 0;
      inserted = (rows) => (++calls === 1 ? new Set() : new Set(rows.map((r) => r.id)));
      await expect(sut.start(user, roundId, null, null)).resolves.toMatchObject({ created: true });
      const firstId = (mocks.hot.start.mock.calls[0][0] as StartArgs).attemptId;
      expect(mocks.hot.unreserve).toHaveBeenCalledWith(roundId, user.sub, firstId);
      expect(mocks.hot.forgetContestant).toHaveBeenCalledWith(roundId, user.sub);
      expect(mocks.attempts.insertMany).toHaveBeenCalledTimes(2);
    });

    it('frees the slot and passes on an insert failure that is not a conflict', async () => {
      mocks.attempts.insertMany.mockRejectedValue(new Error('disk full'));
      await expect(sut.start(user, roundId, null, null)).rejects.toThrow('disk full');
      expect(mocks.hot.unreserve).toHaveBeenCalledTimes(1);
      expect(mocks.hot.forgetContestant).not.toHaveBeenCalled();
    });

    it('gives up with attempt-starting after three passes that keep changing', async () => {
      gates = Array.from({ length: 6 }, () => ({ kind: 'undecided' as const }));
      await expect(sut.start(user, roundId, null, null)).rejects.toMatchObject({ code: 'exam.attempt-starting' });
      expect(mocks.attempts.insertMany).not.toHaveBeenCalled();
    });
  });

  describe('review', () => {
    it('refuses the owner before the round closes under after-close, and an active attempt always', async () => {
      const rec = record({ status: 'submitted', submitted_at: clock.date() });
      records.set(rec.id, rec);
      await expect(sut.review(user, rec.id)).rejects.toMatchObject({ code: 'exam.review-not-allowed' });
      clock.set(round.closesAtMs);
      await expect(sut.review(user, rec.id)).resolves.toMatchObject({ attempt: { attemptId: rec.id } });
      const active = record();
      records.set(active.id, active);
      await expect(sut.review(user, active.id)).rejects.toMatchObject({ code: 'exam.review-not-allowed' });
    });

    it('holds an after-submit review until the close when the key would leak to a next attempt', async () => {
      build(snapshot({ revealPolicy: 'after-submit', attemptsAllowed: 2 }));
      const rec = record({ status: 'submitted', submitted_at: clock.date() });
      records.set(rec.id, rec);
      await expect(sut.review(user, rec.id)).rejects.toMatchObject({ code: 'exam.review-not-allowed' });
      build(snapshot({ revealPolicy: 'after-submit', attemptsAllowed: 1 }));
      await expect(sut.review(user, rec.id)).resolves.toMatchObject({ attempt: { attemptId: rec.id } });
    });

    it('lets a judge review any attempt at any time, and answers not-found for another’s attempt', async () => {
      const rec = record({ contestant_id: randomUUID() });
      records.set(rec.id, rec);
      await expect(sut.review({ ...user, roles: ['judge'] }, rec.id)).resolves.toMatchObject({ attempt: { attemptId: rec.id } });
      await expect(sut.review(user, rec.id)).rejects.toMatchObject({ code: 'exam.attempt-not-found' });
    });
  });

  describe('mine', () => {
    it('counts the attempts left and picks the best by points, then duration', async () => {
      const a = record({ status: 'submitted', points: 6, duration_ms: 500, submitted_at: clock.date() });
      const b = record({ status: 'submitted', points: 6, duration_ms: 400, submitted_at: clock.date() });
      mocks.attempts.mine.mockResolvedValue([a, b]);
      await expect(sut.mine(user, roundId)).resolves.toMatchObject({ attemptsAllowed: 2, attemptsUsed: 2, attemptsLeft: 0, best: { attemptId: b.id } });
    });

    it('answers round-not-found for an unpublished contest', async () => {
      build(snapshot({ contestPublished: false }));
      await expect(sut.mine(user, roundId)).rejects.toMatchObject({ code: 'exam.round-not-found' });
      expect(mocks.attempts.mine).not.toHaveBeenCalled();
    });
  });

  describe('addEvents', () => {
    let rec: AttemptRecord;
    beforeEach(() => {
      rec = record();
      records.set(rec.id, rec);
      mocks.hot.forEvents.mockResolvedValue([user.sub, 'active', String(rec.deadline.getTime())]);
    });

    it('stores the signals with the server’s time, an unreadable client time as null, after spending the budget', async () => {
      await sut.addEvents(
        user,
        rec.id,
        [
          { type: 'blur', at: '2026-01-02T07:59:59Z' },
          { type: 'focus', at: 'nonsense' },
        ],
        '10.0.0.1',
      );
      expect(mocks.rates.consume).toHaveBeenCalledWith(EVENTS_RATE, user.sub, 2);
      expect(mocks.attempts.addEvents).toHaveBeenCalledWith(
        rec.id,
        [
          { type: 'blur', clientAt: new Date('2026-01-02T07:59:59Z') },
          { type: 'focus', clientAt: null },
        ],
        clock.date(),
        '10.0.0.1',
      );
    });

    it('refuses an empty batch or an unknown type before spending the budget', async () => {
      await expect(sut.addEvents(user, rec.id, [], null)).rejects.toMatchObject({ code: 'exam.event-type-invalid' });
      await expect(sut.addEvents(user, rec.id, [{ type: 'teleport' as never }], null)).rejects.toMatchObject({ code: 'exam.event-type-invalid' });
      expect(mocks.rates.consume).not.toHaveBeenCalled();
      expect(mocks.attempts.addEvents).not.toHaveBeenCalled();
    });

    it('refuses signals after the deadline plus grace and for a submitted attempt', async () => {
      clock.set(rec.deadline.getTime() + GRACE_MS + 1);
      await expect(sut.addEvents(user, rec.id, [{ type: 'blur' }], null)).rejects.toMatchObject({ code: 'exam.attempt-closed' });
      clock.set(rec.deadline.getTime() - 1);
      mocks.hot.forEvents.mockResolvedValue([user.sub, 'submitted', String(rec.deadline.getTime())]);
      await expect(sut.addEvents(user, rec.id, [{ type: 'blur' }], null)).rejects.toMatchObject({ code: 'exam.attempt-closed' });
      expect(mocks.attempts.addEvents).not.toHaveBeenCalled();
    });

    it('decides from PostgreSQL when Redis does not answer', async () => {
      mocks.hot.forEvents.mockRejectedValue(new Error('ECONNREFUSED'));
      await sut.addEvents(user, rec.id, [{ type: 'blur' }], null);
      expect(mocks.attempts.addEvents).toHaveBeenCalledTimes(1);
      records.set(rec.id, { ...rec, status: 'submitted' });
      await expect(sut.addEvents(user, rec.id, [{ type: 'blur' }], null)).rejects.toMatchObject({ code: 'exam.attempt-closed' });
      records.delete(rec.id);
      await expect(sut.addEvents(user, rec.id, [{ type: 'blur' }], null)).rejects.toMatchObject({ code: 'exam.attempt-not-found' });
    });
  });

  it('audit answers not-found for a malformed or unknown id without a query for the malformed one', async () => {
    await expect(sut.audit('nope')).rejects.toMatchObject({ code: 'exam.attempt-not-found' });
    expect(mocks.attempts.find).not.toHaveBeenCalled();
    await expect(sut.audit(randomUUID())).rejects.toMatchObject({ code: 'exam.attempt-not-found' });
  });
});
