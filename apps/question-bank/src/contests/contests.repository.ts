import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { QB } from '../question-bank.database';
import type { RegistrationField } from '@hoi-thi/contracts';
import type { Material } from './contest.entity';

export interface ContestRow {
  id: string;
  title: string;
  description: string;
  rules: string;
  materials: Material[];
  requiredFields: RegistrationField[];
  unitTreeRootId: string | null;
  published: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, title, description, rules, materials, required_fields AS "requiredFields", unit_tree_root_id AS "unitTreeRootId",
  published, created_at AS "createdAt", updated_at AS "updatedAt"`;

@Injectable()
export class ContestsRepository {
  constructor(@InjectDataSource(QB) private readonly ds: DataSource) {}

  get manager(): EntityManager {
    return this.ds.manager;
  }

  /** One transaction around `work`: the service says which writes belong together, the repository how it is opened. */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  async upsert(c: Omit<ContestRow, 'createdAt' | 'updatedAt'> & { createdBy: string | null }, m: EntityManager = this.ds.manager): Promise<void> {
    await m.query(
      `INSERT INTO question_bank.contests (id, title, description, rules, materials, required_fields, unit_tree_root_id, published, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET title = $2, description = $3, rules = $4, materials = $5, required_fields = $6,
         unit_tree_root_id = $7, published = $8, updated_at = now()`,
      [c.id, c.title, c.description, c.rules, JSON.stringify(c.materials), JSON.stringify(c.requiredFields), c.unitTreeRootId, c.published, c.createdBy],
    );
  }

  /** `lock`: FOR SHARE, so a concurrent change of the contest (its published state) waits for this transaction, or this for it. */
  async get(id: string, m: EntityManager = this.ds.manager, lock = false): Promise<ContestRow | undefined> {
    const rows: ContestRow[] = await m.query(`SELECT ${COLUMNS} FROM question_bank.contests WHERE id = $1 ${lock ? 'FOR SHARE' : ''}`, [id]);
    return rows[0];
  }

  /**
   * A page of contests, newest first: `limit + 1` rows (the extra one tells there is a next page), after the row
   * `afterId` names (keyset: `(created_at, id)` below that row's, read by the query itself).
   */
  async page(includeDrafts: boolean, limit: number, afterId?: string): Promise<ContestRow[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM question_bank.contests
       WHERE (published OR $1)
         AND ($2::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM question_bank.contests WHERE id = $2))
       ORDER BY created_at DESC, id DESC LIMIT $3`,
      [includeDrafts, afterId ?? null, limit + 1],
    );
  }
}
