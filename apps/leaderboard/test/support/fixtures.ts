import type Redis from 'ioredis';
import { createRedis } from '@hoi-thi/platform';
import { pollUntil } from '@hoi-thi/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AttemptSubmittedV1, ContestVisibilityChangedV1, RoundSnapshotV1, STREAMS, roundKeys } from '@hoi-thi/contracts';

/**
 * Test fixtures for the leaderboard's inputs, which other services own: `exam.attempts`,
 * `registration.users`/`units` (read-only contracts, docs/data-contracts.md) and the published round
 * (`{r:<id>}:meta` in Redis). When a producer's migration has not created its table in the test database
 * yet, it is created here with the contract columns (CREATE … IF NOT EXISTS); when it exists with more
 * NOT NULL columns than the contract, those are filled with placeholders of their type.
 */
export async function pg(): Promise<Client> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await ensureContractTables(client);
  return client;
}

/** A Redis client with the run's key prefix, or with `prefix` (a suite's own, see privateRedisPrefix). */
export function redis(prefix = process.env.REDIS_KEY_PREFIX!): Redis {
  return createRedis(process.env.REDIS_URL!, prefix);
}

let ensured: Promise<void> | undefined;
export function ensureContractTables(client: Client): Promise<void> {
  ensured ??= (async () => {
    await client.query(`SELECT pg_advisory_lock(hashtext('leaderboard-test-fixtures'))`);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS exam; CREATE SCHEMA IF NOT EXISTS registration; CREATE SCHEMA IF NOT EXISTS question_bank`);
      await client.query(`CREATE TABLE IF NOT EXISTS exam.attempts (id uuid PRIMARY KEY, round_id uuid NOT NULL, contestant_id uuid NOT NULL,
        unit_id uuid NULL, province text NULL, status text NOT NULL, correct int, points int, total int, duration_ms int,
        started_at timestamptz, deadline timestamptz, submitted_at timestamptz NULL, prediction numeric(20,5) NULL)`);
      await client.query(`CREATE TABLE IF NOT EXISTS registration.units (id uuid PRIMARY KEY, parent_id uuid NULL, name text NOT NULL, member_count int NULL)`);
      await client.query(`CREATE TABLE IF NOT EXISTS registration.users (id uuid PRIMARY KEY, full_name text NOT NULL, unit_id uuid NULL,
        province_code text NULL, roles text[] NOT NULL DEFAULT ARRAY['contestant'], created_at timestamptz NOT NULL DEFAULT now())`);
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext('leaderboard-test-fixtures'))`);
    }
  })();
  return ensured;
}

interface ColumnInfo {
  name: string;
  type: string;
  udt: string;
}

const required = new Map<string, Promise<ColumnInfo[]>>();
let counter = 1_000_000;

/** NOT NULL columns without a default (the ones an insert must name). */
function requiredColumns(client: Client, table: string): Promise<ColumnInfo[]> {
  const [schema, name] = table.split('.');
  if (!required.has(table)) {
    required.set(
      table,
      client
        .query(
          `SELECT column_name AS name, data_type AS type, udt_schema || '.' || udt_name AS udt FROM information_schema.columns
            WHERE table_schema = $1 AND table_name = $2 AND is_nullable = 'NO' AND column_default IS NULL`,
          [schema, name],
        )
        .then((r) => r.rows as ColumnInfo[]),
    );
  }
  return required.get(table)!;
}

async function placeholder(client: Client, c: ColumnInfo): Promise<unknown> {
  counter += 1;
  switch (c.type) {
    case 'integer':
    case 'smallint':
    case 'bigint':
    case 'numeric':
      return counter;
    case 'uuid':
      return randomUUID();
    case 'jsonb':
    case 'json':
      return '{}';
    case 'boolean':
      return false;
    case 'date':
      return '1990-01-01';
    case 'ARRAY':
      return '{}';
    case 'USER-DEFINED': {
      const [schema, type] = c.udt.split('.');
      const r = await client.query(
        `SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
          WHERE n.nspname = $1 AND t.typname = $2 ORDER BY e.enumsortorder LIMIT 1`,
        [schema, type],
      );
      return r.rows[0]?.enumlabel;
    }
    default:
      if (c.type.startsWith('timestamp')) return new Date().toISOString();
      if (c.type.startsWith('character')) return `f${counter}`.slice(0, 3);
      return `f${counter}`;
  }
}

