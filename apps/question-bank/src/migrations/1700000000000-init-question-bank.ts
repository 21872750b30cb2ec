import { MigrationInterface, QueryRunner } from 'typeorm';

/** The `question_bank` schema itself (tables come in later migrations). */
export class InitQuestionBank1700000000000 implements MigrationInterface {
  name = 'InitQuestionBank1700000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS "question_bank"');
  }
  async down(): Promise<void> {
    // The schema is dropped with the service; nothing to undo here.
  }
}
