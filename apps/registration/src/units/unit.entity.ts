import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A node of the organizer's unit tree (city committee → ward committees → cells), with an optional member count. */
@Entity({ schema: 'registration', name: 'units' })
export class UnitEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'parent_id', type: 'uuid', nullable: true }) parentId: string | null;
  @Column({ type: 'text' }) code: string;
  @Column({ type: 'text' }) name: string;
  @Column({ name: 'member_count', type: 'integer', nullable: true }) memberCount: number | null;
  /** 0 for a root. */
  @Column({ type: 'smallint', default: 0 }) depth: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
