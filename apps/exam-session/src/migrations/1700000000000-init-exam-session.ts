import { MigrationInterface, QueryRunner } from 'typeorm';

/** The `exam` schema itself (tables come in later migrations). */
export class InitExamSession1700000000000 implements MigrationInterface {
  name = 'InitExamSession1700000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS "exam"');
  }
  async down(): Promise<void> {
    // The schema is dropped with the service; nothing to undo here.
  }
}
