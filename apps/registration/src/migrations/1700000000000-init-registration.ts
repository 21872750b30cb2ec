import { MigrationInterface, QueryRunner } from 'typeorm';

/** The `registration` schema itself (tables come in later migrations). */
export class InitRegistration1700000000000 implements MigrationInterface {
  name = 'InitRegistration1700000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS "registration"');
  }
  async down(): Promise<void> {
    // The schema is dropped with the service; nothing to undo here.
  }
}
