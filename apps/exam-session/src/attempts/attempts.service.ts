import { Inject, Injectable } from '@nestjs/common';
import { randomFillSync, randomUUID } from 'node:crypto';
import {
  AccessClaimsV1,
  ATTEMPT_EVENT_TYPES,
  AttemptAuditV1,
  AttemptEventType,
  AttemptResultV1,
  AttemptReviewV1,
  AttemptSummaryV1,
  AttemptV1,
  MyAttemptsV1,
} from '@hoi-thi/contracts';
import { computeDeadline, effectiveRevealPolicy, roundStatus } from '@hoi-thi/domain';
import { Clock, ProblemException, RateLimits } from '@hoi-thi/platform';
import { decodeDecision, encodeDecision } from '../eligibility/eligibility-rules';
import { EligibilityService } from '../eligibility/eligibility.service';
import { RoundsRepository } from '../rounds/rounds.repository';
import { PublishedRound } from '../rounds/published-round';
import { EXAM_CONFIG, ExamConfig } from '../shared/exam-config';
import { resultOfRow } from '../submissions/submission-committer';
import { SubmissionsService } from '../submissions/submissions.service';
import { AttemptDraw, drawAttempt, opaqueIdsOf, opaqueOfDraw } from './attempt-draw';
import { AttemptStateService, hotPairs } from './attempt-state.service';
import { toAttemptView, toReview } from './attempt-view';
import { AttemptRecord, AttemptsRepository, NewAttempt } from './attempts.repository';
import { MicroBatcher } from '../shared/micro-batcher';
import { HotStateRepository, StartArgs } from './hot-state.repository';
import { examError } from './attempts.errors';

export interface StartResult {
  created: boolean;
  view: AttemptV1;
}

/** Client signals per contestant and minute (a batch spends one point per event): RateLimits' name. */
export const EVENTS_RATE = 'exam.attempt-events';

const CONFLICT = Object.assign(new Error('attempt row conflicts'), { code: '23505' });
const EVENT_TYPES = new Set<string>(ATTEMPT_EVENT_TYPES);

/** Starting, resuming and reviewing attempts; the contestant's list; the judges' audit view. */
@Injectable()
export class AttemptsService {
  /** New attempt rows, micro-batched (one INSERT … SELECT FROM unnest per batch); rejects with 23505 when a row conflicts. */
  private readonly inserts: MicroBatcher<NewAttempt, Error | undefined>;
  /** Who may start (the contest's required profile fields and unit tree); asked only when the gate has no decision. */

  constructor(
    private readonly rounds: RoundsRepository,
    private readonly attempts: AttemptsRepository,
    private readonly hot: HotStateRepository,
    private readonly state: AttemptStateService,
    private readonly submissions: SubmissionsService,
    private readonly clock: Clock,
    @Inject(EXAM_CONFIG) private readonly config: ExamConfig,
    /** Who may start (the contest's required profile fields and unit tree); asked only when the gate has no decision. */
    readonly eligibility: EligibilityService,
    private readonly rates: RateLimits,
  ) {
    this.rates.define(EVENTS_RATE, config.eventsPerMinute, 60);
    this.inserts = new MicroBatcher(
      async (rows) => {
        const inserted = await this.attempts.insertMany(rows);
        return rows.map((r): Error | undefined => (inserted.has(r.id) ? undefined : CONFLICT));
      },
      { maxBatch: 500, maxConcurrent: 2 },
    );
  }

