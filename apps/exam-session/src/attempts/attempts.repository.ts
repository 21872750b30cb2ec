import { Inject, Injectable, Logger } from '@nestjs/common';
import { Pool } from 'pg';
import type { AttemptEventType } from '@hoi-thi/contracts';
import { EXAM_PG } from '../shared/exam-pg';
import { AttemptDraw } from './attempt-draw';

export interface AttemptRecord {
  id: string;
  round_id: string;
  contestant_id: string;
  unit_id: string | null;
  province: string | null;
  status: 'active' | 'submitted';
  correct: number | null;
  points: number | null;
  total: number;
  max_points: number;
  duration_ms: number | null;
  started_at: Date;
  deadline: Date;
  submitted_at: Date | null;
  prediction: string | null;
  attempt_no: number;
  seed: string;
  draw: AttemptDraw;
  submitted_by: 'contestant' | 'deadline' | null;
  ip: string | null;
  user_agent: string | null;
  key_version: number | null;
}

export interface NewAttempt {
  id: string;
  roundId: string;
  contestantId: string;
  unitId: string | null;
  province: string | null;
  total: number;
  maxPoints: number;
  startedAt: Date;
  deadline: Date;
  attemptNo: number;
  seed: string;
  draw: AttemptDraw;
  ip: string | null;
  userAgent: string | null;
}

export interface AnswerRecord {
  question_id: string;
  option_ids: string[];
  seq: number;
  changes: number;
  first_answered_at: Date;
  last_answered_at: Date;
}

const COLUMNS = `id, round_id, contestant_id, unit_id, province, status, correct, points, total, max_points, duration_ms, started_at,
  deadline, submitted_at, prediction::text AS prediction, attempt_no, seed, draw, submitted_by, ip, user_agent, key_version`;

/** exam-session's queries outside the two hot batches (start, resume, lists, review, anti-cheat, sweeper scan). */
@Injectable()
export class AttemptsRepository {
  private readonly logger = new Logger('AttemptsRepository');
  /** Rounds whose partitions this process has made (or found); a failure is retried after a minute. */
  private readonly partitions = new Map<string, Promise<void>>();

  constructor(@Inject(EXAM_PG) private readonly pg: Pool) {}

  /**
   * Makes the rounds' partitions of attempts and answers before their first rows (once per round and process).
   * It never fails a start: when it cannot (e.g. a lock held past 2 s), rows go to the default partition, which
   * is as correct, only not separated.
   */
  ensurePartitions(roundIds: Iterable<string>): Promise<unknown> {
    const waits: Promise<void>[] = [];
    for (const roundId of roundIds) {
      let made = this.partitions.get(roundId);
      if (!made) {
        made = this.makePartition(roundId);
        this.partitions.set(roundId, made);
      }
      waits.push(made);
    }
    return Promise.all(waits);
  }

