import { Pool, PoolClient } from 'pg';
import { AttemptResultV1, STREAMS } from '@hoi-thi/contracts';
import { classifySubmission, durationMs } from '@hoi-thi/domain';
import { PublishedRound } from '../rounds/published-round';
import { MicroBatcher } from '../shared/micro-batcher';
import { normalizePrediction, scoreDraw, toEvent } from './attempt-result';

export interface SubmitRequest {
  attemptId: string;
  /** The attempt's round when the caller knows it (the partition key: the lock then reads one partition). */
  roundId?: string;
  /** When the submit arrived (the injected clock), or the sweeper's time. */
  at: Date;
  by: 'contestant' | 'deadline';
  prediction: string | null;
  idempotencyKey?: string | null;
}

export type SubmitOutcome =
  | { kind: 'done'; result: AttemptResultV1; contestantId: string; fresh: boolean }
  | { kind: 'not-found' }
  | { kind: 'not-due' }
  | { kind: 'failed'; error: unknown };

interface AttemptRow {
  id: string;
  round_id: string;
  contestant_id: string;
  unit_id: string | null;
  province: string | null;
  status: string;
  correct: number | null;
  points: number | null;
  total: number;
  max_points: number;
  duration_ms: number | null;
  started_at: Date;
  deadline: Date;
  submitted_at: Date | null;
  prediction: string | null;
  /** The drawn question ids only (the draw's option orders are not needed to score). */
  qids: string[];
  submitted_by: 'contestant' | 'deadline' | null;
}

const LOCK_COLUMNS = `id, round_id, contestant_id, unit_id, province, status, correct, points, total, max_points, duration_ms,
       started_at, deadline, submitted_at, prediction::text AS prediction, jsonb_path_query_array(draw, '$.questions[*].id') AS qids, submitted_by`;
/**
 * The batch's attempts, locked in id order. Rounds are the partition key: with the batch's one round known
 * (`round_id = $2`, the usual case) a prepared plan reads that round's partitions only; PostgreSQL cannot prune
 * on `= ANY($2)`, so several rounds are matched by id alone.
 */
const LOCK_SQL = `SELECT ${LOCK_COLUMNS} FROM exam.attempts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`;
const LOCK_ONE_ROUND_SQL = `SELECT ${LOCK_COLUMNS} FROM exam.attempts WHERE round_id = $2 AND id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`;

const ANSWERS_SQL = `SELECT attempt_id, question_id, option_ids FROM exam.answers WHERE attempt_id = ANY($1::uuid[])`;
const ANSWERS_ONE_ROUND_SQL = `SELECT attempt_id, question_id, option_ids FROM exam.answers WHERE round_id = $2 AND attempt_id = ANY($1::uuid[])`;

/**
 * The final row of each newly submitted attempt (hot query: one statement for the whole batch). Only attempts the
 * batch found active are here, and they are locked FOR UPDATE since: no status test (which, on a fresh round
 * partition, could lead the planner to the partial active-attempt index, a scan of every active attempt).
 */
const finalizeSql = (inRound: string) => `
UPDATE exam.attempts a
SET status = 'submitted', correct = u.correct, points = u.points, duration_ms = u.duration_ms, submitted_at = u.submitted_at,
    prediction = u.prediction::numeric, submitted_by = u.submitted_by, key_version = u.key_version, idempotency_key = u.idem
FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[], $5::timestamptz[], $6::text[], $7::text[], $8::int[], $9::text[])
  AS u(id, correct, points, duration_ms, submitted_at, prediction, submitted_by, key_version, idem)
WHERE ${inRound} a.id = u.id`;
const FINALIZE_SQL = finalizeSql('');
const FINALIZE_ONE_ROUND_SQL = finalizeSql('a.round_id = $10 AND');

/** Outbox rows in the same transaction as the results: no submission can miss the leaderboard. */
export const OUTBOX_SQL = `INSERT INTO exam.outbox (attempt_id, stream, payload) SELECT u.a, $2, u.p FROM unnest($1::uuid[], $3::jsonb[]) AS u(a, p)`;

type ResultRow = Omit<AttemptRow, 'qids' | 'unit_id' | 'province' | 'contestant_id'>;

export function resultOfRow(row: ResultRow): AttemptResultV1 {
  return {
    attemptId: row.id,
    roundId: row.round_id,
    status: 'submitted',
    correct: row.correct ?? 0,
    points: row.points ?? 0,
    total: row.total,
    maxPoints: row.max_points,
    durationMs: row.duration_ms ?? 0,
    startedAt: row.started_at.toISOString(),
    submittedAt: (row.submitted_at ?? row.deadline).toISOString(),
    prediction: row.prediction === null ? null : normalizePrediction(row.prediction),
    submittedBy: row.submitted_by ?? 'deadline',
  };
}

/**
 * Micro-batched submissions: one transaction scores and finalizes every attempt of the batch (locked FOR UPDATE
 * in id order, so batches never deadlock) and writes their outbox rows; each request is answered after COMMIT.
 * An attempt already submitted answers its stored result, so repeated or concurrent submits (and the sweepers)
 * get the identical result and there is exactly one outbox row per attempt.
 */
export class SubmissionCommitter {
  private readonly batcher: MicroBatcher<SubmitRequest, SubmitOutcome>;

  constructor(
    private readonly pool: Pool,
    private readonly rounds: { find(roundId: string): Promise<PublishedRound | null> },
    private readonly graceMs: number,
    private readonly onCommitted: () => void,
    opts: { maxBatch: number; concurrency: number },
  ) {
    this.batcher = new MicroBatcher((items) => this.commit(items), { maxBatch: opts.maxBatch, maxConcurrent: opts.concurrency });
  }

