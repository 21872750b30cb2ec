import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AnswerKeyV1, RoundSnapshotV1 } from '@hoi-thi/contracts';
import { QB } from '../question-bank.database';
import type { RoundEntity } from './round.entity';

export type RoundRow = Omit<RoundEntity, 'createdBy'>;

const COLUMNS = `id, contest_id AS "contestId", bank_id AS "bankId", title, opens_at AS "opensAt", closes_at AS "closesAt", blueprint,
  time_limit_seconds AS "timeLimitSeconds", attempts_allowed AS "attemptsAllowed", points_per_question AS "pointsPerQuestion",
  prediction, ranking_rule AS "rankingRule", reveal_policy AS "revealPolicy", practice, partial_credit AS "partialCredit", status,
  published_at AS "publishedAt", created_at AS "createdAt", updated_at AS "updatedAt"`;

export interface PublishedRow {
  roundId: string;
  contestId: string;
  snapshot: RoundSnapshotV1;
  answerKey: AnswerKeyV1;
  keyVersion: number;
  publishedAt: Date;
}

/** What a round's published record adds to its view; null while a draft. */
export interface PublishedFigures {
  keyVersion: number | null;
  poolSize: number | null;
}

@Injectable()
export class RoundsRepository {
  constructor(@InjectDataSource(QB) private readonly ds: DataSource) {}

  get manager(): EntityManager {
    return this.ds.manager;
  }

  /** One transaction around `work`: the service says which writes belong together, the repository how it is opened. */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  async insert(
    r: Omit<RoundRow, 'status' | 'publishedAt' | 'createdAt' | 'updatedAt'>,
    createdBy: string | null,
    m: EntityManager = this.ds.manager,
  ): Promise<void> {
    await m.query(
      `INSERT INTO question_bank.rounds (id, contest_id, bank_id, title, opens_at, closes_at, blueprint, time_limit_seconds, attempts_allowed,
         points_per_question, prediction, ranking_rule, reveal_policy, practice, partial_credit, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        r.id,
        r.contestId,
        r.bankId,
        r.title,
        r.opensAt,
        r.closesAt,
        JSON.stringify(r.blueprint),
        r.timeLimitSeconds,
        r.attemptsAllowed,
        r.pointsPerQuestion,
        JSON.stringify(r.prediction),
        JSON.stringify(r.rankingRule),
        r.revealPolicy,
        r.practice,
        r.partialCredit,
        createdBy,
      ],
    );
  }

  async update(r: RoundRow, m: EntityManager): Promise<void> {
    await m.query(
      `UPDATE question_bank.rounds SET bank_id = $2, title = $3, opens_at = $4, closes_at = $5, blueprint = $6, time_limit_seconds = $7,
         attempts_allowed = $8, points_per_question = $9, prediction = $10, ranking_rule = $11, reveal_policy = $12, practice = $13,
         partial_credit = $14, updated_at = now() WHERE id = $1`,
      [
        r.id,
        r.bankId,
        r.title,
        r.opensAt,
        r.closesAt,
        JSON.stringify(r.blueprint),
        r.timeLimitSeconds,
        r.attemptsAllowed,
        r.pointsPerQuestion,
        JSON.stringify(r.prediction),
        JSON.stringify(r.rankingRule),
        r.revealPolicy,
        r.practice,
        r.partialCredit,
      ],
    );
  }

  async get(id: string, m: EntityManager = this.ds.manager, lock = false): Promise<RoundRow | undefined> {
    const rows: RoundRow[] = await m.query(`SELECT ${COLUMNS} FROM question_bank.rounds WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0];
  }

  async byContest(contestId: string, onlyPublished: boolean): Promise<RoundRow[]> {
    return this.ds.query(`SELECT ${COLUMNS} FROM question_bank.rounds WHERE contest_id = $1 AND (status = 'published' OR NOT $2) ORDER BY opens_at, id`, [
      contestId,
      onlyPublished,
    ]);
  }