  /**
   * Starts an attempt, or returns the active one. The Redis gate (one Lua script) decides eligibility, the
   * attempts left and "one active attempt" atomically; PostgreSQL's partial unique index is the safety net.
   * Eligibility is decided once per (round, contestant), on the first start (with the attempts count read from
   * PostgreSQL), and kept by the gate; a refusal names each missing profile field (problem+json `errors`).
   * The gate is called light first (no hot state): it answers an active attempt, a refusal or what it needs at
   * once, and the attempt is drawn only when it is to be created (then the gate checks everything again).
   */
  async start(user: AccessClaimsV1, roundId: string, ip: string | null, userAgent: string | null): Promise<StartResult> {
    const round = await this.rounds.find(roundId);
    // A round of an unpublished contest answers as an unknown one: its id is not confirmed to whoever guessed it.
    if (!round || !round.contestPublished) throw examError('exam.round-not-found');
    for (let pass = 0; pass < 3; pass += 1) {
      const now = this.clock.date();
      if (roundStatus(now, round.opensAtMs, round.closesAtMs) !== 'open') throw examError('exam.round-not-open');
      const attemptId = randomUUID();
      const deadline = computeDeadline(now, round.snapshot.timeLimitSeconds, round.closesAtMs);
      const base: StartArgs = {
        roundId,
        contestantId: user.sub,
        attemptId,
        limit: round.snapshot.practice ? null : round.snapshot.attemptsAllowed,
        contestantExpiresAt: round.closesAtMs + AttemptStateService.KEEP_MS,
        attemptExpiresAt: deadline.getTime() + AttemptStateService.KEEP_MS,
        nowMs: now.getTime(),
        refusalExpiresAt: now.getTime() + EligibilityService.REFUSAL_TTL_MS,
      };
      let gate = await this.hot.start(base);
      let created: { seed: string; draw: AttemptDraw; opaque: Map<string, string[]> } | undefined;
      if (gate.kind === 'missing' || gate.kind === 'undecided' || gate.kind === 'ready') {
        const [used, decision] =
          gate.kind === 'ready'
            ? [undefined, undefined]
            : await Promise.all([
                gate.kind === 'missing' ? this.attempts.usage(roundId, user.sub) : undefined,
                this.eligibility.decide(round.snapshot.contestId, user.sub),
              ]);
        const seed = randomSeed();
        const draw = drawAttempt(round, seed);
        const opaque = opaqueOfDraw(round, seed, draw);
        const pairs = hotPairs(round, { contestantId: user.sub, roundId, status: 'active', deadline, startedAt: now, seed, draw, committed: false, opaque });
        created = { seed, draw, opaque };
        gate = await this.hot.start({ ...base, seed: used, decision: decision && encodeDecision(decision), pairs });
      }
      if (gate.kind === 'ineligible') throw notEligible(gate.decision);
      if (gate.kind === 'exhausted') throw examError('exam.attempts-exhausted');
      if (gate.kind === 'missing' || gate.kind === 'undecided' || gate.kind === 'ready') continue; // the key changed meanwhile
      if (gate.kind === 'active') {
        const rec = await this.waitForRecord(gate.attemptId);
        if (rec && rec.status === 'active' && now.getTime() > rec.deadline.getTime() + this.config.graceMs) {
          await this.submissions.finalizeDue(rec.id); // expired but not yet swept: finalize, then start anew
          continue;
        }
        if (!rec) {
          // The gate's winner never committed (crashed between Redis and PostgreSQL): free the slot.
          await this.hot.unreserve(roundId, user.sub, gate.attemptId);
          continue;
        }
        if (rec.status !== 'active') {
          await this.hot.finalize(roundId, rec.id, user.sub, JSON.stringify(resultOfRow(rec)));
          continue;
        }
        await this.state.rebuild(rec);
        this.state.remember(rec.id, roundId, user.sub);
        return { created: false, view: await this.viewOf(round, rec, now) };
      }
      if (!created) throw examError('exam.attempt-starting');
      const { seed, draw, opaque } = created;
      try {
        const conflict = await this.inserts.push({
          id: attemptId,
          roundId,
          contestantId: user.sub,
          unitId: user.unitId ?? null,
          province: user.province ?? null,
          total: draw.questions.length,
          maxPoints: draw.questions.reduce((s, q) => s + (round.questions.get(q.id)?.points ?? 1), 0),
          startedAt: now,
          deadline,
          attemptNo: gate.attemptNo,
          seed,
          draw,
          ip,
          userAgent: userAgent?.slice(0, 512) ?? null,
        });
        if (conflict) throw conflict;
      } catch (e) {
        await this.hot.unreserve(roundId, user.sub, attemptId);
        if ((e as { code?: string }).code !== '23505') throw e;
        // PostgreSQL knows better than Redis (e.g. a Redis that lost keys): re-seed the gate from it and retry.
        await this.hot.forgetContestant(roundId, user.sub);
        continue;
      }
      this.state.remember(attemptId, roundId, user.sub);
      await this.hot.markCommitted(roundId, attemptId, deadline.getTime() + this.config.graceMs);
      const view = toAttemptView(
        round,
        { id: attemptId, roundId, attemptNo: gate.attemptNo, status: 'active', startedAt: now, deadline, seed, draw, answers: [], result: null },
        now,
        opaque,
      );
      return { created: true, view };
    }
    throw examError('exam.attempt-starting');
  }

  /** Resume: the owner's attempt with its saved answers (hot state rebuilt if Redis lost it). */
  async view(user: AccessClaimsV1, attemptId: string): Promise<AttemptV1> {
    await this.state.locateOwned(attemptId, user.sub);
    const rec = await this.attempts.find(attemptId);
    if (!rec || rec.contestant_id !== user.sub) throw examError('exam.attempt-not-found');
    const round = await this.rounds.find(rec.round_id);
    if (!round) throw examError('exam.round-not-found');
    await this.state.rebuild(rec);
    return this.viewOf(round, rec, this.clock.date());
  }

