import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { ReadDatabase, readDatabaseToken } from '@hoi-thi/platform';
import type { RankingCriterion } from '@hoi-thi/contracts';
import type { PredictionStats } from '@hoi-thi/domain';
import { trimDecimal } from '../live/live-attempt';
import { RANKING_HASH_EXPR, TieSideSetting, rankedAttemptsSql } from './final-order.sql';
import { ResultRow } from './results-file';

export interface RoundResultRow {
  round_id: string;
  contest_id: string | null;
  computation_id: string;
  true_value: string | null;
  results_sha256: string;
  finalized_by: string;
  finalized_at: Date;
  updated_at: Date;
}

export interface ComputationRow {
  id: string;
  round_id: string;
  kind: string;
  rule: string[];
  prediction_target: string | null;
  tie_side: string | null;
  true_value: string | null;
  participations: number;
  entries: number;
  perfect_scorers: number;
  input_sha256: string;
  ranking_sha256: string;
  results_sha256: string;
  same_as_previous: boolean | null;
  ranking_computation_id: string | null;
  elapsed_ms: number;
  created_by: string | null;
  created_at: Date;
}

const NOT_DISQUALIFIED = `NOT EXISTS (SELECT 1 FROM leaderboard.disqualifications d WHERE d.round_id = $1 AND d.contestant_id = t.contestant_id)`;
const ROW_COLUMNS = `position, rank, id::text AS attempt_id, unit_id::text AS unit_id, province, points, correct, total, duration_ms,
  to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS submitted_at, prediction::text AS prediction, distance::text AS distance`;

/** The official ranking in PostgreSQL: computed with window functions into a temporary table, hashed, stored. */
@Injectable()
export class ResultsRepository {
  constructor(
    @InjectDataSource('leaderboard') readonly db: DataSource,
    @Inject(readDatabaseToken('leaderboard')) private readonly replica: ReadDatabase,
  ) {}

