import { Injectable } from '@nestjs/common';
import type {
  AuditPageV1,
  DisqualificationPageV1,
  DisqualifiedV1,
  JudgeAttemptDetailV1,
  JudgeAttemptPageV1,
  JudgeAttemptRowV1,
  JudgeFlagsV1,
  WhatIfV1,
} from '@hoi-thi/contracts';
import { computePredictionTrueValue, parsePrediction, formatPrediction } from '@hoi-thi/domain';
import { LeaderboardEnv } from '../leaderboard.env';
import { BoardReadService } from '../live/board-read.service';
import { LiveBoardService } from '../live/live-board.service';
import { trimDecimal } from '../live/live-attempt';
import { ResultsRepository } from '../results/results.repository';
import { RegistrationReader } from '../sources/registration.reader';
import { DisqualificationsRepository } from './disqualifications.repository';
import { CursorKey, decodeCursor, isUuidText, pageOf } from '../common/cursor';
import { AttemptRow, JudgeRepository } from './judge.repository';
import { leaderboardError } from '../common/leaderboard.errors';

const isAttemptKey = (k: CursorKey): k is [string | null, string] =>
  k.length === 2 && (k[0] === null || (typeof k[0] === 'string' && k[0].length <= 64)) && isUuidText(k[1]);
const isDisqualificationKey = (k: CursorKey): k is [string, string] => k.length === 2 && typeof k[0] === 'string' && k[0].length <= 64 && isUuidText(k[1]);
const isIdKey = (k: CursorKey): k is [string] => k.length === 1 && typeof k[0] === 'string' && /^\d{1,19}$/.test(k[0]);

/** exam's row as the contract names it: instants in ISO 8601, the prediction's trailing zeros trimmed. */
function attemptView(a: AttemptRow): JudgeAttemptRowV1 {
  return {
    id: a.id,
    round_id: a.round_id,
    contestant_id: a.contestant_id,
    unit_id: a.unit_id,
    province: a.province,
    status: a.status,
    correct: a.correct,
    points: a.points,
    total: a.total,
    duration_ms: a.duration_ms,
    started_at: a.started_at.toISOString(),
    deadline: a.deadline.toISOString(),
    submitted_at: a.submitted_at?.toISOString() ?? null,
    prediction: a.prediction === null ? null : trimDecimal(a.prediction),
  };
}

/** The judge console: attempts, anti-cheat flags, disqualification (audited, before finalization), what-if. */
@Injectable()
export class JudgeService {
  constructor(
    private readonly settings: LeaderboardEnv,
    private readonly repo: JudgeRepository,
    private readonly disqualifications: DisqualificationsRepository,
    private readonly reads: BoardReadService,
    private readonly board: LiveBoardService,
    private readonly results: ResultsRepository,
    private readonly registration: RegistrationReader,
  ) {}

  private fastFlag(a: Pick<AttemptRow, 'status' | 'total' | 'duration_ms'>): boolean {
    return a.status === 'submitted' && a.total > 0 && (a.duration_ms ?? Infinity) < a.total * this.settings.LEADERBOARD_FAST_MS_PER_QUESTION;
  }

  /** A page of the round's attempts in submission order (unsubmitted last), keyset-paged. */
  async list(roundId: string, q: { limit?: number; cursor?: string; contestantId?: string; fast?: boolean }): Promise<JudgeAttemptPageV1> {
    const limit = q.limit ?? 50;
    const after = q.cursor ? decodeCursor(q.cursor, isAttemptKey) : undefined;
    await this.reads.round(roundId);
    const rows = await this.repo.list(roundId, {
      limit: limit + 1,
      after: after && { at: after[0], id: after[1] },
      contestantId: q.contestantId?.toLowerCase(),
      fastMsPerQuestion: q.fast ? this.settings.LEADERBOARD_FAST_MS_PER_QUESTION : undefined,
    });
    const shown = rows.slice(0, limit);
    const [names, focus, dq] = await Promise.all([
      this.registration.fullNames([...new Set(shown.map((r) => r.contestant_id))]),
      this.repo.focusLosses(shown.map((r) => r.id)),
      this.disqualifications.contestantIds(roundId),
    ]);
    const disqualified = new Set(dq);
    return pageOf(
      rows,
      limit,
      (a) => ({
        ...attemptView(a),
        contestantName: names.get(a.contestant_id) ?? null,
        focusLosses: focus.get(a.id) ?? 0,
        flags: { fast: this.fastFlag(a), disqualified: disqualified.has(a.contestant_id) },
      }),
      (a) => [a.key_at, a.id],
    );
  }

