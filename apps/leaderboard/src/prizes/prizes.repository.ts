import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface AwardRow {
  round_id: string;
  contest_id: string | null;
  contestant_id: string;
  attempt_id: string;
  prize: string;
  prize_order: number;
  rank: number;
  position: number;
  computation_id: string;
  awarded_by: string;
}

@Injectable()
export class PrizesRepository {
  constructor(@InjectDataSource('leaderboard') readonly db: DataSource) {}

  /** contestantId → prizes already held in the contest's other rounds. */
  async heldElsewhere(contestId: string | null, roundId: string, contestantIds: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!contestId || !contestantIds.length) return out;
    const rows: { contestant_id: string; n: number }[] = await this.db.query(
      `SELECT contestant_id, count(*)::int AS n FROM leaderboard.prize_awards
        WHERE contest_id = $1 AND round_id <> $2 AND contestant_id = ANY($3::uuid[]) GROUP BY contestant_id`,
      [contestId, roundId, contestantIds],
    );
    for (const r of rows) out.set(r.contestant_id, r.n);
    return out;
  }

  /** Replaces the round's awards (one transaction, with the audit entry). */
  async replace(roundId: string, awards: AwardRow[], audit: { actorId: string; details: Record<string, unknown> }): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query('DELETE FROM leaderboard.prize_awards WHERE round_id = $1', [roundId]);
      if (awards.length) {
        await m.query(
          `INSERT INTO leaderboard.prize_awards (round_id, contest_id, contestant_id, attempt_id, prize, prize_order, rank, position, computation_id, awarded_by)
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::int[], $7::int[], $8::int[], $9::bigint[], $10::uuid[])`,
          [
            awards.map((a) => a.round_id),
            awards.map((a) => a.contest_id || null),
            awards.map((a) => a.contestant_id),
            awards.map((a) => a.attempt_id),
            awards.map((a) => a.prize),
            awards.map((a) => a.prize_order),
            awards.map((a) => a.rank),
            awards.map((a) => a.position),
            awards.map((a) => a.computation_id),
            awards.map((a) => a.awarded_by),
          ],
        );
      }
      await m.query(`INSERT INTO leaderboard.audit_log (actor_id, action, round_id, details) VALUES ($1, 'prizes.award', $2, $3)`, [
        audit.actorId,
        roundId,
        JSON.stringify(audit.details),
      ]);
    });
  }

  async list(roundId: string): Promise<AwardRow[]> {
    return this.db.query('SELECT * FROM leaderboard.prize_awards WHERE round_id = $1 ORDER BY prize_order, position', [roundId]);
  }

  /** Valid entries per unit in a stored ranking. */
  async entriesByUnit(computationId: string): Promise<{ unit_id: string; entries: number }[]> {
    return this.db.query(
      `SELECT unit_id::text AS unit_id, count(*)::int AS entries FROM leaderboard.final_rankings
        WHERE computation_id = $1 AND unit_id IS NOT NULL GROUP BY unit_id`,
      [computationId],
    );
  }
}
