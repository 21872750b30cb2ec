import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ReadDatabase, readDatabaseToken } from '@hoi-thi/platform';

const missing = (e: unknown) => ['42P01', '42703'].includes((e as { code?: string }).code ?? '');

/**
 * exam-session's attempts as judges see them: the contract columns and whatever else exam stores (read as
 * JSON, so new columns appear without a change here), the rows of exam's tables keyed by attempt_id (answers,
 * anti-cheat events) and the groups of accounts sharing an address or a device. Lists and groups scan a round's
 * attempts: they read the replica (DATABASE_READ_URL); one attempt is read on the primary.
 */
@Injectable()
export class JudgeRepository {
  private attemptTables?: { name: string; byRound: boolean }[];
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

  async list(roundId: string, q: { limit: number; offset: number; contestantId?: string; fastMsPerQuestion?: number }) {
    const params: unknown[] = [roundId, q.limit, q.offset];
    let where = 'round_id = $1';
    if (q.contestantId) {
      params.push(q.contestantId);
      where += ` AND contestant_id = $${params.length}`;
    }
    if (q.fastMsPerQuestion !== undefined) {
      params.push(q.fastMsPerQuestion);
      where += ` AND status = 'submitted' AND total > 0 AND duration_ms < total * $${params.length}`;
    }
    try {
      const rows = await this.replica.query<{ a: Record<string, unknown> }>(
        `SELECT to_jsonb(t) - 'draw' - 'seed' AS a FROM exam.attempts t WHERE ${where}
          ORDER BY submitted_at ASC NULLS LAST, id LIMIT $2 OFFSET $3`,
        params,
      );
      return rows.map((r) => r.a);
    } catch (e) {
      if (missing(e)) return [];
      throw e;
    }
  }

  async get(roundId: string, attemptId: string): Promise<Record<string, unknown> | null> {
    try {
      const rows: { a: Record<string, unknown> }[] = await this.db.query(
        `SELECT to_jsonb(t) - 'seed' AS a FROM exam.attempts t WHERE id = $1 AND round_id = $2`,
        [attemptId, roundId],
      );
      return rows[0]?.a ?? null;
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
  }

  /**
   * Rows of every other exam table with an attempt_id column (answers, events…), by table. Partitions are read
   * through their parent (answers are partitioned by round: with `roundId`, only that round's partition).
   */
  async related(attemptId: string, roundId?: string): Promise<Record<string, Record<string, unknown>[]>> {
    if (!this.attemptTables) {
      const rows: { name: string; by_round: boolean }[] = await this.db.query(
        `SELECT c.relname AS name, bool_or(a.attname = 'round_id') AS by_round
           FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
          WHERE c.relnamespace = to_regnamespace('exam') AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> 'outbox'
          GROUP BY c.relname HAVING bool_or(a.attname = 'attempt_id')`,
      );
      this.attemptTables = rows.filter((r) => /^[a-z_]+$/.test(r.name)).map((r) => ({ name: r.name, byRound: r.by_round }));
    }
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const table of this.attemptTables) {
      const inRound = roundId && table.byRound;
      const rows: { r: Record<string, unknown> }[] = await this.db.query(
        `SELECT to_jsonb(x) AS r FROM exam."${table.name}" x WHERE attempt_id = $1${inRound ? ' AND round_id = $2' : ''} LIMIT 1000`,
        inRound ? [attemptId, roundId] : [attemptId],
      );
      out[table.name] = rows.map((r) => r.r);
    }
    return out;
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
  async sharedGroups(roundId: string, by: 'ip' | 'device', min: number) {
    const cols = await this.columns();
    if (!cols.has('ip') || (by === 'device' && !cols.has('user_agent'))) return [];
    const key = by === 'ip' ? 'ip' : `ip || ' | ' || coalesce(user_agent, '')`;
    const rows = await this.replica.query<{ key: string; accounts: number; contestant_ids: string[] }>(
      `SELECT ${key} AS key, count(DISTINCT contestant_id)::int AS accounts, (array_agg(DISTINCT contestant_id))[1:50] AS contestant_ids
         FROM exam.attempts WHERE round_id = $1 AND ip IS NOT NULL
        GROUP BY 1 HAVING count(DISTINCT contestant_id) >= $2 ORDER BY accounts DESC, key LIMIT 100`,
      [roundId, min],
    );
    return rows.map((r) => ({ [by === 'ip' ? 'ip' : 'device']: r.key, accounts: r.accounts, contestantIds: r.contestant_ids }));
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
