import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'question_bank', name: 'banks' })
export class BankEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') description: string;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
}