  async mine(user: AccessClaimsV1, roundId: string): Promise<MyAttemptsV1> {
    const round = await this.rounds.find(roundId);
    if (!round || !round.contestPublished) throw examError('exam.round-not-found');
    const rows = await this.attempts.mine(roundId, user.sub);
    const attempts = rows.map(summary);
    const done = attempts.filter((a) => a.status === 'submitted');
    const best =
      done.sort(
        (a, b) => (b.points ?? 0) - (a.points ?? 0) || (a.durationMs ?? 0) - (b.durationMs ?? 0) || (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''),
      )[0] ?? null;
    const allowed = round.snapshot.practice ? null : round.snapshot.attemptsAllowed;
    return {
      roundId,
      attemptsAllowed: allowed,
      attemptsUsed: rows.length,
      attemptsLeft: allowed === null ? null : Math.max(0, allowed - rows.length),
      attempts: rows.map(summary),
      best,
    };
  }

  /** Questions with keys and explanations: the owner when the reveal policy allows it, judges always. */
  async review(user: AccessClaimsV1, attemptId: string): Promise<AttemptReviewV1> {
    const judge = user.roles.includes('judge') || user.roles.includes('admin');
    const rec = judge ? await this.attempts.find(attemptId).catch(() => null) : null;
    const own = judge ? rec : (await this.state.locateOwned(attemptId, user.sub), await this.attempts.find(attemptId));
    if (!own || (!judge && own.contestant_id !== user.sub)) throw examError('exam.attempt-not-found');
    const round = await this.rounds.find(own.round_id);
    if (!round) throw examError('exam.round-not-found');
    const now = this.clock.date();
    if (!judge) {
      // A legacy round whose review would hand the key to the contestant's next attempt waits for the close.
      const policy = effectiveRevealPolicy(round.snapshot);
      const allowed = own.status === 'submitted' && (policy === 'after-submit' || (policy === 'after-close' && now.getTime() >= round.closesAtMs));
      if (!allowed) throw examError('exam.review-not-allowed');
    }
    const answers = await this.attempts.answers(own.id, own.round_id);
    const view = await this.viewOf(round, own, now, answers);
    return {
      attempt: view,
      questions: toReview(round.key, view, opaqueIdsOf(round, own.seed, own.draw), new Map(answers.map((a) => [a.question_id, a.option_ids]))),
    };
  }

  /** Judges: the anti-cheat signals of any attempt (IP, device, per-question times, focus losses). */
  async audit(attemptId: string): Promise<AttemptAuditV1> {
    const rec = /^[0-9a-f-]{36}$/i.test(attemptId) ? await this.attempts.find(attemptId) : null;
    if (!rec) throw examError('exam.attempt-not-found');
    const [answers, events] = await Promise.all([this.attempts.answers(attemptId, rec.round_id), this.attempts.events(attemptId)]);
    const order = new Map(rec.draw.questions.map((q, i) => [q.id, i]));
    return {
      attemptId: rec.id,
      roundId: rec.round_id,
      contestantId: rec.contestant_id,
      unitId: rec.unit_id,
      province: rec.province,
      status: rec.status,
      ip: rec.ip,
      userAgent: rec.user_agent,
      startedAt: rec.started_at.toISOString(),
      deadline: rec.deadline.toISOString(),
      submittedAt: rec.submitted_at?.toISOString() ?? null,
      submittedBy: rec.submitted_by,
      durationMs: rec.duration_ms,
      correct: rec.correct,
      points: rec.points,
      total: rec.total,
      seed: rec.seed,
      draw: rec.draw,
      answers: answers
        .sort((a, b) => (order.get(a.question_id) ?? 0) - (order.get(b.question_id) ?? 0))
        .map((a) => ({
          questionId: a.question_id,
          optionIds: a.option_ids,
          seq: a.seq,
          changes: a.changes,
          firstAnsweredAt: a.first_answered_at.toISOString(),
          lastAnsweredAt: a.last_answered_at.toISOString(),
          msFromStart: a.first_answered_at.getTime() - rec.started_at.getTime(),
        })),
      focusLosses: events.filter((e) => e.type === 'blur' || e.type === 'visibility-hidden').length,
      events: events.map((e) => ({ type: e.type, clientAt: e.client_at?.toISOString() ?? null, serverAt: e.server_at.toISOString(), ip: e.ip })),
    };
  }