  submit(req: SubmitRequest): Promise<SubmitOutcome> {
    return this.batcher.push(req);
  }

  drained(): Promise<void> {
    return this.batcher.drained();
  }

  private async commit(items: SubmitRequest[]): Promise<SubmitOutcome[]> {
    const ids = [...new Set(items.map((i) => i.attemptId))];
    for (let attempt = 0; ; attempt += 1) {
      const client = await this.pool.connect();
      try {
        const out = await this.inTransaction(client, ids, items);
        if (out.some((o) => o.kind === 'done' && o.fresh)) this.onCommitted();
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (attempt < 3 && ['40P01', '40001'].includes((e as { code?: string }).code ?? '')) continue;
        throw e;
      } finally {
        client.release();
      }
    }
  }

  private async inTransaction(client: PoolClient, ids: string[], items: SubmitRequest[]): Promise<SubmitOutcome[]> {
    await client.query('BEGIN');
    const asked = new Set(items.map((i) => i.roundId));
    const askedRound = asked.size === 1 ? [...asked][0] : undefined;
    const locked = askedRound
      ? await client.query<AttemptRow>({ name: 'exam-submit-lock-1', text: LOCK_ONE_ROUND_SQL, values: [ids, askedRound] })
      : await client.query<AttemptRow>({ name: 'exam-submit-lock', text: LOCK_SQL, values: [ids] });
    const rows = new Map(locked.rows.map((r) => [r.id, r]));
    const activeRows = locked.rows.filter((r) => r.status === 'active');
    const active = activeRows.map((r) => r.id);
    const activeRounds = new Set(activeRows.map((r) => r.round_id));
    const oneRound = activeRounds.size === 1 ? [...activeRounds][0] : undefined;
    const answers = new Map<string, Map<string, string[]>>();
    if (active.length) {
      const a = await client.query<{ attempt_id: string; question_id: string; option_ids: string[] }>(
        oneRound
          ? { name: 'exam-submit-answers-1', text: ANSWERS_ONE_ROUND_SQL, values: [active, oneRound] }
          : { name: 'exam-submit-answers', text: ANSWERS_SQL, values: [active] },
      );
      for (const r of a.rows) {
        let m = answers.get(r.attempt_id);
        if (!m) answers.set(r.attempt_id, (m = new Map()));
        m.set(r.question_id, r.option_ids);
      }
    }
    const decided = new Map<string, SubmitOutcome>();
    const fin: { row: AttemptRow; result: AttemptResultV1; kv: number; idem: string | null }[] = [];
    for (const req of items) {
      if (decided.has(req.attemptId)) continue;
      const row = rows.get(req.attemptId);
      if (!row) {
        decided.set(req.attemptId, { kind: 'not-found' });
        continue;
      }
      if (row.status !== 'active') {
        decided.set(req.attemptId, { kind: 'done', result: resultOfRow(row), contestantId: row.contestant_id, fresh: false });
        continue;
      }
      const timing = classifySubmission(req.at, row.deadline, this.graceMs);
      if (req.by === 'deadline' && timing !== 'late') {
        decided.set(req.attemptId, { kind: 'not-due' });
        continue;
      }
      try {
        const round = await this.rounds.find(row.round_id);
        if (!round) throw new Error(`round ${row.round_id} of attempt ${row.id} is not published`);
        const score = scoreDraw(round, round.key, row.qids, answers.get(row.id) ?? new Map());
        const onTime = req.by === 'contestant' && timing !== 'late';
        const submittedAt = onTime ? new Date(Math.min(req.at.getTime(), row.deadline.getTime())) : row.deadline;
        const result: AttemptResultV1 = {
          attemptId: row.id,
          roundId: row.round_id,
          status: 'submitted',
          correct: score.correct,
          points: score.points,
          total: row.total,
          maxPoints: row.max_points,
          durationMs: durationMs(row.started_at, submittedAt),
          startedAt: row.started_at.toISOString(),
          submittedAt: submittedAt.toISOString(),
          prediction: onTime ? req.prediction : null,
          submittedBy: onTime ? 'contestant' : 'deadline',
        };
        fin.push({ row, result, kv: round.snapshot.keyVersion ?? 1, idem: req.idempotencyKey ?? null });
        decided.set(req.attemptId, { kind: 'done', result, contestantId: row.contestant_id, fresh: true });
      } catch (error) {
        decided.set(req.attemptId, { kind: 'failed', error });
      }
    }
    if (fin.length) {
      const finRounds = new Set(fin.map((f) => f.row.round_id));
      const finRound = finRounds.size === 1 ? [...finRounds][0] : undefined;
      await client.query({
        name: finRound ? 'exam-submit-finalize-1' : 'exam-submit-finalize',
        text: finRound ? FINALIZE_ONE_ROUND_SQL : FINALIZE_SQL,
        values: [
          fin.map((f) => f.row.id),
          fin.map((f) => f.result.correct),
          fin.map((f) => f.result.points),
          fin.map((f) => f.result.durationMs),
          fin.map((f) => f.result.submittedAt),
          fin.map((f) => f.result.prediction),
          fin.map((f) => f.result.submittedBy),
          fin.map((f) => f.kv),
          fin.map((f) => f.idem),
          ...(finRound ? [finRound] : []),
        ],
      });
      await client.query({
        name: 'exam-outbox',
        text: OUTBOX_SQL,
        values: [
          fin.map((f) => f.row.id),
          STREAMS.attemptSubmitted,
          fin.map((f) => JSON.stringify(toEvent(f.result, { contestantId: f.row.contestant_id, unitId: f.row.unit_id, province: f.row.province }))),
        ],
      });
    }
    await client.query('COMMIT');
    return items.map((req) => decided.get(req.attemptId)!);
  }
}
