import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A question's stable identity and the columns searched and filtered on (copied from its current version). */
@Entity({ schema: 'question_bank', name: 'questions' })
export class QuestionEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'bank_id' }) bankId: string;
  @Column('uuid', { name: 'current_version_id' }) currentVersionId: string;
  @Column('int', { name: 'version_count' }) versionCount: number;
  @Column('text') topic: string;
  @Column('text') difficulty: string;
  @Column('text') kind: string;
  /** duplicateKey(text): near-duplicate detection. */
  @Column('text', { name: 'text_dup' }) textDup: string;
  /** searchKey(text): diacritic-insensitive search. */
  @Column('text', { name: 'text_search' }) textSearch: string;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
}
