import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { AnswerKeyV1, AttemptResultV1, KeyCorrectedV1, STREAMS } from '@hoi-thi/contracts';
import { REDIS, StreamConsumer, StreamMessage, StreamOutcome } from '@hoi-thi/platform';
import { AttemptDraw } from '../attempts/attempt-draw';
import { HotStateRepository } from '../attempts/hot-state.repository';
import { RoundsRepository } from '../rounds/rounds.repository';
import { PublishedRound, toPublishedRound } from '../rounds/published-round';
import { EXAM_CONFIG, ExamConfig } from '../shared/exam-config';
import { EXAM_PG } from '../shared/exam-pg';
import { normalizePrediction, scoreDraw, toEvent } from '../submissions/attempt-result';
import { OUTBOX_SQL } from '../submissions/submission-committer';
import { OutboxRelay } from '../submissions/outbox-relay';

export const REGRADE_GROUP = 'exam-session';
/** Where a correction that cannot be applied goes (after REGRADE_MAX_DELIVERIES), for people to look at. */
export const REGRADE_DEAD_LETTER_STREAM = 'exam-session.dead-letter.v1';
/**
 * A correction pending this long under a consumer that died is taken over, and one delivered this often without
 * success is dead-lettered: a rescoring pass over a large round can take a while, so the idle time is generous.
 */
const REGRADE_CLAIM_IDLE_MS = 60_000;
const REGRADE_MAX_DELIVERIES = 10;

interface SubmittedRow {
  id: string;
  round_id: string;
  contestant_id: string;
  unit_id: string | null;
  province: string | null;
  correct: number;
  points: number;
  total: number;
  max_points: number;
  duration_ms: number;
  started_at: Date;
  submitted_at: Date;
  prediction: string | null;
  submitted_by: 'contestant' | 'deadline';
  draw: AttemptDraw;
}

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
    @Inject(EXAM_PG) private readonly pg: Pool,
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
      const key: AnswerKeyV1 = { ...cached.key, [event.questionVersionId]: { ...cached.key[event.questionVersionId], correctOptionIds: event.correctOptionIds } };
      this.rounds.invalidate(roundId);
      const round = toPublishedRound(cached.snapshot, key);
      const r = await this.rescoreRound(round, key);
      changed += r.changed;
      if (this.config.workers) {
        // Other instances may score with the old key until their round cache expires (5 s): a second pass catches those.
        setTimeout(() => void this.rescoreRound(round, key).then((x) => x.changed && this.relay.wake()).catch(() => undefined), 6000).unref();
      }
      await this.pg.query(
        `INSERT INTO exam.regrades (round_id, question_id, correct_option_ids, event_id, rescored, changed) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [roundId, event.questionVersionId, JSON.stringify(event.correctOptionIds), eventId, r.rescored, r.changed],
      );
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
      const client = await this.pg.connect();
      let page: SubmittedRow[];
      try {
        await client.query('BEGIN');
        page = (
          await client.query<SubmittedRow>(
            `SELECT id, round_id, contestant_id, unit_id, province, correct, points, total, max_points, duration_ms, started_at, submitted_at,
                    prediction::text AS prediction, submitted_by, draw
             FROM exam.attempts WHERE round_id = $1 AND status = 'submitted' AND id > $2 ORDER BY id LIMIT 500 FOR UPDATE`,
            [round.snapshot.roundId, after],
          )
        ).rows;
        if (page.length) {
          const answers = new Map<string, Map<string, string[]>>();
          const a = await client.query<{ attempt_id: string; question_id: string; option_ids: string[] }>(
            'SELECT attempt_id, question_id, option_ids FROM exam.answers WHERE round_id = $2 AND attempt_id = ANY($1::uuid[])',
            [page.map((p) => p.id), round.snapshot.roundId],
          );
          for (const x of a.rows) {
            if (!answers.has(x.attempt_id)) answers.set(x.attempt_id, new Map());
            answers.get(x.attempt_id)!.set(x.question_id, x.option_ids);
          }
          const moved: { row: SubmittedRow; result: AttemptResultV1 }[] = [];
          for (const row of page) {
            const s = scoreDraw(round, key, row.draw, answers.get(row.id) ?? new Map());
            if (s.correct === row.correct && s.points === row.points) continue;
            moved.push({
              row,
              result: {
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
              },
            });
          }
          if (moved.length) {
            await client.query(
              `UPDATE exam.attempts a SET correct = u.correct, points = u.points, key_version = $4, regraded_at = now()
               FROM unnest($1::uuid[], $2::int[], $3::int[]) AS u(id, correct, points) WHERE a.round_id = $5 AND a.id = u.id`,
              [moved.map((m) => m.row.id), moved.map((m) => m.result.correct), moved.map((m) => m.result.points), round.snapshot.keyVersion ?? null, round.snapshot.roundId],
            );
            await client.query(OUTBOX_SQL, [
              moved.map((m) => m.row.id),
              STREAMS.attemptSubmitted,
              moved.map((m) => JSON.stringify(toEvent(m.result, { contestantId: m.row.contestant_id, unitId: m.row.unit_id, province: m.row.province }, true))),
            ]);
          }
          await client.query('COMMIT');
          // The stored result a repeated submit answers changes too.
          await Promise.all(moved.map((m) => this.hot.finalize(m.row.round_id, m.row.id, m.row.contestant_id, JSON.stringify(m.result))));
          rescored += page.length;
          changed += moved.length;
        } else {
          await client.query('COMMIT');
        }
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
      if (page.length < 500) return { rescored, changed };
      after = page[page.length - 1].id;
    }
  }
}
