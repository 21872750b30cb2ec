import { Injectable } from '@nestjs/common';
import { PlatformEnv, ProblemException } from '@hoi-thi/platform';
import { computePredictionTrueValue, parsePrediction, formatPrediction } from '@hoi-thi/domain';
import { LeaderboardEnv, leaderboardEnv } from '../leaderboard.env';
import { BoardReadService } from '../live/board-read.service';
import { LiveBoardService } from '../live/live-board.service';
import { trimDecimal } from '../live/live-attempt';
import { ResultsRepository } from '../results/results.repository';
import { RegistrationReader } from '../sources/registration.reader';
import { DisqualificationsRepository } from './disqualifications.repository';
import { JudgeRepository } from './judge.repository';

/** The judge console: attempts, anti-cheat flags, disqualification (audited, before finalization), what-if. */
@Injectable()
export class JudgeService {
  private readonly settings: LeaderboardEnv;

  constructor(
    env: PlatformEnv,
    private readonly repo: JudgeRepository,
    private readonly disqualifications: DisqualificationsRepository,
    private readonly reads: BoardReadService,
    private readonly board: LiveBoardService,
    private readonly results: ResultsRepository,
    private readonly registration: RegistrationReader,
  ) {
    this.settings = leaderboardEnv(env);
  }

  private fastFlag(a: Record<string, unknown>): boolean {
    const total = Number(a.total ?? 0);
    return a.status === 'submitted' && total > 0 && Number(a.duration_ms ?? Infinity) < total * this.settings.LEADERBOARD_FAST_MS_PER_QUESTION;
  }

  async list(roundId: string, q: { limit?: number; offset?: number; contestantId?: string; fast?: boolean }) {
    await this.reads.round(roundId);
    const rows = await this.repo.list(roundId, {
      limit: q.limit ?? 50,
      offset: q.offset ?? 0,
      contestantId: q.contestantId?.toLowerCase(),
      fastMsPerQuestion: q.fast ? this.settings.LEADERBOARD_FAST_MS_PER_QUESTION : undefined,
    });
    const ids = rows.map((r) => String(r.contestant_id));
    const [names, focus, dq] = await Promise.all([
      this.registration.fullNames([...new Set(ids)]),
      this.repo.focusLosses(rows.map((r) => String(r.id))),
      this.disqualifications.contestantIds(roundId),
    ]);
    const disqualified = new Set(dq);
    return {
      roundId,
      limit: q.limit ?? 50,
      offset: q.offset ?? 0,
      attempts: rows.map((a) => ({
        ...a,
        contestantName: names.get(String(a.contestant_id)) ?? null,
        focusLosses: focus.get(String(a.id)) ?? 0,
        flags: { fast: this.fastFlag(a), disqualified: disqualified.has(String(a.contestant_id)) },
      })),
    };
  }

  async get(roundId: string, attemptId: string) {
    await this.reads.round(roundId);
    const attempt = await this.repo.get(roundId, attemptId);
    if (!attempt) throw new ProblemException('leaderboard.attempt-not-found');
    const [related, names, focus] = await Promise.all([
      this.repo.related(attemptId, roundId),
      this.registration.fullNames([String(attempt.contestant_id)]),
      this.repo.focusLosses([attemptId]),
    ]);
    const answers = (related.answers ?? []) as { question_id?: string; first_answered_at?: string; last_answered_at?: string }[];
    // Time per question: from the attempt's start, each answer's first save after the previous one.
    const started = Date.parse(String(attempt.started_at));
    const times = [...answers]
      .filter((a) => a.first_answered_at)
      .sort((x, y) => Date.parse(x.first_answered_at!) - Date.parse(y.first_answered_at!))
      .map((a, i, all) => ({
        questionId: a.question_id,
        msSincePrevious: Date.parse(a.first_answered_at!) - (i === 0 ? started : Date.parse(all[i - 1].first_answered_at!)),
      }));
    return {
      attempt,
      contestantName: names.get(String(attempt.contestant_id)) ?? null,
      ip: attempt.ip ?? null,
      device: attempt.user_agent ?? null,
      focusLosses: focus.get(attemptId) ?? 0,
      timePerQuestion: times,
      related,
      flags: { fast: this.fastFlag(attempt) },
    };
  }

  async flags(roundId: string) {
    await this.reads.round(roundId);
    const min = this.settings.LEADERBOARD_SHARED_DEVICE_ACCOUNTS;
    const [fast, sharedAddresses, sharedDevices] = await Promise.all([
      this.repo.list(roundId, { limit: 200, offset: 0, fastMsPerQuestion: this.settings.LEADERBOARD_FAST_MS_PER_QUESTION }),
      this.repo.sharedGroups(roundId, 'ip', min),
      this.repo.sharedGroups(roundId, 'device', min),
    ]);
    return {
      roundId,
      thresholds: { fastMsPerQuestion: this.settings.LEADERBOARD_FAST_MS_PER_QUESTION, accountsPerAddress: min },
      fast: fast.map((a) => ({
        attemptId: a.id,
        contestantId: a.contestant_id,
        total: a.total,
        durationMs: a.duration_ms,
        msPerQuestion: Math.round(Number(a.duration_ms) / Number(a.total)),
      })),
      sharedAddresses,
      sharedDevices,
    };
  }

  /** Disqualifies a contestant of the round (their attempts leave the board and the ranking), with a reason; audited. */
  async disqualify(roundId: string, contestantId: string, reason: string, by: string) {
    await this.reads.round(roundId);
    const id = contestantId.toLowerCase();
    if (await this.results.roundResult(roundId)) throw new ProblemException('leaderboard.round-already-finalized');
    if (!(await this.repo.hasAttempt(roundId, id))) throw new ProblemException('leaderboard.contestant-not-found');
    if (!(await this.disqualifications.add({ roundId, contestantId: id, reason: reason.trim(), by }))) {
      throw new ProblemException('leaderboard.disqualification-duplicate');
    }
    await this.board.disqualify(roundId, id);
    return { roundId, contestantId: id, reason: reason.trim(), disqualifiedBy: by };
  }

  async listDisqualifications(roundId: string) {
    await this.reads.round(roundId);
    return (await this.disqualifications.list(roundId)).map((d) => ({
      contestantId: d.contestantId,
      reason: d.reason,
      disqualifiedBy: d.disqualifiedBy,
      at: d.createdAt,
    }));
  }

  async audit(roundId: string) {
    await this.reads.round(roundId);
    return this.disqualifications.auditTrail(roundId);
  }

  /** How the top `limit` would move if the prediction's true value were `delta` away (frozen value if finalized, else today's). */
  async whatIf(roundId: string, delta: number, limit: number) {
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
