import { Pool } from 'pg';
import { MicroBatcher } from '../shared/micro-batcher';

export interface AnswerWrite {
  attemptId: string;
  /** The attempt's round: the partition key of attempts and answers. */
  roundId: string;
  questionId: string;
  /** Real option ids (never the attempt's opaque ones). */
  optionIds: readonly string[];
  seq: number;
  at: Date;
}

/** saved: this write is the stored answer; stale: a newer (or equal) seq is stored; closed: the attempt is no longer active. */
export interface AnswerWriteResult {
  status: 'saved' | 'stale' | 'closed';
  seq: number;
}

/**
 * One statement per batch (its own transaction, committed durably before any request of the batch is
 * answered). The CTE first takes KEY SHARE locks on the batch's attempts, in id order, and keeps the active ones:
 * a submit takes FOR UPDATE on its attempt before reading the answers, so an answer is either committed
 * before the submit reads (and counted) or refused (the attempt is no longer active) — never acknowledged
 * and left out of the score. Rows of inactive attempts are skipped; a stale seq never overwrites a newer one.
 */
const upsertAnswersSql = (inRounds: string) => `
WITH batch AS (
  SELECT id, round_id, status FROM exam.attempts WHERE ${inRounds} AND id = ANY($1::uuid[]) ORDER BY id FOR KEY SHARE
)
INSERT INTO exam.answers AS an (attempt_id, question_id, round_id, option_ids, seq, first_answered_at, last_answered_at)
SELECT u.attempt_id, u.question_id, batch.round_id, u.option_ids, u.seq, u.at, u.at
FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::int[], $5::timestamptz[]) AS u(attempt_id, question_id, option_ids, seq, at)
JOIN batch ON batch.id = u.attempt_id AND batch.status = 'active'
ON CONFLICT (attempt_id, question_id, round_id) DO UPDATE
  SET option_ids = excluded.option_ids, seq = excluded.seq, last_answered_at = excluded.last_answered_at, changes = an.changes + 1
  WHERE excluded.seq > an.seq
RETURNING attempt_id, question_id`;
/**
 * The attempts are found by (round_id, id), the primary key, and their status is tested after: with
 * `status = 'active'` in the scan, a fresh round partition (no statistics yet) had the planner scan the partial
 * "one active attempt per contestant" index over every active attempt of the round, once per batch.
 * The batch's rounds are the partition key: `round_id = $6` (nearly every batch: one open round) lets a prepared
 * generic plan skip the other rounds' partitions at run time; PostgreSQL cannot prune on `= ANY($6)`.
 */
export const UPSERT_ANSWERS_ONE_ROUND_SQL = upsertAnswersSql('round_id = $6::uuid');
export const UPSERT_ANSWERS_SQL = upsertAnswersSql('round_id = ANY($6::uuid[])');

/** For the rows the upsert did not write: the stored seq and whether the attempt is still active. */
export const CURRENT_SEQ_SQL = `
SELECT u.attempt_id, u.question_id, an.seq, a.status
FROM unnest($1::uuid[], $2::text[], $3::uuid[]) AS u(attempt_id, question_id, round_id)
LEFT JOIN exam.attempts a ON a.id = u.attempt_id AND a.round_id = u.round_id
LEFT JOIN exam.answers an ON an.attempt_id = u.attempt_id AND an.question_id = u.question_id AND an.round_id = u.round_id`;

const RETRYABLE = new Set(['40P01', '40001']);

/**
 * Group commit of answer saves: every save waits for its batch's commit; batches form while the previous
 * ones are in flight (up to `concurrency` at once, `maxBatch` rows each).
 */
export class AnswerCommitter {
  private readonly batcher: MicroBatcher<AnswerWrite, AnswerWriteResult>;

  constructor(
    private readonly pool: Pool,
    opts: { maxBatch: number; concurrency: number },
  ) {
    this.batcher = new MicroBatcher((items) => this.commit(items), { maxBatch: opts.maxBatch, maxConcurrent: opts.concurrency });
  }

  save(write: AnswerWrite): Promise<AnswerWriteResult> {
    return this.batcher.push(write);
  }

  drained(): Promise<void> {
    return this.batcher.drained();
  }

  private async commit(items: AnswerWrite[]): Promise<AnswerWriteResult[]> {
    // One row per (attempt, question) in a statement: the highest seq of the batch (ON CONFLICT cannot touch a row twice).
    const best = new Map<string, AnswerWrite>();
    for (const w of items) {
      const k = `${w.attemptId}\u0000${w.questionId}`;
      const prev = best.get(k);
      if (!prev || w.seq > prev.seq) best.set(k, w);
    }
    const rows = [...best.values()];
    const rounds = [...new Set(rows.map((r) => r.roundId))];
    const one = rounds.length === 1;
    const written = await this.withRetry(() =>
      this.pool.query<{ attempt_id: string; question_id: string }>({
        name: one ? 'exam-upsert-answers-1' : 'exam-upsert-answers',
        text: one ? UPSERT_ANSWERS_ONE_ROUND_SQL : UPSERT_ANSWERS_SQL,
        values: [
          rows.map((r) => r.attemptId),
          rows.map((r) => r.questionId),
          rows.map((r) => JSON.stringify(r.optionIds)),
          rows.map((r) => r.seq),
          rows.map((r) => r.at),
          one ? rounds[0] : rounds,
        ],
      }),
    );
    const savedKeys = new Set(written.rows.map((r) => `${r.attempt_id}\u0000${r.question_id}`));
    const current = new Map<string, { seq: number | null; active: boolean }>();
    const unsaved = rows.filter((r) => !savedKeys.has(`${r.attemptId}\u0000${r.questionId}`));
    if (unsaved.length || rows.length < items.length) {
      const check = items.filter((w) => !savedKeys.has(`${w.attemptId}\u0000${w.questionId}`) || best.get(`${w.attemptId}\u0000${w.questionId}`) !== w);
      const r = await this.pool.query<{ attempt_id: string; question_id: string; seq: number | null; status: string | null }>({
        name: 'exam-current-seq',
        text: CURRENT_SEQ_SQL,
        values: [check.map((w) => w.attemptId), check.map((w) => w.questionId), check.map((w) => w.roundId)],
      });
      for (const row of r.rows) current.set(`${row.attempt_id}\u0000${row.question_id}`, { seq: row.seq, active: row.status === 'active' });
    }
    return items.map((w) => {
      const k = `${w.attemptId}\u0000${w.questionId}`;
      if (savedKeys.has(k) && best.get(k) === w) return { status: 'saved', seq: w.seq };
      const cur = current.get(k);
      const stored = cur?.seq ?? null;
      if (stored !== null && stored >= w.seq) return { status: 'stale', seq: stored };
      if (savedKeys.has(k)) return { status: 'stale', seq: best.get(k)!.seq };
      return { status: 'closed', seq: stored ?? 0 };
    });
  }

  private async withRetry<T>(fn: () => Promise<T>): Promise<T> {
    for (let i = 0; ; i += 1) {
      try {
        return await fn();
      } catch (e) {
        if (i >= 3 || !RETRYABLE.has((e as { code?: string }).code ?? '')) throw e;
      }
    }
  }
}
