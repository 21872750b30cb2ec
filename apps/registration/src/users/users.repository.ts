import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError, Repository } from 'typeorm';
import type { Role } from '@hoi-thi/contracts';
import { UserEntity } from './user.entity';

export type UniqueField = 'phone' | 'email' | 'citizenId';

const CONSTRAINT_FIELD: Record<string, UniqueField> = {
  uq_users_phone: 'phone',
  uq_users_email: 'email',
  uq_users_citizen_id_hash: 'citizenId',
};

/** The unique field a PostgreSQL unique violation is about, or null for any other error. */
export function uniqueViolationField(e: unknown): UniqueField | null {
  if (!(e instanceof QueryFailedError)) return null;
  const d = e.driverError as { code?: string; constraint?: string };
  return d?.code === '23505' && d.constraint ? (CONSTRAINT_FIELD[d.constraint] ?? null) : null;
}

export type NewUser = Pick<
  UserEntity,
  | 'fullName'
  | 'dateOfBirth'
  | 'phone'
  | 'email'
  | 'passwordHash'
  | 'citizenIdHash'
  | 'citizenIdLast3'
  | 'provinceCode'
  | 'wardCode'
  | 'unitId'
  | 'category'
  | 'roles'
>;

export interface UserPage {
  items: UserEntity[];
  next: { createdAt: Date; id: string } | null;
}

/** Queries on `registration.users`. */
@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity, 'registration') private readonly repo: Repository<UserEntity>,
    @InjectDataSource('registration') private readonly ds: DataSource,
  ) {}

  /** Which of phone / e-mail / citizen ID fingerprint another account already holds (one query). */
  async takenFields(phone: string | null, email: string | null, citizenIdHash: string | null, exceptId?: string): Promise<UniqueField[]> {
    const rows: { phone: boolean; email: boolean; citizen: boolean }[] = await this.ds.query(
      `SELECT phone = $1 AS phone, email IS NOT DISTINCT FROM $2 AND $2 IS NOT NULL AS email,
              citizen_id_hash IS NOT DISTINCT FROM $3 AND $3 IS NOT NULL AS citizen
         FROM registration.users
        WHERE (phone = $1 OR email = $2 OR citizen_id_hash = $3) AND ($4::uuid IS NULL OR id <> $4::uuid)
        LIMIT 3`,
      [phone, email, citizenIdHash, exceptId ?? null],
    );
    const out = new Set<UniqueField>();
    for (const r of rows) {
      if (r.phone) out.add('phone');
      if (r.email) out.add('email');
      if (r.citizen) out.add('citizenId');
    }
    return (['phone', 'email', 'citizenId'] as UniqueField[]).filter((f) => out.has(f));
  }

  async insert(user: NewUser): Promise<UserEntity> {
    const r = await this.repo.insert(user);
    return (await this.findById(r.identifiers[0].id as string))!;
  }

  /** The account, with its citizen ID fingerprint (for `hasCitizenId`; toUserView never copies it out). */
  findById(id: string, manager: EntityManager = this.ds.manager): Promise<UserEntity | null> {
    return manager.createQueryBuilder(UserEntity, 'u').addSelect('u.citizenIdHash').where('u.id = :id', { id }).getOne();
  }

  /** The account and its password hash, by E.164 phone or lower-cased e-mail. */
  findForLogin(by: { phone: string } | { email: string }): Promise<(UserEntity & { passwordHash: string }) | null> {
    const qb = this.repo.createQueryBuilder('u').addSelect('u.passwordHash');
    if ('phone' in by) qb.where('u.phone = :phone', { phone: by.phone });
    else qb.where('u.email = :email', { email: by.email });
    return qb.getOne() as Promise<(UserEntity & { passwordHash: string }) | null>;
  }

  async update(
    id: string,
    patch: Partial<Pick<UserEntity, 'fullName' | 'email' | 'provinceCode' | 'wardCode' | 'unitId' | 'category'>>,
    manager: EntityManager = this.ds.manager,
  ): Promise<void> {
    await manager.update(UserEntity, { id }, patch);
  }

  /** Locks the account's row for the transaction and returns its citizen ID fingerprint ('' read as none); undefined: no such account. */
  async lockCitizenId(m: EntityManager, id: string): Promise<string | null | undefined> {
    const rows: { hash: string | null }[] = await m.query(`SELECT nullif(citizen_id_hash, '') AS hash FROM registration.users WHERE id = $1 FOR UPDATE`, [id]);
    return rows.length ? rows[0].hash : undefined;
  }

  /**
   * Writes (or, with nulls, clears) the citizen ID columns. Another account's fingerprint fails on the unique index
   * `uq_users_citizen_id_hash` (see uniqueViolationField): the index, not a prior read, decides between racing accounts.
   */
  async setCitizenId(m: EntityManager, id: string, columns: Pick<UserEntity, 'citizenIdHash' | 'citizenIdLast3'>): Promise<void> {
    await m.update(UserEntity, { id }, columns);
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.repo.update({ id }, { passwordHash });
  }

  /** Newest first, keyset-paginated; `q` matches the phone exactly (normalised) or the name (case-insensitive). */
  async list(opts: { limit: number; after?: { createdAt: Date; id: string }; phone?: string; name?: string; role?: Role }): Promise<UserPage> {
    const qb = this.repo
      .createQueryBuilder('u')
      .addSelect('u.citizenIdHash')
      .orderBy('u.createdAt', 'DESC')
      .addOrderBy('u.id', 'DESC')
      .limit(opts.limit + 1);
    if (opts.after) qb.andWhere('(u.created_at, u.id) < (:at, :id)', { at: opts.after.createdAt, id: opts.after.id });
    if (opts.phone) qb.andWhere('u.phone = :phone', { phone: opts.phone });
    if (opts.name) qb.andWhere(`u.full_name ILIKE :name ESCAPE '\\'`, { name: `%${opts.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    if (opts.role) qb.andWhere(':role = ANY (u.roles)', { role: opts.role });
    const rows = await qb.getMany();
    const more = rows.length > opts.limit;
    const items = more ? rows.slice(0, opts.limit) : rows;
    const last = items[items.length - 1];
    return { items, next: more && last ? { createdAt: last.createdAt, id: last.id } : null };
  }

  /** Runs `work` in a transaction (roles change + audit row together). */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /** Locks the admins' rows (so two admins demoting each other cannot both pass) and returns their ids. */
  async lockAdmins(m: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await m.query(`SELECT id FROM registration.users WHERE 'admin' = ANY (roles) AND NOT disabled ORDER BY id FOR UPDATE`);
    return rows.map((r) => r.id);
  }

  async setRoles(m: EntityManager, id: string, roles: Role[]): Promise<void> {
    await m.update(UserEntity, { id }, { roles });
  }
}
