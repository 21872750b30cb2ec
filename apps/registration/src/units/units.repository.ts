import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, QueryFailedError, Repository } from 'typeorm';
import { UnitEntity } from './unit.entity';
import { ExistingUnit, PlannedUnit } from './unit-rules';

export function isUnitCodeViolation(e: unknown): boolean {
  if (!(e instanceof QueryFailedError)) return false;
  const d = e.driverError as { code?: string; constraint?: string };
  return d?.code === '23505' && d.constraint === 'uq_units_code';
}

/** Queries on `registration.units`. */
@Injectable()
export class UnitsRepository {
  constructor(
    @InjectRepository(UnitEntity, 'registration') private readonly repo: Repository<UnitEntity>,
    @InjectDataSource('registration') private readonly ds: DataSource,
  ) {}

  /** The whole tree, roots first, then by name. */
  listAll(): Promise<UnitEntity[]> {
    return this.repo.find({ order: { depth: 'ASC', name: 'ASC' } });
  }

  /** `m`: the caller's transaction (a parent read while creating its child). */
  findById(id: string, m?: EntityManager): Promise<UnitEntity | null> {
    return m ? m.findOne(UnitEntity, { where: { id } }) : this.repo.findOne({ where: { id } });
  }

  codeTaken(code: string, m: EntityManager = this.ds.manager): Promise<boolean> {
    return m.exists(UnitEntity, { where: { code } });
  }

  async exists(id: string): Promise<boolean> {
    return (await this.repo.count({ where: { id } })) > 0;
  }

  /** Every unit's code, parent and depth (what an import plans against). */
  async skeleton(codes?: string[]): Promise<ExistingUnit[]> {
    const rows = await this.repo.find({ select: { id: true, code: true, parentId: true, depth: true }, where: codes ? { code: In(codes) } : {} });
    return rows.map((r) => ({ id: r.id, code: r.code, parentId: r.parentId, depth: r.depth }));
  }

  async insert(unit: PlannedUnit, manager: EntityManager = this.ds.manager): Promise<void> {
    await manager.insert(UnitEntity, unit);
  }

  /** Inserts (parents first) and updates of an import, in the caller's transaction. */
  async applyImport(m: EntityManager, inserts: PlannedUnit[], updates: PlannedUnit[]): Promise<void> {
    for (let i = 0; i < inserts.length; i += 500) await m.insert(UnitEntity, inserts.slice(i, i + 500));
    for (const u of updates) await m.update(UnitEntity, { id: u.id }, { name: u.name, memberCount: u.memberCount });
  }

  /** Serialises imports and creations (one tree, one writer at a time) inside a transaction. */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('registration:units'))`);
      return work(m);
    });
  }
}
