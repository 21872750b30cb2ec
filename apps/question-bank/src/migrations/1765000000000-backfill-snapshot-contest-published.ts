import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data only (no schema change): snapshots published before RoundSnapshotV1 carried `contestPublished` get their
 * contest's published state, so a round of an unpublished contest stops reading as published to exam-session and
 * leaderboard. The Redis copies follow at question-bank's next start (RoundCache.load rewrites a copy without the
 * field). A snapshot whose contest has no row keeps none (read as published, as before).
 */
export class BackfillSnapshotContestPublished1765000000000 implements MigrationInterface {
  name = 'BackfillSnapshotContestPublished1765000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE question_bank.published_rounds p
         SET snapshot = jsonb_set(p.snapshot, '{contestPublished}', to_jsonb(c.published))
        FROM question_bank.contests c
       WHERE c.id = p.contest_id AND NOT (p.snapshot ? 'contestPublished')`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE question_bank.published_rounds SET snapshot = snapshot - 'contestPublished'`);
  }
}
