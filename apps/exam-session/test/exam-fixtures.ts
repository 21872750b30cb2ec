import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { AnswerKeyV1, ContestVisibilityChangedV1, roundKeys, RoundSnapshotV1, SnapshotQuestionV1, STREAMS } from '@hoi-thi/contracts';
import { REDIS } from '@hoi-thi/platform';
import { bearer, createTestApp, FakeClock, testToken, uniq, uniquePhone } from '@hoi-thi/testing';
import { ExamSessionModule, ExamSessionOptions } from '../src/exam-session.module';
import { EXAM_SESSION_SERVICE } from '../src/exam-session.service-def';
import { EXAM_PG } from '../src/shared/exam-pg';

/**
 * question-bank owns `question_bank.published_rounds`; until its migration lands in every test database, tests
 * create the table (the contract's columns from docs/data-contracts.md) if it is missing.
 */
export async function ensurePublishedRoundsTable(pool: Pool): Promise<void> {
  await pool.query(`DO $$ BEGIN
    CREATE SCHEMA IF NOT EXISTS question_bank;
    CREATE TABLE IF NOT EXISTS question_bank.published_rounds (
      round_id uuid PRIMARY KEY, contest_id uuid NOT NULL, snapshot jsonb NOT NULL, answer_key jsonb NOT NULL,
      key_version int NOT NULL DEFAULT 1, published_at timestamptz NOT NULL DEFAULT now());
  EXCEPTION WHEN unique_violation OR duplicate_table OR duplicate_object THEN NULL; END $$`);
}

/**
 * Inserts the published round as question-bank would. Its real table references question_bank.rounds (question-bank's
 * own rows, not part of the contract): the fixture skips that foreign key (session_replication_role = replica).
 */
export async function insertPublishedRound(pool: Pool, snapshot: RoundSnapshotV1, key: AnswerKeyV1): Promise<void> {
  await ensurePublishedRoundsTable(pool);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query(
      'INSERT INTO question_bank.published_rounds (round_id, contest_id, snapshot, answer_key, key_version, published_at) VALUES ($1, $2, $3, $4, $5, now())',
      [snapshot.roundId, snapshot.contestId, JSON.stringify(snapshot), JSON.stringify(key), snapshot.keyVersion],
    );
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}

export interface RoundFixture {
  roundId: string;
  snapshot: RoundSnapshotV1;
  key: AnswerKeyV1;
}

export interface RoundOptions {
  questions?: number;
  draw?: number;
  timeLimitSeconds?: number;
  attemptsAllowed?: number | null;
  opensAt?: Date;
  closesAt?: Date;
  prediction?: boolean;
  revealPolicy?: RoundSnapshotV1['revealPolicy'];
  multiple?: boolean;
  /** The round's contest (default: a new id with no `question_bank.contests` row, i.e. a contest asking nothing). */
  contestId?: string;
  /** The snapshot's `contestPublished` (default: absent, as in a snapshot written before the field). */
  contestPublished?: boolean;
}

/** A published round (snapshot + key) in PostgreSQL and in Redis, as question-bank publishes it. */
export async function publishRound(pool: Pool, redis: Redis, o: RoundOptions = {}): Promise<RoundFixture> {
  const roundId = randomUUID();
  const n = o.questions ?? 12;
  const questions: SnapshotQuestionV1[] = Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    topic: i % 2 ? 'Chương 1' : 'Chương 2',
    difficulty: 'easy',
    kind: o.multiple && i === 0 ? 'multiple' : 'single',
    text: `Câu hỏi số ${i + 1}?`,
    options: ['A', 'B', 'C', 'D'].map((l) => ({ id: randomUUID(), text: `Phương án ${l}` })),
    points: 1,
  }));
  const key: AnswerKeyV1 = Object.fromEntries(
    questions.map((q) => [
      q.id,
      { correctOptionIds: q.kind === 'multiple' ? [q.options[0].id, q.options[1].id] : [q.options[0].id], explanation: `Giải thích ${q.text}` },
    ]),
  );
  const now = Date.now();
  const snapshot: RoundSnapshotV1 = {
    roundId,
    contestId: o.contestId ?? randomUUID(),
    title: 'Vòng thử',
    opensAt: (o.opensAt ?? new Date(now - 86400_000)).toISOString(),
    closesAt: (o.closesAt ?? new Date(now + 7 * 86400_000)).toISOString(),
    timeLimitSeconds: o.timeLimitSeconds ?? 600,
    attemptsAllowed: o.attemptsAllowed === undefined ? 3 : o.attemptsAllowed,
    blueprint: [
      { topic: 'Chương 1', difficulty: '*', count: Math.floor((o.draw ?? 6) / 2) },
      { topic: '*', difficulty: '*', count: Math.ceil((o.draw ?? 6) / 2) },
    ],
    questions,
    scoring: { partialCredit: 'all-or-nothing' },
    prediction: o.prediction
      ? { enabled: true, target: 'perfect-scorers', wording: 'Bao nhiêu người trả lời đúng tất cả?', tieSide: 'under', decimals: 0 }
      : null,
    rankingRule: ['points', 'prediction', 'duration', 'submittedAt'],
    // after-submit with several attempts would leak the key between attempts (question-bank refuses it).
    revealPolicy: o.revealPolicy ?? 'after-close',
    practice: false,
    publishedAt: new Date(now).toISOString(),
    keyVersion: 1,
    ...(o.contestPublished === undefined ? {} : { contestPublished: o.contestPublished }),
  };
  await insertPublishedRound(pool, snapshot, key);
  const keys = roundKeys(roundId);
  await redis.set(keys.meta, JSON.stringify(snapshot));
  await redis.set(keys.key, JSON.stringify(key));
  return { roundId, snapshot, key };
}