/** Inserts rows (objects of column → value) into a producer's table, filling its extra required columns. */
export async function insertRows(client: Client, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  const extra = (await requiredColumns(client, table)).filter((c) => !(c.name in rows[0]));
  const columns = [...Object.keys(rows[0]), ...extra.map((c) => c.name)];
  const chunk = Math.max(1, Math.floor(30000 / columns.length));
  for (let i = 0; i < rows.length; i += chunk) {
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const row of rows.slice(i, i + chunk)) {
      const values = [...Object.values(row)];
      for (const c of extra) values.push(await placeholder(client, c));
      tuples.push(`(${values.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
    }
    await client.query(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}

export function snapshot(fields: Partial<RoundSnapshotV1> = {}): RoundSnapshotV1 {
  const roundId = fields.roundId ?? randomUUID();
  return {
    roundId,
    contestId: randomUUID(),
    title: 'Vòng thi thử',
    opensAt: '2022-08-01T03:00:00.000Z',
    closesAt: '2022-08-31T16:59:59.000Z',
    timeLimitSeconds: 1200,
    attemptsAllowed: null,
    blueprint: [],
    questions: [],
    scoring: { partialCredit: 'all-or-nothing' },
    prediction: { enabled: true, target: 'perfect-scorers', wording: 'Có bao nhiêu người trả lời đúng tất cả?', tieSide: 'over', decimals: 0 },
    rankingRule: ['points', 'prediction', 'duration', 'submittedAt'],
    revealPolicy: 'after-close',
    practice: false,
    publishedAt: '2022-07-30T00:00:00.000Z',
    keyVersion: 1,
    ...fields,
  };
}

/** Publishes a round as question-bank does for readers: its snapshot at `{r:<id>}:meta`. */
export async function publishRound(r: Redis, s: RoundSnapshotV1): Promise<RoundSnapshotV1> {
  await r.set(roundKeys(s.roundId).meta, JSON.stringify(s), 'EX', 3600);
  return s;
}

/**
 * What question-bank does when an organizer publishes or unpublishes the round's contest: the snapshot's
 * `contestPublished` rewritten at `{r:<id>}:meta`, then `question-bank.contest-visibility-changed.v1`.
 */
export async function setContestPublished(r: Redis, s: RoundSnapshotV1, published: boolean): Promise<RoundSnapshotV1> {
  const next = await publishRound(r, { ...s, contestPublished: published });
  const fact: ContestVisibilityChangedV1 = { contestId: s.contestId, published, roundIds: [s.roundId], changedAt: new Date().toISOString() };
  await r.xadd(STREAMS.contestVisibilityChanged, '*', 'data', JSON.stringify(fact));
  return next;
}

export interface TestAttempt extends AttemptSubmittedV1 {
  status?: 'submitted' | 'active';
}

export function attempt(roundId: string, fields: Partial<TestAttempt> = {}): TestAttempt {
  const submittedAt = fields.submittedAt ?? '2022-08-02T03:00:00.000Z';
  const durationMs = fields.durationMs ?? 60_000;
  return {
    attemptId: randomUUID(),
    roundId,
    contestantId: randomUUID(),
    unitId: null,
    province: null,
    correct: fields.points ?? 10,
    points: 10,
    total: 20,
    durationMs,
    startedAt: new Date(Date.parse(submittedAt) - durationMs).toISOString(),
    submittedAt,
    prediction: '100',
    ...fields,
  };
}

/** Stores attempts in exam.attempts (the record), as exam-session does before publishing. */
export async function storeAttempts(client: Client, attempts: TestAttempt[]): Promise<void> {
  await insertRows(
    client,
    'exam.attempts',
    attempts.map((a) => ({
      id: a.attemptId,
      round_id: a.roundId,
      contestant_id: a.contestantId,
      unit_id: a.unitId,
      province: a.province,
      status: a.status ?? 'submitted',
      correct: a.correct,
      points: a.points,
      total: a.total,
      duration_ms: a.durationMs,
      started_at: a.startedAt,
      deadline: new Date(Date.parse(a.startedAt) + 20 * 60_000).toISOString(),
      submitted_at: a.status === 'active' ? null : a.submittedAt,
      prediction: a.prediction,
    })),
  );
}

/** Appends events to `exam.attempt-submitted.v1` (one field `data`), as exam-session's relay does. */
export async function publishSubmissions(r: Redis, events: AttemptSubmittedV1[]): Promise<void> {
  const pipeline = r.pipeline();
  for (const e of events) {
    const { status: _status, ...payload } = e as TestAttempt;
    pipeline.xadd(STREAMS.attemptSubmitted, '*', 'data', JSON.stringify(payload));
  }
  await pipeline.exec();
}

/**
 * Polls `probe` until it returns a truthy value. The default deadline is generous on purpose: the stream consumer,
 * the live tick and socket.io all share two loaded cores with PostgreSQL, Redis, Chromium and another jest worker.
 */
export function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000, everyMs = 50): Promise<T> {
  return pollUntil(probe.toString().replace(/\s+/g, ' ').slice(0, 300), probe, timeoutMs, everyMs);
}

/** Everything the board of a round holds in Redis, parsed (to compare two boards entry for entry). */
export async function dumpBoard(r: Redis, roundId: string) {
  const t = `{r:${roundId}}:lb`;
  const units = await r.zrange(`${t}:units`, 0, -1, 'WITHSCORES');
  const provinces = await r.zrange(`${t}:provs`, 0, -1, 'WITHSCORES');
  const unitBoards: Record<string, string[]> = {};
  for (let i = 0; i < units.length; i += 2) unitBoards[units[i]] = await r.zrevrange(`${t}:u:${units[i]}`, 0, -1, 'WITHSCORES');
  const provinceBoards: Record<string, string[]> = {};
  for (let i = 0; i < provinces.length; i += 2) provinceBoards[provinces[i]] = await r.zrevrange(`${t}:p:${provinces[i]}`, 0, -1, 'WITHSCORES');
  const best = await r.hgetall(`${t}:best`);
  const counters = await r.hgetall(`${t}:c`);
  delete counters.ver;
  return {
    board: await r.zrevrange(`${t}:all`, 0, -1, 'WITHSCORES'),
    best: Object.fromEntries(Object.entries(best).map(([k, v]) => [k, JSON.parse(v)])),
    counters,
    histogram: await r.hgetall(`${t}:hist`),
    perMinute: await r.hgetall(`${t}:spm`),
    units,
    provinces,
    unitBoards,
    provinceBoards,
    seen: (await r.smembers(`${t}:seen`)).sort(),
  };
}

/**
 * Other suites running beside (anything hosting the leaderboard module with the same Redis prefix) join the same
 * consumer group: an entry one of them read just before closing is reclaimed within seconds, not 30. (The
 * leaderboard suites that publish their own submissions use a prefix of their own — privateRedisPrefix — so no
 * other file's consumer reads them at all; this stays as a second line of defence.)
 */
export const QUICK_RECLAIM = { LEADERBOARD_CLAIM_IDLE_MS: '3000', LEADERBOARD_CLAIM_EVERY_MS: '1000' };