  private async makePartition(roundId: string): Promise<void> {
    const client = await this.pg.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL lock_timeout = '2s'`);
      await client.query('SELECT exam.ensure_round_partition($1)', [roundId]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      this.logger.warn(`partition of round ${roundId} not made (its rows go to the default partition): ${(e as Error).message}`);
      setTimeout(() => this.partitions.delete(roundId), 60_000).unref();
    } finally {
      client.release();
    }
  }

  /**
   * Many new attempts in one statement (starts are micro-batched like saves). A row that hits a unique constraint
   * (one active attempt per contestant, attempt number) is skipped: its id is missing from the returned set.
   */
  async insertMany(rows: NewAttempt[]): Promise<Set<string>> {
    await this.ensurePartitions(new Set(rows.map((a) => a.roundId)));
    const col = <T>(f: (a: NewAttempt) => T) => rows.map(f);
    const r = await this.pg.query<{ id: string }>({
      name: 'exam-insert-attempts',
      text: `INSERT INTO exam.attempts (id, round_id, contestant_id, unit_id, province, status, total, max_points, started_at, deadline, attempt_no, seed, draw, ip, user_agent)
             SELECT u.id, u.round_id, u.contestant_id, u.unit_id, u.province, 'active', u.total, u.max_points, u.started_at, u.deadline, u.attempt_no, u.seed, u.draw, u.ip, u.ua
             FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::int[], $7::int[], $8::timestamptz[], $9::timestamptz[], $10::int[], $11::text[], $12::jsonb[], $13::text[], $14::text[])
               AS u(id, round_id, contestant_id, unit_id, province, total, max_points, started_at, deadline, attempt_no, seed, draw, ip, ua)
             ON CONFLICT DO NOTHING RETURNING id`,
      values: [
        col((a) => a.id),
        col((a) => a.roundId),
        col((a) => a.contestantId),
        col((a) => a.unitId),
        col((a) => a.province),
        col((a) => a.total),
        col((a) => a.maxPoints),
        col((a) => a.startedAt),
        col((a) => a.deadline),
        col((a) => a.attemptNo),
        col((a) => a.seed),
        col((a) => JSON.stringify(a.draw)),
        col((a) => a.ip),
        col((a) => a.userAgent),
      ],
    });
    return new Set(r.rows.map((x) => x.id));
  }

  async find(id: string): Promise<AttemptRecord | null> {
    const r = await this.pg.query<AttemptRecord>({ name: 'exam-find-attempt', text: `SELECT ${COLUMNS} FROM exam.attempts WHERE id = $1`, values: [id] });
    return r.rows[0] ?? null;
  }

  async locate(id: string): Promise<{ round_id: string; contestant_id: string } | null> {
    const r = await this.pg.query<{ round_id: string; contestant_id: string }>({
      name: 'exam-locate-attempt',
      text: 'SELECT round_id, contestant_id FROM exam.attempts WHERE id = $1',
      values: [id],
    });
    return r.rows[0] ?? null;
  }

  /** Attempts used and the active one, to seed the start gate when Redis does not know the contestant. */
  async usage(roundId: string, contestantId: string): Promise<{ used: number; active: string | null }> {
    const r = await this.pg.query<{ used: string; active: string | null }>(
      `SELECT count(*) AS used, (array_agg(id) FILTER (WHERE status = 'active'))[1] AS active FROM exam.attempts WHERE round_id = $1 AND contestant_id = $2`,
      [roundId, contestantId],
    );
    return { used: Number(r.rows[0].used), active: r.rows[0].active };
  }

  async activeOf(roundId: string, contestantId: string): Promise<AttemptRecord | null> {
    const r = await this.pg.query<AttemptRecord>(`SELECT ${COLUMNS} FROM exam.attempts WHERE round_id = $1 AND contestant_id = $2 AND status = 'active'`, [
      roundId,
      contestantId,
    ]);
    return r.rows[0] ?? null;
  }

  async mine(roundId: string, contestantId: string): Promise<AttemptRecord[]> {
    const r = await this.pg.query<AttemptRecord>(`SELECT ${COLUMNS} FROM exam.attempts WHERE round_id = $1 AND contestant_id = $2 ORDER BY attempt_no`, [
      roundId,
      contestantId,
    ]);
    return r.rows;
  }

  /** An attempt's saved answers; with its round known, only that round's partition is read. */
  async answers(attemptId: string, roundId?: string): Promise<AnswerRecord[]> {
    const columns = 'question_id, option_ids, seq, changes, first_answered_at, last_answered_at';
    const r = roundId
      ? await this.pg.query<AnswerRecord>({
          name: 'exam-attempt-answers-in-round',
          text: `SELECT ${columns} FROM exam.answers WHERE round_id = $2 AND attempt_id = $1`,
          values: [attemptId, roundId],
        })
      : await this.pg.query<AnswerRecord>({
          name: 'exam-attempt-answers',
          text: `SELECT ${columns} FROM exam.answers WHERE attempt_id = $1`,
          values: [attemptId],
        });
    return r.rows;
  }

  /** One INSERT for a request's events (at most MAX_EVENTS_PER_REQUEST), in their order. */
  async addEvents(attemptId: string, events: { type: AttemptEventType; clientAt: Date | null }[], serverAt: Date, ip: string | null): Promise<void> {
    await this.pg.query(
      `INSERT INTO exam.attempt_events (attempt_id, type, client_at, server_at, ip)
       SELECT $1, e.type, e.client_at, $4, $5 FROM unnest($2::text[], $3::timestamptz[]) WITH ORDINALITY AS e(type, client_at, n) ORDER BY e.n`,
      [attemptId, events.map((e) => e.type), events.map((e) => e.clientAt), serverAt, ip],
    );
  }

  /** The attempt's stored signals: their types were checked against ATTEMPT_EVENT_TYPES before the INSERT. */
  async events(attemptId: string): Promise<{ type: AttemptEventType; client_at: Date | null; server_at: Date; ip: string | null }[]> {
    const r = await this.pg.query<{ type: AttemptEventType; client_at: Date | null; server_at: Date; ip: string | null }>(
      'SELECT type, client_at, server_at, ip FROM exam.attempt_events WHERE attempt_id = $1 ORDER BY id LIMIT 5000',
      [attemptId],
    );
    return r.rows;
  }

  /** The sweeper's fallback: active attempts whose deadline + grace is before `cutoff` (covers a lost Redis). */
  async overdue(cutoff: Date, limit: number): Promise<{ id: string; roundId: string }[]> {
    const r = await this.pg.query<{ id: string; round_id: string }>(
      `SELECT id, round_id FROM exam.attempts WHERE status = 'active' AND deadline < $1 ORDER BY deadline LIMIT $2`,
      [cutoff, limit],
    );
    return r.rows.map((x) => ({ id: x.id, roundId: x.round_id }));
  }
}
