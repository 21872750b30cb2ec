import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ReadDatabase, readDatabaseToken } from '@hoi-thi/platform';

const missing = (e: unknown) => ['42P01', '42703'].includes((e as { code?: string }).code ?? '');

/** An attempt row as read here: exam's contract columns (docs/data-contracts.md), instants as Date, the prediction as text. */
export interface AttemptRow {
  id: string;
  round_id: string;
  contestant_id: string;
  unit_id: string | null;
  province: string | null;
  status: 'active' | 'submitted';
  correct: number | null;
  points: number | null;
  total: number;
  duration_ms: number | null;
  started_at: Date;
  deadline: Date;
  submitted_at: Date | null;
  prediction: string | null;
}

/** The list's sort key, (submitted_at NULLS LAST, id): `at` is submitted_at as PostgreSQL prints it (microseconds kept). */
export interface AttemptKey {
  at: string | null;
  id: string;
}

/** exam's contract columns, never the draw or the seed (the key to the questions drawn). */
const ATTEMPT_COLUMNS = `t.id::text AS id, t.round_id::text AS round_id, t.contestant_id::text AS contestant_id, t.unit_id::text AS unit_id,
  t.province, t.status, t.correct, t.points, t.total, t.duration_ms, t.started_at, t.deadline, t.submitted_at, t.prediction::text AS prediction`;

/**
 * A page of a round's attempts in submission order (unsubmitted last), keyset on (submitted_at, id): $1 round,
 * $2 limit, then the key of the previous page's last row. Reads the round's partition only (round_id = $1).
 */
const LIST_ATTEMPTS_SQL = (where: string) => `
SELECT ${ATTEMPT_COLUMNS}, t.submitted_at::text AS key_at
  FROM exam.attempts t
 WHERE t.round_id = $1${where}
 ORDER BY t.submitted_at ASC NULLS LAST, t.id
 LIMIT $2`;

@Injectable()
export class JudgeRepository {
  private attemptColumns?: Set<string>;

  constructor(
    @InjectDataSource('leaderboard') private readonly db: DataSource,
    @Inject(readDatabaseToken('leaderboard')) private readonly replica: ReadDatabase,
  ) {}