  async get(roundId: string, attemptId: string): Promise<JudgeAttemptDetailV1> {
    await this.reads.round(roundId);
    const attempt = await this.repo.get(roundId, attemptId);
    if (!attempt) throw leaderboardError('leaderboard.attempt-not-found');
    const [answers, events, names, focus] = await Promise.all([
      this.repo.answers(attemptId, roundId),
      this.repo.events(attemptId),
      this.registration.fullNames([attempt.contestant_id]),
      this.repo.focusLosses([attemptId]),
    ]);
    // Time per question: from the attempt's start, each answer's first save after the previous one (answers come in that order).
    const started = attempt.started_at.getTime();
    const times = answers.map((a, i) => ({
      questionId: a.question_id,
      msSincePrevious: a.first_answered_at.getTime() - (i === 0 ? started : answers[i - 1].first_answered_at.getTime()),
    }));
    return {
      attempt: attemptView(attempt),
      contestantName: names.get(attempt.contestant_id) ?? null,
      ip: attempt.ip ?? null,
      device: attempt.user_agent ?? null,
      focusLosses: focus.get(attemptId) ?? 0,
      timePerQuestion: times,
      answers: answers.map((a) => ({
        questionId: a.question_id,
        optionIds: a.option_ids,
        changes: a.changes,
        firstAnsweredAt: a.first_answered_at.toISOString(),
        lastAnsweredAt: a.last_answered_at.toISOString(),
      })),
      events: events.map((e) => ({ type: e.type, clientAt: e.client_at?.toISOString() ?? null, serverAt: e.server_at.toISOString() })),
      flags: { fast: this.fastFlag(attempt) },
    };
  }

  async flags(roundId: string): Promise<JudgeFlagsV1> {
    await this.reads.round(roundId);
    const min = this.settings.LEADERBOARD_SHARED_DEVICE_ACCOUNTS;
    const [fast, sharedAddresses, sharedDevices] = await Promise.all([
      this.repo.list(roundId, { limit: 200, fastMsPerQuestion: this.settings.LEADERBOARD_FAST_MS_PER_QUESTION }),
      this.repo.sharedGroups(roundId, 'ip', min),
      this.repo.sharedGroups(roundId, 'device', min),
    ]);
    return {
      roundId,
      thresholds: { fastMsPerQuestion: this.settings.LEADERBOARD_FAST_MS_PER_QUESTION, accountsPerAddress: min },
      // The fast filter keeps submitted attempts with a duration and at least one question.
      fast: fast.map((a) => ({
        attemptId: a.id,
        contestantId: a.contestant_id,
        total: a.total,
        durationMs: a.duration_ms ?? 0,
        msPerQuestion: Math.round((a.duration_ms ?? 0) / a.total),
      })),
      sharedAddresses: sharedAddresses.map(({ key, ...g }) => ({ ip: key, ...g })),
      sharedDevices: sharedDevices.map(({ key, ...g }) => ({ device: key, ...g })),
    };
  }

