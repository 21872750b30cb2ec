import { MigrationInterface, QueryRunner } from 'typeorm';

/** The `leaderboard` schema itself (tables come in later migrations). */
export class InitLeaderboard1700000000000 implements MigrationInterface {
  name = 'InitLeaderboard1700000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS "leaderboard"');
  }
  async down(): Promise<void> {
    // The schema is dropped with the service; nothing to undo here.
  }
}
