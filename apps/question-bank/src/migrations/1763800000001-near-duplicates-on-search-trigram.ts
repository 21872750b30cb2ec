import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Near-duplicates use the search column's trigram index (plus exact equality of the duplicate key, btree), so the
 * second trigram index is dropped: each GIN trigram index cost ~2 s per 10,000 imported questions.
 */
export class NearDuplicatesOnSearchTrigram1763800000001 implements MigrationInterface {
  name = 'NearDuplicatesOnSearchTrigram1763800000001';
  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS question_bank.questions_dup_trgm');
  }
  async down(): Promise<void> {
    // Recreated by nothing: the index is not used any more.
  }
}
