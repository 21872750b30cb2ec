import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import { AnswerKeyV1, AttemptResultV1, KeyCorrectedV1, STREAMS } from '@hoi-thi/contracts';
import { REDIS } from '@hoi-thi/platform';
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
 * Errata: consumes `question-bank.key-corrected.v1` (consumer group `exam-session`, at-least-once), rescoring every
 * submitted attempt of the named rounds against the corrected key (question-bank's record, with the event's
 * correction applied over it) and emitting `exam.attempt-submitted.v1` with `regraded: true` for each attempt whose
 * score changed, through the outbox. Rescoring is idempotent: a replayed event changes nothing and emits nothing.
 */
@Injectable()
export class RegradingService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Regrading');
  private reader?: Redis;
  private stopped = false;
  private readonly consumer = `exam-${randomUUID().slice(0, 8)}`;

  constructor(
    @Inject(EXAM_PG) private readonly pg: Pool,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(EXAM_CONFIG) private readonly config: ExamConfig,
    private readonly rounds: RoundsRepository,
    private readonly hot: HotStateRepository,
    private readonly relay: OutboxRelay,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.workers) return;
    this.reader = this.redis.duplicate({ enableAutoPipelining: false, maxRetriesPerRequest: null });
    void this.loop();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    this.reader?.disconnect();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.consumeOnce(this.reader!, 5000);
      } catch (e) {
        if (this.stopped) return;
        this.logger.warn(`key-corrected consumer: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** Reads (pending first, then new) events once and handles them; returns how many were handled. */
  async consumeOnce(conn: Redis = this.redis, blockMs = 0): Promise<number> {
    try {
      // ioredis does not apply the key prefix to XGROUP's key: add it by hand.
      await conn.xgroup('CREATE', `${conn.options.keyPrefix ?? ''}${STREAMS.keyCorrected}`, REGRADE_GROUP, '0', 'MKSTREAM');
    } catch (e) {
      if (!/BUSYGROUP/.test((e as Error).message)) throw e;
    }
    let handled = 0;
    for (const from of ['0', '>']) {
      const args: (string | number)[] = ['GROUP', REGRADE_GROUP, this.consumer, 'COUNT', 20];
      if (from === '>' && blockMs) args.push('BLOCK', blockMs);
      args.push('STREAMS', STREAMS.keyCorrected, from);
      const res = (await conn.call('XREADGROUP', ...args)) as [string, [string, string[]][]][] | null;
      for (const [, entries] of res ?? []) {
        for (const [id, fields] of entries) {
          const i = fields.indexOf('data');
          if (i >= 0) {
            try {
              await this.handle(JSON.parse(fields[i + 1]) as KeyCorrectedV1, id);
            } catch (e) {
              this.logger.warn(`regrade of event ${id} failed (left pending): ${(e as Error).message}`);
              continue;
            }
          }
          await conn.xack(STREAMS.keyCorrected, REGRADE_GROUP, id);
          handled += 1;
        }
      }
    }
    return handled;
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