  /**
   * A page of a contest's rounds (drafts included) by opening time, with what their published record adds (key
   * version, pool size): `limit + 1` rows, after the round `afterId` names (keyset `(opens_at, id)`, read here).
   */
  async pageByContest(contestId: string, limit: number, afterId?: string): Promise<(RoundRow & PublishedFigures)[]> {
    return this.ds.query(
      `SELECT r.*, p.key_version AS "keyVersion", jsonb_array_length(p.snapshot->'questions') AS "poolSize"
       FROM (SELECT ${COLUMNS} FROM question_bank.rounds
             WHERE contest_id = $1 AND ($2::uuid IS NULL OR (opens_at, id) > (SELECT opens_at, id FROM question_bank.rounds WHERE id = $2))
             ORDER BY opens_at, id LIMIT $3) r
       LEFT JOIN question_bank.published_rounds p ON p.round_id = r.id
       ORDER BY r."opensAt", r.id`,
      [contestId, afterId ?? null, limit + 1],
    );
  }

  async byContests(contestIds: string[]): Promise<RoundRow[]> {
    if (!contestIds.length) return [];
    return this.ds.query(`SELECT ${COLUMNS} FROM question_bank.rounds WHERE contest_id = ANY($1) AND status = 'published' ORDER BY opens_at, id`, [contestIds]);
  }

  async markPublished(id: string, at: Date, m: EntityManager): Promise<void> {
    await m.query(`UPDATE question_bank.rounds SET status = 'published', published_at = $2, updated_at = now() WHERE id = $1`, [id, at]);
  }

  async setClosesAt(id: string, closesAt: Date, m: EntityManager): Promise<void> {
    await m.query(`UPDATE question_bank.rounds SET closes_at = $2, updated_at = now() WHERE id = $1`, [id, closesAt]);
  }

  async insertPublished(p: PublishedRow, m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO question_bank.published_rounds (round_id, contest_id, snapshot, answer_key, key_version, published_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [p.roundId, p.contestId, JSON.stringify(p.snapshot), JSON.stringify(p.answerKey), p.keyVersion, p.publishedAt],
    );
  }

  async getPublished(roundId: string, m: EntityManager = this.ds.manager, lock = false): Promise<PublishedRow | undefined> {
    const rows: PublishedRow[] = await m.query(
      `SELECT round_id AS "roundId", contest_id AS "contestId", snapshot, answer_key AS "answerKey", key_version AS "keyVersion", published_at AS "publishedAt"
       FROM question_bank.published_rounds WHERE round_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [roundId],
    );
    return rows[0];
  }

  async updatePublished(p: Pick<PublishedRow, 'roundId' | 'snapshot' | 'answerKey' | 'keyVersion'>, m: EntityManager): Promise<void> {
    await m.query(`UPDATE question_bank.published_rounds SET snapshot = $2, answer_key = $3, key_version = $4 WHERE round_id = $1`, [
      p.roundId,
      JSON.stringify(p.snapshot),
      JSON.stringify(p.answerKey),
      p.keyVersion,
    ]);
  }

  /**
   * Writes the contest's published state into the snapshot of each of its published rounds (the field exam-session
   * and leaderboard read: RoundSnapshotV1.contestPublished); returns the rows as they now are.
   */
  async setContestPublished(contestId: string, published: boolean, m: EntityManager): Promise<PublishedRow[]> {
    return m
      .query(
        `UPDATE question_bank.published_rounds SET snapshot = jsonb_set(snapshot, '{contestPublished}', to_jsonb($2::boolean))
         WHERE contest_id = $1
         RETURNING round_id AS "roundId", contest_id AS "contestId", snapshot, answer_key AS "answerKey", key_version AS "keyVersion", published_at AS "publishedAt"`,
        [contestId, published],
      )
      .then((r: [PublishedRow[], number] | PublishedRow[]) => (Array.isArray(r[0]) ? (r[0] as PublishedRow[]) : (r as PublishedRow[])));
  }

  /** Published rounds still of use to exam-session (not closed more than `days` ago): warmed into Redis at start. */
  async publishedSince(days: number): Promise<PublishedRow[]> {
    return this.ds.query(
      `SELECT p.round_id AS "roundId", p.contest_id AS "contestId", p.snapshot, p.answer_key AS "answerKey", p.key_version AS "keyVersion", p.published_at AS "publishedAt"
       FROM question_bank.published_rounds p JOIN question_bank.rounds r ON r.id = p.round_id
       WHERE r.closes_at > now() - make_interval(days => $1)`,
      [days],
    );
  }

  async questionIdOfVersion(versionId: string): Promise<string | undefined> {
    const rows: { id: string }[] = await this.ds.query(`SELECT question_id AS id FROM question_bank.question_versions WHERE id = $1`, [versionId]);
    return rows[0]?.id;
  }
}
