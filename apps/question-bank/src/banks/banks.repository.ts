import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Difficulty } from '@hoi-thi/contracts';
import { QB } from '../question-bank.database';

export interface BankRow {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
  updatedAt: Date;
  questionCount: number;
}

const BANK_COLUMNS = `b.id, b.name, b.description, b.created_at AS "createdAt", b.updated_at AS "updatedAt",
  (SELECT count(*)::int FROM question_bank.questions q WHERE q.bank_id = b.id AND q.deleted_at IS NULL) AS "questionCount"`;

@Injectable()
export class BanksRepository {
  constructor(@InjectDataSource(QB) private readonly ds: DataSource) {}

  get manager(): EntityManager {
    return this.ds.manager;
  }

  /** One transaction around `work`: the service says which writes belong together, the repository how it is opened. */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  async create(bank: { id: string; name: string; description: string; createdBy: string | null }, m: EntityManager = this.ds.manager): Promise<void> {
    await m.query(`INSERT INTO question_bank.banks (id, name, description, created_by) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`, [
      bank.id,
      bank.name,
      bank.description,
      bank.createdBy,
    ]);
  }

  /**
   * Live banks, newest first, from after the keyset `after` (the last row of the previous page): `limit` rows and
   * one more, which tells whether there is a next page. `sortKey` is the row's created_at to the microsecond (a JS
   * Date keeps milliseconds only, and a cursor rounded down would repeat or skip rows created in the same millisecond).
   */
  async list(limit: number, after?: { sortKey: string; id: string }): Promise<(BankRow & { sortKey: string })[]> {
    return this.ds.query(
      `SELECT ${BANK_COLUMNS}, to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "sortKey"
       FROM question_bank.banks b
       WHERE b.deleted_at IS NULL AND ($2::timestamptz IS NULL OR (b.created_at, b.id) < ($2::timestamptz, $3::uuid))
       ORDER BY b.created_at DESC, b.id DESC LIMIT $1`,
      [limit + 1, after?.sortKey ?? null, after?.id ?? null],
    );
  }

  async get(id: string, m: EntityManager = this.ds.manager): Promise<BankRow | undefined> {
    const rows: BankRow[] = await m.query(`SELECT ${BANK_COLUMNS} FROM question_bank.banks b WHERE b.id = $1 AND b.deleted_at IS NULL`, [id]);
    return rows[0];
  }

  async update(id: string, patch: { name?: string; description?: string }): Promise<void> {
    await this.ds.query(`UPDATE question_bank.banks SET name = coalesce($2, name), description = coalesce($3, description), updated_at = now() WHERE id = $1`, [
      id,
      patch.name ?? null,
      patch.description ?? null,
    ]);
  }

  async softDelete(id: string, m: EntityManager): Promise<void> {
    await m.query(`UPDATE question_bank.banks SET deleted_at = now() WHERE id = $1`, [id]);
  }

  /** How many live questions the bank holds per (topic, difficulty): what a blueprint is checked against. */
  async cellCounts(bankId: string, m: EntityManager = this.ds.manager): Promise<{ topic: string; difficulty: Difficulty; count: number }[]> {
    return m.query(
      `SELECT topic, difficulty, count(*)::int AS count FROM question_bank.questions
       WHERE bank_id = $1 AND deleted_at IS NULL GROUP BY topic, difficulty ORDER BY topic, difficulty`,
      [bankId],
    );
  }

  async isUsedByDraftRound(bankId: string, m: EntityManager): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM question_bank.rounds WHERE bank_id = $1 AND status = 'draft' LIMIT 1`, [bankId]);
    return rows.length > 0;
  }
}