  /**
   * Client-reported signals (focus lost, tab hidden…), stored for judges. Only while the attempt can still change:
   * once it is submitted or past its deadline and grace (the deadline never passes the round's close) a signal tells
   * judges nothing, so it is refused (409) rather than stored. Each contestant has a budget of events per minute
   * (429 with Retry-After beyond it), spent before anything is read.
   */
  async addEvents(user: AccessClaimsV1, attemptId: string, events: { type: AttemptEventType; at?: string }[], ip: string | null): Promise<void> {
    const { roundId } = await this.state.locateOwned(attemptId, user.sub);
    if (!events.length || events.some((e) => !EVENT_TYPES.has(e.type))) throw examError('exam.event-type-invalid');
    await this.rates.consume(EVENTS_RATE, user.sub, events.length);
    const now = this.clock.date();
    if (!(await this.acceptsEvents(roundId, attemptId, now))) throw examError('exam.attempt-closed');
    await this.attempts.addEvents(
      attemptId,
      events.map((e) => {
        const clientAt = e.at ? new Date(e.at) : null;
        return { type: e.type, clientAt: clientAt && !Number.isNaN(clientAt.getTime()) ? clientAt : null };
      }),
      now,
      ip,
    );
  }

  /** Whether the attempt is active and within its deadline and grace: its hot state, else (Redis lost it) PostgreSQL. */
  private async acceptsEvents(roundId: string, attemptId: string, now: Date): Promise<boolean> {
    const [owner, status, deadline] = await this.hot.forEvents(roundId, attemptId).catch(() => [null, null, null]);
    if (owner) return status === 'active' && now.getTime() <= Number(deadline) + this.config.graceMs;
    const rec = await this.attempts.find(attemptId);
    if (!rec) throw examError('exam.attempt-not-found');
    return rec.status === 'active' && now.getTime() <= rec.deadline.getTime() + this.config.graceMs;
  }

  private async waitForRecord(attemptId: string): Promise<AttemptRecord | null> {
    for (let i = 0; i < 100; i += 1) {
      const rec = await this.attempts.find(attemptId);
      if (rec) return rec;
      await new Promise((r) => setTimeout(r, 20)); // the winner of the gate is inserting it
    }
    return null;
  }

  private async viewOf(round: PublishedRound, rec: AttemptRecord, now: Date, answers?: Awaited<ReturnType<AttemptsRepository['answers']>>): Promise<AttemptV1> {
    const saved = answers ?? (await this.attempts.answers(rec.id, rec.round_id));
    const order = new Map(rec.draw.questions.map((q, i) => [q.id, i]));
    const result: AttemptResultV1 | null = rec.status === 'submitted' ? resultOfRow(rec) : null;
    return toAttemptView(
      round,
      {
        id: rec.id,
        roundId: rec.round_id,
        attemptNo: rec.attempt_no,
        status: rec.status,
        startedAt: rec.started_at,
        deadline: rec.deadline,
        seed: rec.seed,
        draw: rec.draw,
        answers: saved
          .sort((a, b) => (order.get(a.question_id) ?? 0) - (order.get(b.question_id) ?? 0))
          .map((a) => ({ questionId: a.question_id, optionIds: a.option_ids, seq: a.seq })),
        result,
      },
      now,
    );
  }
}

const SEEDS = Buffer.alloc(16 * 256);
let seedAt = SEEDS.length;

/** A fresh attempt seed (128 random bits, hex), from a buffer refilled by the CSPRNG every 256 seeds. */
function randomSeed(): string {
  if (seedAt === SEEDS.length) {
    randomFillSync(SEEDS);
    seedAt = 0;
  }
  seedAt += 16;
  return SEEDS.toString('hex', seedAt - 16, seedAt);
}

/** 403 exam.not-eligible naming each profile field that keeps the contestant out (none for an exclusion). */
function notEligible(encoded: string): ProblemException {
  const d = decodeDecision(encoded);
  const problems = d.eligible ? [] : d.problems;
  return examError(
    'exam.not-eligible',
    problems.map((p) => ({ field: p.field, constraint: 'eligibility', message: p.message })),
  );
}

function summary(r: AttemptRecord): AttemptSummaryV1 {
  return {
    attemptId: r.id,
    attemptNo: r.attempt_no,
    status: r.status,
    correct: r.correct,
    points: r.points,
    total: r.total,
    durationMs: r.duration_ms,
    startedAt: r.started_at.toISOString(),
    deadline: r.deadline.toISOString(),
    submittedAt: r.submitted_at?.toISOString() ?? null,
  };
}
