import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MaterialKind, RegistrationField } from '@hoi-thi/contracts';

export interface Material {
  id: string;
  title: string;
  url: string;
  kind: MaterialKind;
}

@Entity({ schema: 'question_bank', name: 'contests' })
export class ContestEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') title: string;
  @Column('text') description: string;
  @Column('text') rules: string;
  @Column('jsonb') materials: Material[];
  @Column('jsonb', { name: 'required_fields' }) requiredFields: RegistrationField[];
  @Column('uuid', { name: 'unit_tree_root_id', nullable: true }) unitTreeRootId: string | null;
  @Column('boolean') published: boolean;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