  /** Disqualifies a contestant of the round (their attempts leave the board and the ranking), with a reason; audited. */
  async disqualify(roundId: string, contestantId: string, reason: string, by: string): Promise<DisqualifiedV1> {
    await this.reads.round(roundId);
    const id = contestantId.toLowerCase();
    if (await this.results.roundResult(roundId)) throw leaderboardError('leaderboard.round-already-finalized');
    if (!(await this.repo.hasAttempt(roundId, id))) throw leaderboardError('leaderboard.contestant-not-found');
    if (!(await this.disqualifications.add({ roundId, contestantId: id, reason: reason.trim(), by }))) {
      throw leaderboardError('leaderboard.disqualification-duplicate');
    }
    await this.board.disqualify(roundId, id);
    return { roundId, contestantId: id, reason: reason.trim(), disqualifiedBy: by };
  }

  /** A page of the round's disqualifications, oldest first. */
  async listDisqualifications(roundId: string, q: { limit?: number; cursor?: string }): Promise<DisqualificationPageV1> {
    const limit = q.limit ?? 50;
    const after = q.cursor ? decodeCursor(q.cursor, isDisqualificationKey) : undefined;
    await this.reads.round(roundId);
    const rows = await this.disqualifications.list(roundId, limit + 1, after && { at: after[0], contestantId: after[1] });
    return pageOf(
      rows,
      limit,
      (d) => ({ contestantId: d.contestant_id, reason: d.reason, disqualifiedBy: d.disqualified_by, at: d.created_at.toISOString() }),
      (d) => [d.key_at, d.contestant_id],
    );
  }

  /** A page of the round's audit trail (disqualifications, computations, prizes), oldest first. */
  async audit(roundId: string, q: { limit?: number; cursor?: string }): Promise<AuditPageV1> {
    const limit = q.limit ?? 50;
    const after = q.cursor ? decodeCursor(q.cursor, isIdKey)[0] : undefined;
    await this.reads.round(roundId);
    const rows = await this.disqualifications.auditTrail(roundId, limit + 1, after);
    return pageOf(
      rows,
      limit,
      (e) => ({ id: e.id, actorId: e.actor_id, action: e.action, roundId: e.round_id, subjectId: e.subject_id, details: e.details, at: e.at.toISOString() }),
      (e) => [e.id],
    );
  }

  /** How the top `limit` would move if the prediction's true value were `delta` away (frozen value if finalized, else today's). */
  async whatIf(roundId: string, delta: number, limit: number): Promise<WhatIfV1> {
    const round = await this.reads.round(roundId);
    if (!round.prediction || !round.rule.includes('prediction')) {
      return { roundId, trueValue: null, whatIfValue: null, entries: [], note: 'this round does not rank by a prediction' };
    }
    const frozen = await this.results.roundResult(roundId);
    let trueValue = frozen?.true_value ? trimDecimal(frozen.true_value) : null;
    if (!trueValue) {
      const stats = await this.results.inTransaction((qr) => this.results.predictionStats(qr, roundId));
      trueValue = computePredictionTrueValue(round.prediction.target, stats);
    }
    const shifted = parsePrediction(trueValue) + BigInt(delta) * 100000n;
    const whatIfValue = formatPrediction(shifted < 0n ? 0n : shifted);
    const tieSide = round.prediction.tieSide;
    const [official, alternative] = await Promise.all([
      this.results.whatIf(roundId, round.rule, tieSide, trueValue, limit),
      this.results.whatIf(roundId, round.rule, tieSide, whatIfValue, limit),
    ]);
    const officialPlace = new Map(official.map((r) => [r.attempt_id, r.position]));
    return {
      roundId,
      trueValue,
      whatIfValue: trimDecimal(whatIfValue),
      entries: alternative.map((r) => ({
        attemptId: r.attempt_id,
        contestantId: r.contestant_id,
        whatIfPosition: r.position,
        whatIfRank: r.rank,
        officialPosition: officialPlace.get(r.attempt_id) ?? null,
        move: officialPlace.has(r.attempt_id) ? officialPlace.get(r.attempt_id)! - r.position : null,
      })),
    };
  }
}