  async columns(): Promise<Set<string>> {
    if (!this.attemptColumns) {
      const rows: { column_name: string }[] = await this.db.query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'exam' AND table_name = 'attempts'`,
      );
      this.attemptColumns = new Set(rows.map((r) => r.column_name));
    }
    return this.attemptColumns;
  }

  async list(
    roundId: string,
    q: { limit: number; after?: AttemptKey; contestantId?: string; fastMsPerQuestion?: number },
  ): Promise<(AttemptRow & { key_at: string | null })[]> {
    const params: unknown[] = [roundId, q.limit];
    let where = '';
    if (q.after) {
      params.push(q.after.id);
      const id = `$${params.length}`;
      if (q.after.at === null) where += ` AND t.submitted_at IS NULL AND t.id > ${id}::uuid`;
      else {
        params.push(q.after.at);
        const at = `$${params.length}::timestamptz`;
        where += ` AND (t.submitted_at > ${at} OR (t.submitted_at = ${at} AND t.id > ${id}::uuid) OR t.submitted_at IS NULL)`;
      }
    }
    if (q.contestantId) {
      params.push(q.contestantId);
      where += ` AND t.contestant_id = $${params.length}`;
    }
    if (q.fastMsPerQuestion !== undefined) {
      params.push(q.fastMsPerQuestion);
      where += ` AND t.status = 'submitted' AND t.total > 0 AND t.duration_ms < t.total * $${params.length}`;
    }
    try {
      return await this.replica.query<AttemptRow & { key_at: string | null }>(LIST_ATTEMPTS_SQL(where), params);
    } catch (e) {
      if (missing(e)) return [];
      throw e;
    }
  }

  /** One attempt with its address and device (columns exam may not have: read through the row's JSON, null when absent). */
  async get(roundId: string, attemptId: string): Promise<(AttemptRow & { ip: string | null; user_agent: string | null }) | null> {
    try {
      const rows: (AttemptRow & { ip: string | null; user_agent: string | null })[] = await this.db.query(
        `SELECT ${ATTEMPT_COLUMNS}, to_jsonb(t)->>'ip' AS ip, to_jsonb(t)->>'user_agent' AS user_agent
           FROM exam.attempts t WHERE t.id = $1 AND t.round_id = $2`,
        [attemptId, roundId],
      );
      return rows[0] ?? null;
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
  }

  /** The attempt's saved answers (answers are partitioned by round: only that round's partition is read). */
  async answers(
    attemptId: string,
    roundId: string,
  ): Promise<{ question_id: string; option_ids: string[]; changes: number; first_answered_at: Date; last_answered_at: Date }[]> {
    try {
      return await this.db.query(
        `SELECT question_id, option_ids, changes, first_answered_at, last_answered_at FROM exam.answers
          WHERE attempt_id = $1 AND round_id = $2 ORDER BY first_answered_at, question_id LIMIT 1000`,
        [attemptId, roundId],
      );
    } catch (e) {
      if (missing(e)) return [];
      throw e;
    }
  }

  /** The attempt's anti-cheat events, oldest first. */
  async events(attemptId: string): Promise<{ type: string; client_at: Date | null; server_at: Date }[]> {
    try {
      return await this.db.query('SELECT type, client_at, server_at FROM exam.attempt_events WHERE attempt_id = $1 ORDER BY server_at, id LIMIT 1000', [
        attemptId,
      ]);
    } catch (e) {
      if (missing(e)) return [];
      throw e;
    }
  }

  /** Focus losses per attempt from exam's anti-cheat events, when exam records them. */
  async focusLosses(attemptIds: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!attemptIds.length) return out;
    try {
      const rows: { attempt_id: string; n: number }[] = await this.db.query(
        `SELECT attempt_id, count(*)::int AS n FROM exam.attempt_events WHERE attempt_id = ANY($1::uuid[]) AND type ~* '(blur|focus|hidden|visibility)' GROUP BY attempt_id`,
        [attemptIds],
      );
      for (const r of rows) out.set(r.attempt_id, r.n);
    } catch (e) {
      if (!missing(e)) throw e;
    }
    return out;
  }

  /** Addresses (or address + user agent, a "device") from which at least `min` accounts submitted in the round. */
  async sharedGroups(roundId: string, by: 'ip' | 'device', min: number): Promise<{ key: string; accounts: number; contestantIds: string[] }[]> {
    const cols = await this.columns();
    if (!cols.has('ip') || (by === 'device' && !cols.has('user_agent'))) return [];
    const key = by === 'ip' ? 'ip' : `ip || ' | ' || coalesce(user_agent, '')`;
    const rows = await this.replica.query<{ key: string; accounts: number; contestant_ids: string[] }>(
      `SELECT ${key} AS key, count(DISTINCT contestant_id)::int AS accounts, (array_agg(DISTINCT contestant_id::text))[1:50] AS contestant_ids
         FROM exam.attempts WHERE round_id = $1 AND ip IS NOT NULL
        GROUP BY 1 HAVING count(DISTINCT contestant_id) >= $2 ORDER BY accounts DESC, key LIMIT 100`,
      [roundId, min],
    );
    return rows.map((r) => ({ key: r.key, accounts: r.accounts, contestantIds: r.contestant_ids }));
  }

  async hasAttempt(roundId: string, contestantId: string): Promise<boolean> {
    try {
      const rows = await this.db.query('SELECT 1 FROM exam.attempts WHERE round_id = $1 AND contestant_id = $2 LIMIT 1', [roundId, contestantId]);
      return rows.length > 0;
    } catch (e) {
      if (missing(e)) return false;
      throw e;
    }
  }
}
