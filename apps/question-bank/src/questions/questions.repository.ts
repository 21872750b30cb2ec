import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Difficulty, QuestionKind } from '@hoi-thi/contracts';
import { escapeLike } from '../common/text';
import { QB } from '../question-bank.database';
import type { QuestionContent } from './question-rules';

export interface StoredQuestion extends QuestionContent {
  id: string;
  bankId: string;
  versionId: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewQuestion {
  questionId: string;
  versionId: string;
  content: QuestionContent;
  dup: string;
  search: string;
}

export interface QuestionFilter {
  topic?: string;
  difficulty?: string;
  kind?: string;
  q?: string;
  limit: number;
  /** The seq of the previous page's last question (keyset). */
  afterSeq?: string;
}

/** Similarity above which two texts are near-duplicates (pg_trgm), besides exact equality of their keys. */
export const NEAR_DUPLICATE_SIMILARITY = 0.9;

const VERSION_COLUMNS = `q.id, q.bank_id AS "bankId", v.id AS "versionId", v.version, v.kind, v.text, v.options,
  v.correct_option_ids AS "correctOptionIds", v.explanation, v.topic, v.difficulty, v.article, v.image_url AS "imageUrl",
  v.points, q.created_at AS "createdAt", q.updated_at AS "updatedAt"`;

@Injectable()
export class QuestionsRepository implements OnModuleInit {
  /** Schema holding pg_trgm, or null when the extension is not installed (exact-key duplicates only). */
  private trgmSchema: string | null | undefined;

  constructor(@InjectDataSource(QB) private readonly ds: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.trigram();
  }

  private async trigram(): Promise<string | null> {
    if (this.trgmSchema === undefined) {
      const rows: { s: string }[] = await this.ds.query(`SELECT extnamespace::regnamespace::text AS s FROM pg_extension WHERE extname = 'pg_trgm'`);
      this.trgmSchema = rows[0]?.s ?? null;
    }
    return this.trgmSchema;
  }

  /** Inserts questions with their first version, 500 rows per statement. */
  async insertMany(m: EntityManager, bankId: string, items: NewQuestion[], createdBy: string | null): Promise<void> {
    for (let i = 0; i < items.length; i += 500) {
      const chunk = items.slice(i, i + 500);
      await m.query(
        `INSERT INTO question_bank.questions (id, bank_id, current_version_id, version_count, topic, difficulty, kind, text_dup, text_search, created_by)
         SELECT u.id, $1, u.vid, 1, u.topic, u.difficulty, u.kind, u.dup, u.search, $2
         FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) WITH ORDINALITY AS u(id, vid, topic, difficulty, kind, dup, search, n)
         ORDER BY u.n`,
        [
          bankId,
          createdBy,
          chunk.map((c) => c.questionId),
          chunk.map((c) => c.versionId),
          chunk.map((c) => c.content.topic),
          chunk.map((c) => c.content.difficulty),
          chunk.map((c) => c.content.kind),
          chunk.map((c) => c.dup),
          chunk.map((c) => c.search),
        ],
      );
      await this.insertVersions(
        m,
        chunk.map((c) => ({ questionId: c.questionId, versionId: c.versionId, version: 1, content: c.content })),
        createdBy,
      );
    }
  }

  private async insertVersions(
    m: EntityManager,
    rows: { questionId: string; versionId: string; version: number; content: QuestionContent }[],
    createdBy: string | null,
  ): Promise<void> {
    await m.query(
      `INSERT INTO question_bank.question_versions
         (id, question_id, version, kind, text, options, correct_option_ids, explanation, topic, difficulty, article, image_url, points, created_by)
       SELECT u.id, u.qid, u.version, u.kind, u.text, u.options, u.correct, u.explanation, u.topic, u.difficulty, u.article, u.image_url, u.points, $1
       FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::int[])
         AS u(id, qid, version, kind, text, options, correct, explanation, topic, difficulty, article, image_url, points)`,
      [
        createdBy,
        rows.map((r) => r.versionId),
        rows.map((r) => r.questionId),
        rows.map((r) => r.version),
        rows.map((r) => r.content.kind),
        rows.map((r) => r.content.text),
        rows.map((r) => JSON.stringify(r.content.options)),
        rows.map((r) => JSON.stringify(r.content.correctOptionIds)),
        rows.map((r) => r.content.explanation),
        rows.map((r) => r.content.topic),
        rows.map((r) => r.content.difficulty),
        rows.map((r) => r.content.article),
        rows.map((r) => r.content.imageUrl),
        rows.map((r) => r.content.points),
      ],
    );
  }

