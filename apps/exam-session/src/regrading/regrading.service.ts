import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { AnswerKeyV1, AttemptResultV1, KeyCorrectedV1, STREAMS } from '@hoi-thi/contracts';
import { REDIS, StreamConsumer, StreamMessage, StreamOutcome } from '@hoi-thi/platform';
import { HotStateRepository } from '../attempts/hot-state.repository';
import { RoundsRepository } from '../rounds/rounds.repository';
import { PublishedRound, toPublishedRound } from '../rounds/published-round';
import { EXAM_CONFIG, ExamConfig } from '../shared/exam-config';
import { normalizePrediction, scoreDraw, toEvent } from '../submissions/attempt-result';
import { OutboxRelay } from '../submissions/outbox-relay';
import { REGRADE_PAGE, RegradingRepository, Rescored, SubmittedRow } from './regrading.repository';

export const REGRADE_GROUP = 'exam-session';
/** Where a correction that cannot be applied goes (after REGRADE_MAX_DELIVERIES), for people to look at. */
export const REGRADE_DEAD_LETTER_STREAM = 'exam-session.dead-letter.v1';
/**
 * A correction pending this long under a consumer that died is taken over, and one delivered this often without
 * success is dead-lettered: a rescoring pass over a large round can take a while, so the idle time is generous.
 */
const REGRADE_CLAIM_IDLE_MS = 60_000;
const REGRADE_MAX_DELIVERIES = 10;

/**
 * Errata: consumes `question-bank.key-corrected.v1` (consumer group `exam-session`, at-least-once, the platform's
 * `StreamConsumer`: a correction a crashed instance left pending is taken over by another, one that keeps failing
 * goes to `exam-session.dead-letter.v1`), rescoring every submitted attempt of the named rounds against the
 * corrected key (question-bank's record, with the event's correction applied over it) and emitting
 * `exam.attempt-submitted.v1` with `regraded: true` for each attempt whose score changed, through the outbox.
 * Rescoring is idempotent: a replayed event changes nothing and emits nothing.
 */
@Injectable()
export class RegradingService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Regrading');
  private readonly corrections: StreamConsumer<KeyCorrectedV1 | null>;

  constructor(
    private readonly repo: RegradingRepository,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(EXAM_CONFIG) private readonly config: ExamConfig,
    private readonly rounds: RoundsRepository,
    private readonly hot: HotStateRepository,
    private readonly relay: OutboxRelay,
  ) {
    this.corrections = new StreamConsumer(this.redis, {
      stream: STREAMS.keyCorrected,
      group: REGRADE_GROUP,
      deadLetterStream: REGRADE_DEAD_LETTER_STREAM,
      batch: 20,
      claimIdleMs: REGRADE_CLAIM_IDLE_MS,
      maxDeliveries: REGRADE_MAX_DELIVERIES,
      handle: (messages) => this.handleEntries(messages),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.workers) await this.corrections.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.corrections.stop();
  }

  /** One pass by hand (tests, the loop off): own pending corrections, then new ones; returns how many were done. */
  consumeOnce(): Promise<number> {
    return this.corrections.pollOnce();
  }

  /** Takes over the corrections an instance that died left pending (on a timer too, while the workers run). */
  reclaim(): Promise<void> {
    return this.corrections.reclaim();
  }

  /** One correction after another; one that fails stays pending (retried, dead-lettered after too many tries). */
  private async handleEntries(messages: StreamMessage<KeyCorrectedV1 | null>[]): Promise<StreamOutcome[]> {
    const out: StreamOutcome[] = [];
    for (const { id, data } of messages) {
      if (!data) {
        out.push('ack'); // an entry without a `data` field is nothing to apply
        continue;
      }
      try {
        await this.handle(data, id);
        out.push('ack');
      } catch (e) {
        out.push({ retry: `regrade of event ${id} failed: ${(e as Error).message}` });
      }
    }
    return out;
  }

  /** Applies one correction to each round it names; returns how many attempts changed score. */
  async handle(event: KeyCorrectedV1, eventId: string): Promise<number> {
    let changed = 0;
    for (const roundId of event.roundIds ?? []) {
      const rec = await this.rounds.fromRecord(roundId);
      const cached = rec ?? (await this.rounds.find(roundId).then((r) => (r ? { snapshot: r.snapshot, key: r.key } : null)));
      if (!cached) {
        this.logger.warn(`regrade: round ${roundId} is not published, skipped`);
        continue;
      }
      const key: AnswerKeyV1 = {
        ...cached.key,
        [event.questionVersionId]: { ...cached.key[event.questionVersionId], correctOptionIds: event.correctOptionIds },
      };
      this.rounds.invalidate(roundId);
      const round = toPublishedRound(cached.snapshot, key);
      const r = await this.rescoreRound(round, key);
      changed += r.changed;
      if (this.config.workers) {
        // Other instances may score with the old key until their round cache expires (5 s): a second pass catches those.
        setTimeout(
          () =>
            void this.rescoreRound(round, key)
              .then((x) => x.changed && this.relay.wake())
              .catch(() => undefined),
          6000,
        ).unref();
      }
      await this.repo.recordRegrade({
        roundId,
        questionVersionId: event.questionVersionId,
        correctOptionIds: event.correctOptionIds,
        eventId,
        rescored: r.rescored,
        changed: r.changed,
      });
    }
    if (changed) this.relay.wake();
    return changed;
  }

  /** Rescores the round's submitted attempts page by page (each page one transaction with its outbox rows). */
  async rescoreRound(round: PublishedRound, key: AnswerKeyV1): Promise<{ rescored: number; changed: number }> {
    let after = '00000000-0000-0000-0000-000000000000';
    let rescored = 0;
    let changed = 0;
    for (;;) {
      const { page, moved } = await this.repo.rescorePage(round.snapshot.roundId, after, round.snapshot.keyVersion ?? null, (rows, answers) =>
        rescorePage(round, key, rows, answers),
      );
      if (moved.length) {
        // The stored result a repeated submit answers changes too.
        await Promise.all(moved.map((m) => this.hot.finalize(m.row.round_id, m.row.id, m.row.contestant_id, JSON.stringify(m.result))));
      }
      rescored += page.length;
      changed += moved.length;
      if (page.length < REGRADE_PAGE) return { rescored, changed };
      after = page[page.length - 1].id;
    }
  }
}

/** The attempts of a page whose score differs under `key`, with their new result and the event their outbox row carries. */
export function rescorePage(round: PublishedRound, key: AnswerKeyV1, page: SubmittedRow[], answers: Map<string, Map<string, string[]>>): Rescored[] {
  const moved: Rescored[] = [];
  for (const row of page) {
    const s = scoreDraw(round, key, row.draw, answers.get(row.id) ?? new Map());
    if (s.correct === row.correct && s.points === row.points) continue;
    const result: AttemptResultV1 = {
      attemptId: row.id,
      roundId: row.round_id,
      status: 'submitted',
      correct: s.correct,
      points: s.points,
      total: row.total,
      maxPoints: row.max_points,
      durationMs: row.duration_ms,
      startedAt: row.started_at.toISOString(),
      submittedAt: row.submitted_at.toISOString(),
      prediction: row.prediction === null ? null : normalizePrediction(row.prediction),
      submittedBy: row.submitted_by,
    };
    moved.push({ row, result, event: toEvent(result, { contestantId: row.contestant_id, unitId: row.unit_id, province: row.province }, true) });
  }
  return moved;
}