  /** Runs `work` in one transaction on one connection (the temporary ranking lives there). */
  async inTransaction<T>(work: (qr: QueryRunner) => Promise<T>): Promise<T> {
    const qr = this.db.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      await qr.query(`SET LOCAL work_mem = '256MB'`);
      const out = await work(qr);
      await qr.commitTransaction();
      return out;
    } catch (e) {
      await qr.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await qr.release();
    }
  }

  async lockRound(qr: QueryRunner, roundId: string): Promise<void> {
    await qr.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`leaderboard:finalize:${roundId}`]);
  }

  /** Participations, valid entries and perfect scorers of the round, disqualified contestants left out. */
  async predictionStats(qr: QueryRunner, roundId: string): Promise<PredictionStats> {
    // One hash aggregate by contestant (no DISTINCT sorts): attempts, and whether any attempt had every answer right.
    const [r] = await qr.query(
      `SELECT coalesce(sum(n), 0)::int AS participations, count(*)::int AS contestants, count(*) FILTER (WHERE perfect)::int AS perfect
         FROM (SELECT contestant_id, count(*) AS n, bool_or(total > 0 AND correct = total) AS perfect
                 FROM exam.attempts t WHERE round_id = $1 AND status = 'submitted' AND submitted_at IS NOT NULL AND ${NOT_DISQUALIFIED}
                GROUP BY contestant_id) s`,
      [roundId],
    );
    return { participations: r.participations, contestants: r.contestants, perfectScorers: r.perfect };
  }

  /** SHA-256 of every submitted attempt of the round as the ranking reads it (id order). */
  async attemptsHash(qr: QueryRunner, roundId: string): Promise<string> {
    const [r] = await qr.query(
      `SELECT encode(sha256(convert_to(coalesce(string_agg(concat_ws(',', id, contestant_id, points, correct, total, duration_ms,
                to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS'), prediction), E'\\n' ORDER BY id), ''), 'UTF8')), 'hex') AS h
         FROM exam.attempts t WHERE round_id = $1 AND status = 'submitted' AND submitted_at IS NOT NULL`,
      [roundId],
    );
    return r.h;
  }

  async disqualified(qr: QueryRunner, roundId: string): Promise<string[]> {
    const rows: { contestant_id: string }[] = await qr.query(
      'SELECT contestant_id FROM leaderboard.disqualifications WHERE round_id = $1 ORDER BY contestant_id',
      [roundId],
    );
    return rows.map((r) => r.contestant_id);
  }

  /** Ranks the round into the temporary table `lb_ranked` (dropped at commit) and returns the ranking's hash. */
  async rankIntoTemp(qr: QueryRunner, roundId: string, rule: readonly RankingCriterion[], tieSide: TieSideSetting, trueValue: string | null): Promise<string> {
    await qr.query('DROP TABLE IF EXISTS lb_ranked');
    await qr.query(`CREATE TEMP TABLE lb_ranked ON COMMIT DROP AS ${rankedAttemptsSql(rule, tieSide)}`, [roundId, trueValue ?? '0']);
    await qr.query('CREATE INDEX ON lb_ranked (position)');
    await qr.query('ANALYZE lb_ranked');
    const [r] = await qr.query(`SELECT ${RANKING_HASH_EXPR} AS h FROM lb_ranked`);
    return r.h;
  }

  /** The temporary ranking's rows in position order, in pages. */
  tempRows(qr: QueryRunner, pageSize = 50_000): AsyncGenerator<ResultRow[]> {
    return pages((after) => qr.query(`SELECT ${ROW_COLUMNS} FROM lb_ranked WHERE position > $1 ORDER BY position LIMIT $2`, [after, pageSize]), pageSize);
  }

  /**
   * A stored ranking's rows for a results file, in pages: read on the replica once it holds the computation (its
   * row and its ranking commit together, so all of it is there), else — replica lagging, down, or none — on the
   * primary.
   */
  async *exportRows(computationId: string, pageSize = 50_000): AsyncGenerator<ResultRow[]> {
    const onReplica = await this.replica.has('SELECT 1 FROM leaderboard.computations WHERE id = $1', [computationId]).catch(() => false);
    yield* this.storedRows(computationId, pageSize, 0, Number.MAX_SAFE_INTEGER, onReplica ? this.replica : this.db);
  }

  /** A stored ranking's rows in position order, in pages. */
  storedRows(
    computationId: string,
    pageSize = 50_000,
    from = 0,
    to = Number.MAX_SAFE_INTEGER,
    db: { query(sql: string, params: unknown[]): Promise<RawRow[]> } = this.db,
  ): AsyncGenerator<ResultRow[]> {
    return pages(
      (after) =>
        db.query(
          `SELECT ${ROW_COLUMNS.replace('id::text AS attempt_id', 'attempt_id::text AS attempt_id')} FROM leaderboard.final_rankings
            WHERE computation_id = $1 AND position > $2 AND position <= $4::bigint ORDER BY position LIMIT $3`,
          [computationId, after, pageSize, to],
        ),
      pageSize,
      from,
    );
  }

  async insertComputation(qr: QueryRunner, c: Omit<ComputationRow, 'id' | 'created_at'>): Promise<string> {
    const [r] = await qr.query(
      `INSERT INTO leaderboard.computations (round_id, kind, rule, prediction_target, tie_side, true_value, participations, entries,
         perfect_scorers, input_sha256, ranking_sha256, results_sha256, same_as_previous, ranking_computation_id, elapsed_ms, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16) RETURNING id`,
      [
        c.round_id,
        c.kind,
        c.rule,
        c.prediction_target,
        c.tie_side,
        c.true_value,
        c.participations,
        c.entries,
        c.perfect_scorers,
        c.input_sha256,
        c.ranking_sha256,
        c.results_sha256,
        c.same_as_previous,
        c.ranking_computation_id,
        c.elapsed_ms,
        c.created_by,
      ],
    );
    return String(r.id);
  }

  async storeTempRanking(qr: QueryRunner, computationId: string): Promise<void> {
    await qr.query(
      `INSERT INTO leaderboard.final_rankings (computation_id, position, rank, attempt_id, contestant_id, unit_id, province, points, correct,
         total, duration_ms, submitted_at, prediction, distance)
       SELECT $1, position, rank, id, contestant_id, unit_id, province, points, correct, total, duration_ms, submitted_at, prediction, distance
         FROM lb_ranked`,
      [computationId],
    );
  }

  async upsertRoundResult(
    qr: QueryRunner,
    r: { roundId: string; contestId: string | null; computationId: string; trueValue: string | null; resultsSha256: string; by: string },
  ): Promise<void> {
    await qr.query(
      `INSERT INTO leaderboard.round_results (round_id, contest_id, computation_id, true_value, results_sha256, finalized_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (round_id) DO UPDATE SET computation_id = EXCLUDED.computation_id, true_value = EXCLUDED.true_value,
         results_sha256 = EXCLUDED.results_sha256, updated_at = now()`,
      [r.roundId, r.contestId || null, r.computationId, r.trueValue, r.resultsSha256, r.by],
    );
  }

  async roundResult(roundId: string, qr?: QueryRunner): Promise<RoundResultRow | null> {
    const rows: RoundResultRow[] = await (qr ?? this.db).query('SELECT * FROM leaderboard.round_results WHERE round_id = $1', [roundId]);
    return rows[0] ?? null;
  }

  async computations(roundId: string): Promise<ComputationRow[]> {
    return this.db.query('SELECT * FROM leaderboard.computations WHERE round_id = $1 ORDER BY id', [roundId]);
  }

  async count(computationId: string): Promise<number> {
    const [r] = await this.db.query('SELECT count(*)::int AS n FROM leaderboard.final_rankings WHERE computation_id = $1', [computationId]);
    return r.n;
  }

  /** Stored rows with contestant ids (prizes, published board). */
  async rankedContestants(computationId: string, limit: number, afterPosition = 0): Promise<(ResultRow & { contestantId: string })[]> {
    const rows = await this.db.query(
      `SELECT ${ROW_COLUMNS.replace('id::text AS attempt_id', 'attempt_id::text AS attempt_id')}, contestant_id::text AS contestant_id
         FROM leaderboard.final_rankings WHERE computation_id = $1 AND position > $2 ORDER BY position LIMIT $3`,
      [computationId, afterPosition, limit],
    );
    return rows.map((r: RawRow & { contestant_id: string }) => ({ ...toRow(r), contestantId: r.contestant_id }));
  }

  /** A what-if ranking (another true value) of the top `limit`, not stored. */
  async whatIf(roundId: string, rule: readonly RankingCriterion[], tieSide: TieSideSetting, trueValue: string, limit: number) {
    const rows = await this.db.query(
      `SELECT id::text AS attempt_id, contestant_id::text AS contestant_id, position, rank FROM (${rankedAttemptsSql(rule, tieSide)}) r
        WHERE position <= $3 ORDER BY position`,
      [roundId, trueValue, limit],
    );
    return rows as { attempt_id: string; contestant_id: string; position: number; rank: number }[];
  }
}

interface RawRow {
  position: number;
  rank: number;
  attempt_id: string;
  unit_id: string | null;
  province: string | null;
  points: number;
  correct: number;
  total: number;
  duration_ms: number;
  submitted_at: string;
  prediction: string | null;
  distance: string | null;
}

function toRow(r: RawRow): ResultRow {
  return {
    position: Number(r.position),
    rank: Number(r.rank),
    attemptId: r.attempt_id,
    unitId: r.unit_id,
    province: r.province,
    points: Number(r.points),
    correct: Number(r.correct),
    total: Number(r.total),
    durationMs: Number(r.duration_ms),
    submittedAt: r.submitted_at,
    prediction: r.prediction === null ? null : trimDecimal(r.prediction),
    distance: r.distance === null ? null : trimDecimal(r.distance),
  };
}

async function* pages(fetch: (after: number) => Promise<RawRow[]>, pageSize: number, from = 0): AsyncGenerator<ResultRow[]> {
  let after = from;
  for (;;) {
    const rows = await fetch(after);
    if (!rows.length) return;
    yield rows.map(toRow);
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1].position);
  }
}
