import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@hoi-thi/platform';
import { LiveAttempt, trimDecimal } from '../live/live-attempt';

interface AttemptRow {
  id: string;
  round_id: string;
  contestant_id: string;
  unit_id: string | null;
  province: string | null;
  correct: number;
  points: number;
  total: number;
  duration_ms: number;
  submitted_at: Date;
  prediction: string | null;
}

const missingTable = (e: unknown) => (e as { code?: string }).code === '42P01';

/** exam-session's read-only `exam.attempts` (the record the live board is rebuilt from). */
@Injectable()
export class AttemptsReader {
  private readonly active = new Map<string, { at: number; value: number }>();

  constructor(
    @InjectDataSource('leaderboard') private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Submitted attempts of a round in pages of `pageSize`, by id (keyset: no OFFSET cost at 1,000,000). */
  async *submitted(roundId: string, pageSize = 5000): AsyncGenerator<LiveAttempt[]> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      let rows: AttemptRow[];
      try {
        rows = await this.db.query(
          `SELECT id, round_id, contestant_id, unit_id, province, correct, points, total, duration_ms, submitted_at, prediction::text AS prediction
             FROM exam.attempts
            WHERE round_id = $1 AND status = 'submitted' AND submitted_at IS NOT NULL AND id > $2
            ORDER BY id LIMIT $3`,
          [roundId, after, pageSize],
        );
      } catch (e) {
        if (missingTable(e)) return;
        throw e;
      }
      if (!rows.length) return;
      yield rows.map(toLiveAttempt);
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1].id;
    }
  }

  /** Attempts in progress (status 'active'), counted at most every 5 s per round. */
  async inProgress(roundId: string): Promise<number> {
    const hit = this.active.get(roundId);
    if (hit && this.clock.now() - hit.at < 5000) return hit.value;
    let value = 0;
    try {
      const rows: { n: string }[] = await this.db.query(
        `SELECT count(*) AS n FROM exam.attempts WHERE round_id = $1 AND status = 'active' AND deadline > now()`,
        [roundId],
      );
      value = Number(rows[0].n);
    } catch (e) {
      if (!missingTable(e)) throw e;
    }
    this.active.set(roundId, { at: this.clock.now(), value });
    return value;
  }
}

function toLiveAttempt(r: AttemptRow): LiveAttempt {
  return {
    attemptId: r.id,
    roundId: r.round_id,
    contestantId: r.contestant_id,
    unitId: r.unit_id,
    province: r.province,
    points: Number(r.points),
    correct: Number(r.correct),
    total: Number(r.total),
    durationMs: Number(r.duration_ms),
    submittedAt: new Date(r.submitted_at),
    prediction: r.prediction === null ? null : trimDecimal(r.prediction),
    regraded: false,
  };
}