/**
 * What question-bank does when an organizer publishes or unpublishes the round's contest: the snapshot's
 * `contestPublished` rewritten in the record and the Redis copy, then `question-bank.contest-visibility-changed.v1`.
 */
export async function setContestPublished(pool: Pool, redis: Redis, fx: RoundFixture, published: boolean): Promise<void> {
  fx.snapshot = { ...fx.snapshot, contestPublished: published };
  await pool.query('UPDATE question_bank.published_rounds SET snapshot = $2 WHERE round_id = $1', [fx.roundId, JSON.stringify(fx.snapshot)]);
  await redis.set(roundKeys(fx.roundId).meta, JSON.stringify(fx.snapshot));
  const fact: ContestVisibilityChangedV1 = { contestId: fx.snapshot.contestId, published, roundIds: [fx.roundId], changedAt: new Date().toISOString() };
  await redis.xadd(STREAMS.contestVisibilityChanged, '*', 'data', JSON.stringify(fact));
}

export interface ExamTestApp {
  app: NestFastifyApplication;
  clock: FakeClock;
  pool: Pool;
  redis: Redis;
}

/**
 * The exam-session service alone, with a hand-moved clock and no background workers (tests drive them). `env`
 * overrides the test environment (e.g. REDIS_KEY_PREFIX, to give a suite Redis keys of its own).
 */
export async function createExamApp(opts: ExamSessionOptions & { clock?: FakeClock } = {}, env: Record<string, string> = {}): Promise<ExamTestApp> {
  const clock = opts.clock ?? new FakeClock();
  const app = await createTestApp([{ ...EXAM_SESSION_SERVICE, module: ExamSessionModule.forRoot({ config: { workers: false, ...opts.config } }) }], env, {
    clock,
  });
  return { app, clock, pool: app.get<Pool>(EXAM_PG), redis: app.get<Redis>(REDIS) };
}

export function contestant(claims: { sub?: string; unitId?: string | null; province?: string | null } = {}) {
  const sub = claims.sub ?? randomUUID();
  return { sub, headers: bearer(testToken(['contestant'], { sub, unitId: claims.unitId ?? null, province: claims.province ?? null })) };
}

/** The option id (opaque, of this attempt) holding the right answer of a question, from the round key. */
export function rightOption(fx: RoundFixture, view: { questions: { id: string; options: { id: string; text: string }[] }[] }, questionId: string): string {
  const q = view.questions.find((x) => x.id === questionId)!;
  const snapQ = fx.snapshot.questions.find((x) => x.id === questionId)!;
  const rightText = snapQ.options.find((o) => o.id === fx.key[questionId].correctOptionIds[0])!.text;
  return q.options.find((o) => o.text === rightText)!.id;
}

export function wrongOption(fx: RoundFixture, view: { questions: { id: string; options: { id: string; text: string }[] }[] }, questionId: string): string {
  const right = rightOption(fx, view, questionId);
  return view.questions.find((x) => x.id === questionId)!.options.find((o) => o.id !== right)!.id;
}

/** A contest row as question-bank stores it (`question_bank.contests`): the profile fields it requires, its unit tree. */
export async function insertContest(pool: Pool, o: { requiredFields?: string[]; unitTreeRootId?: string | null } = {}): Promise<string> {
  const id = randomUUID();
  await pool.query(`INSERT INTO question_bank.contests (id, title, required_fields, unit_tree_root_id, published) VALUES ($1, $2, $3, $4, true)`, [
    id,
    `Hội thi ${id.slice(0, 8)}`,
    JSON.stringify(o.requiredFields ?? []),
    o.unitTreeRootId ?? null,
  ]);
  return id;
}

/** A unit of registration's tree (`registration.units`) under `parentId`. */
export async function insertUnit(pool: Pool, parentId: string | null = null): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `INSERT INTO registration.units (id, parent_id, code, name, depth)
     SELECT $1, $2, $3, $4, COALESCE((SELECT depth + 1 FROM registration.units WHERE id = $2), 0)`,
    [id, parentId, `T-${uniq()}`, `Đơn vị thử ${id.slice(0, 8)}`],
  );
  return id;
}

export interface ProfileFixture {
  unitId?: string | null;
  email?: string | null;
  citizenIdHash?: string | null;
  category?: string;
  provinceCode?: string;
  disabled?: boolean;
}

/** A contestant's account as registration stores it (`registration.users`), and their access token's headers. */
export async function insertContestant(pool: Pool, o: ProfileFixture = {}): Promise<{ sub: string; headers: Record<string, string> }> {
  const sub = randomUUID();
  await pool.query(
    `INSERT INTO registration.users (id, full_name, date_of_birth, phone, email, password_hash, citizen_id_hash, province_code, ward_code, unit_id, category, disabled)
     VALUES ($1, 'Nguyễn Văn Thử', '1990-01-01', $2, $3, 'x', $4, $5, '10101003', $6, $7, $8)`,
    [
      sub,
      `+84${uniquePhone().slice(1)}`,
      o.email ?? null,
      o.citizenIdHash ?? null,
      o.provinceCode ?? '01',
      o.unitId ?? null,
      o.category ?? 'civil-servant',
      o.disabled ?? false,
    ],
  );
  return contestant({ sub, unitId: o.unitId ?? null, province: o.provinceCode ?? '01' });
}