  /**
   * For each text, a live question of the bank that nearly duplicates it: the same duplicate key (btree), or, with
   * pg_trgm, a search key (lower case, no diacritics) of trigram similarity ≥ 0.9 (the search column's GIN index).
   * Returns index (0-based, in `texts`) → question id.
   */
  async findNearDuplicates(
    bankId: string,
    texts: { dup: string; search: string }[],
    excludeQuestionId: string | null = null,
    m?: EntityManager,
  ): Promise<Map<number, string>> {
    const found = new Map<number, string>();
    if (!texts.length) return found;
    const s = await this.trigram();
    const run = async (em: EntityManager) => {
      if (s) await em.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [String(NEAR_DUPLICATE_SIMILARITY)]);
      const match = s ? `(q.text_dup = i.t OR q.text_search OPERATOR("${s}".%) i.s)` : `q.text_dup = i.t`;
      const rows: { n: string; id: string }[] = await em.query(
        `SELECT DISTINCT ON (i.n) i.n, q.id FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS i(t, s, n)
         JOIN question_bank.questions q ON q.bank_id = $1 AND q.deleted_at IS NULL AND ${match} AND ($4::uuid IS NULL OR q.id <> $4)
         ORDER BY i.n, q.seq`,
        [bankId, texts.map((x) => x.dup), texts.map((x) => x.search), excludeQuestionId],
      );
      for (const r of rows) found.set(Number(r.n) - 1, r.id);
    };
    if (m) await run(m);
    else await this.ds.transaction(run);
    return found;
  }

  /**
   * The bank's live questions matching the filter, in creation order (seq), from after `afterSeq`: `limit` rows and
   * one more (a next page exists), with the count of all matches (the screen shows it). The (bank_id, seq) index
   * serves both the order and the keyset.
   */
  async list(bankId: string, f: QuestionFilter): Promise<{ items: (StoredQuestion & { seq: string })[]; total: number }> {
    const where = [`q.bank_id = $1`, `q.deleted_at IS NULL`];
    const params: unknown[] = [bankId];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.topic) add(`q.topic = ?`, f.topic);
    if (f.difficulty) add(`q.difficulty = ?`, f.difficulty);
    if (f.kind) add(`q.kind = ?`, f.kind);
    if (f.q) add(`q.text_search ILIKE ?`, `%${escapeLike(f.q)}%`);
    const cond = where.join(' AND ');
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM question_bank.questions q WHERE ${cond}`, params);
    const page = [...params];
    const after = f.afterSeq ? ` AND q.seq > $${page.push(f.afterSeq)}::bigint` : '';
    const items = await this.ds.query(
      `SELECT ${VERSION_COLUMNS}, q.seq::text AS seq FROM question_bank.questions q JOIN question_bank.question_versions v ON v.id = q.current_version_id
       WHERE ${cond}${after} ORDER BY q.seq LIMIT $${page.push(f.limit + 1)}`,
      page,
    );
    return { items, total };
  }

  async get(id: string, m: EntityManager = this.ds.manager, lock = false): Promise<StoredQuestion | undefined> {
    const rows: StoredQuestion[] = await m.query(
      `SELECT ${VERSION_COLUMNS} FROM question_bank.questions q JOIN question_bank.question_versions v ON v.id = q.current_version_id
       JOIN question_bank.banks b ON b.id = q.bank_id AND b.deleted_at IS NULL
       WHERE q.id = $1 AND q.deleted_at IS NULL ${lock ? 'FOR UPDATE OF q' : ''}`,
      [id],
    );
    return rows[0];
  }

  async versions(questionId: string): Promise<StoredQuestion[]> {
    return this.ds.query(
      `SELECT ${VERSION_COLUMNS} FROM question_bank.questions q JOIN question_bank.question_versions v ON v.question_id = q.id
       WHERE q.id = $1 AND q.deleted_at IS NULL ORDER BY v.version DESC`,
      [questionId],
    );
  }

  async addVersion(
    m: EntityManager,
    q: { questionId: string; versionId: string; version: number; content: QuestionContent; dup: string; search: string },
    createdBy: string | null,
  ) {
    await this.insertVersions(m, [q], createdBy);
    await m.query(
      `UPDATE question_bank.questions SET current_version_id = $2, version_count = $3, topic = $4, difficulty = $5, kind = $6,
         text_dup = $7, text_search = $8, updated_at = now() WHERE id = $1`,
      [q.questionId, q.versionId, q.version, q.content.topic, q.content.difficulty, q.content.kind, q.dup, q.search],
    );
  }

  async softDelete(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE question_bank.questions SET deleted_at = now(), updated_at = now() WHERE id = $1`, [id]);
  }

  /** Every live question of a bank (current versions), in creation order: export and publishing. */
  async allCurrent(bankId: string, m: EntityManager = this.ds.manager): Promise<StoredQuestion[]> {
    return m.query(
      `SELECT ${VERSION_COLUMNS} FROM question_bank.questions q JOIN question_bank.question_versions v ON v.id = q.current_version_id
       WHERE q.bank_id = $1 AND q.deleted_at IS NULL ORDER BY q.seq`,
      [bankId],
    );
  }
}

export type { Difficulty, QuestionKind };
