import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { AttemptResultV1, STREAMS } from '@hoi-thi/contracts';
import { AttemptDraw } from '../attempts/attempt-draw';
import { EXAM_PG } from '../shared/exam-pg';
import { OUTBOX_SQL } from '../submissions/submission-committer';

/** A submitted attempt as a rescoring pass reads it. */
export interface SubmittedRow {
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

/** An attempt whose score changed: its new result and the `exam.attempt-submitted.v1` payload its outbox row carries. */
export interface Rescored {
  row: SubmittedRow;
  result: AttemptResultV1;
  event: unknown;
}

export const REGRADE_PAGE = 500;

const SUBMITTED_PAGE_SQL = `SELECT id, round_id, contestant_id, unit_id, province, correct, points, total, max_points, duration_ms, started_at, submitted_at,
        prediction::text AS prediction, submitted_by, draw
 FROM exam.attempts WHERE round_id = $1 AND status = 'submitted' AND id > $2 ORDER BY id LIMIT ${REGRADE_PAGE} FOR UPDATE`;
const ANSWERS_SQL = 'SELECT attempt_id, question_id, option_ids FROM exam.answers WHERE round_id = $2 AND attempt_id = ANY($1::uuid[])';
const RESCORE_SQL = `UPDATE exam.attempts a SET correct = u.correct, points = u.points, key_version = $4, regraded_at = now()
 FROM unnest($1::uuid[], $2::int[], $3::int[]) AS u(id, correct, points) WHERE a.round_id = $5 AND a.id = u.id`;
const REGRADE_LOG_SQL = `INSERT INTO exam.regrades (round_id, question_id, correct_option_ids, event_id, rescored, changed) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`;

/** exam-session's regrading queries, on its own pool. */
@Injectable()
export class RegradingRepository {
  constructor(@Inject(EXAM_PG) private readonly pg: Pool) {}

  /**
   * One page of the round's submitted attempts after `after` (by id), locked FOR UPDATE with their answers, in one
   * transaction: `rescore` says which changed score, and those are updated with their outbox rows before COMMIT.
   */
  async rescorePage(
    roundId: string,
    after: string,
    keyVersion: number | null,
    rescore: (page: SubmittedRow[], answers: Map<string, Map<string, string[]>>) => Rescored[],
  ): Promise<{ page: SubmittedRow[]; moved: Rescored[] }> {
    const client = await this.pg.connect();
    try {
      await client.query('BEGIN');
      const page = (await client.query<SubmittedRow>(SUBMITTED_PAGE_SQL, [roundId, after])).rows;
      let moved: Rescored[] = [];
      if (page.length) {
        const answers = new Map<string, Map<string, string[]>>();
        const a = await client.query<{ attempt_id: string; question_id: string; option_ids: string[] }>(ANSWERS_SQL, [page.map((p) => p.id), roundId]);
        for (const x of a.rows) {
          if (!answers.has(x.attempt_id)) answers.set(x.attempt_id, new Map());
          answers.get(x.attempt_id)!.set(x.question_id, x.option_ids);
        }
        moved = rescore(page, answers);
        if (moved.length) {
          await client.query(RESCORE_SQL, [
            moved.map((m) => m.row.id),
            moved.map((m) => m.result.correct),
            moved.map((m) => m.result.points),
            keyVersion,
            roundId,
          ]);
          await client.query(OUTBOX_SQL, [moved.map((m) => m.row.id), STREAMS.attemptSubmitted, moved.map((m) => JSON.stringify(m.event))]);
        }
      }
      await client.query('COMMIT');
      return { page, moved };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  /** The log of a correction applied to a round (once per event and round). */
  async recordRegrade(r: {
    roundId: string;
    questionVersionId: string;
    correctOptionIds: string[];
    eventId: string;
    rescored: number;
    changed: number;
  }): Promise<void> {
    await this.pg.query(REGRADE_LOG_SQL, [r.roundId, r.questionVersionId, JSON.stringify(r.correctOptionIds), r.eventId, r.rescored, r.changed]);
  }
}
