import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '@hoi-thi/contracts';

import { USER_CATEGORIES, type UserCategory } from '@hoi-thi/contracts';

export { USER_CATEGORIES, type UserCategory };

/** An account. The citizen ID is kept only as an HMAC fingerprint (and its last 3 digits). */
@Entity({ schema: 'registration', name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'full_name', type: 'text' }) fullName: string;
  /** ISO date `YYYY-MM-DD` (a `date` column read as a string). */
  @Column({ name: 'date_of_birth', type: 'date' }) dateOfBirth: string;
  /** E.164, e.g. `+84912345678`. */
  @Column({ type: 'text' }) phone: string;
  @Column({ type: 'text', nullable: true }) email: string | null;
  @Column({ name: 'password_hash', type: 'text', select: false }) passwordHash: string;
  @Column({ name: 'citizen_id_hash', type: 'text', nullable: true, select: false }) citizenIdHash: string | null;
  @Column({ name: 'citizen_id_last3', type: 'char', length: 3, nullable: true }) citizenIdLast3: string | null;
  @Column({ name: 'province_code', type: 'text' }) provinceCode: string;
  @Column({ name: 'ward_code', type: 'text' }) wardCode: string;
  @Column({ name: 'unit_id', type: 'uuid', nullable: true }) unitId: string | null;
  @Column({ type: 'enum', enum: USER_CATEGORIES, enumName: 'user_category' }) category: UserCategory;
  @Column({ type: 'text', array: true }) roles: Role[];
  @Column({ type: 'boolean', default: false }) disabled: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
