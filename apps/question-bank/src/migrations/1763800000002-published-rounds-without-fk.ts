import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `published_rounds` is a contract table (docs/data-contracts.md) that other services read and their test fixtures
 * fill directly: it keeps exactly the contract's columns and no foreign key to question-bank's private `rounds`.
 */
export class PublishedRoundsWithoutFk1763800000002 implements MigrationInterface {
  name = 'PublishedRoundsWithoutFk1763800000002';
  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE question_bank.published_rounds DROP CONSTRAINT IF EXISTS published_rounds_round_id_fkey');
  }
  async down(): Promise<void> {
    // Not restored: the contract table stays free of private constraints.
  }
}
