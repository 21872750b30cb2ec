import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { ensureDatabase, migrateService } from '@hoi-thi/platform';
import { privateRedisPrefix } from '@hoi-thi/testing';
import { UPSERT_ANSWERS_ONE_ROUND_SQL } from '../../src/answers/answer-committer';
import { EXAM_SESSION_DATABASE } from '../../src/exam-session.database';
import { contestant, createExamApp, ExamTestApp, publishRound, rightOption } from '../exam-fixtures';

type View = { attemptId: string; questions: { id: string; options: { id: string; text: string }[] }[] };

/** The partition (table name) each row of `table` for these ids is stored in. */
async function partitionsOf(pool: Pool, table: 'attempts' | 'answers', idColumn: string, ids: string[]): Promise<string[]> {
  const r = await pool.query<{ part: string }>(`SELECT DISTINCT tableoid::regclass::text AS part FROM exam.${table} WHERE ${idColumn} = ANY($1::uuid[])`, [
    ids,
  ]);
  return r.rows.map((x) => x.part).sort();
}

describe('attempts and answers partitioned by round', () => {
  let t: ExamTestApp;
  beforeAll(async () => {
    t = await createExamApp({}, { REDIS_KEY_PREFIX: privateRedisPrefix('exam-partitions') });
  });
  afterAll(async () => {
    await t.app.close();
  });

  it("stores a round's attempts and answers in that round's own partitions, from its first start on", async () => {
    const a = await publishRound(t.pool, t.redis);
    const b = await publishRound(t.pool, t.redis);
    const me = contestant();
    const views: View[] = [];
    for (const fx of [a, b]) {
      const res = await t.app.inject({ method: 'POST', url: `/api/rounds/${fx.roundId}/attempts`, headers: me.headers });
      expect(res.statusCode).toBe(201);
      const view = res.json() as View;
      const q = view.questions[0];
      const saved = await t.app.inject({
        method: 'PUT',
        url: `/api/attempts/${view.attemptId}/answers/${q.id}`,
        headers: me.headers,
        payload: { optionIds: [rightOption(fx, view, q.id)], seq: 1 },
      });
      expect(saved.statusCode).toBe(200);
      const submitted = await t.app.inject({ method: 'POST', url: `/api/attempts/${view.attemptId}/submit`, headers: me.headers, payload: {} });
      expect(submitted.statusCode).toBe(200);
      expect(submitted.json().correct).toBe(1);
      views.push(view);
    }
    const suffix = (roundId: string) => roundId.replace(/-/g, '');
    expect(await partitionsOf(t.pool, 'attempts', 'id', [views[0].attemptId])).toEqual([`exam.attempts_r_${suffix(a.roundId)}`]);
    expect(await partitionsOf(t.pool, 'attempts', 'id', [views[1].attemptId])).toEqual([`exam.attempts_r_${suffix(b.roundId)}`]);
    expect(await partitionsOf(t.pool, 'answers', 'attempt_id', [views[0].attemptId])).toEqual([`exam.answers_r_${suffix(a.roundId)}`]);
    expect(await partitionsOf(t.pool, 'answers', 'attempt_id', [views[1].attemptId])).toEqual([`exam.answers_r_${suffix(b.roundId)}`]);
    // A query by round reads that round's partition only.
    const plan = await t.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT count(*) FROM exam.attempts WHERE round_id = '${a.roundId}'`);
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain(`attempts_r_${suffix(a.roundId)}`);
    expect(text).not.toContain(`attempts_r_${suffix(b.roundId)}`);
    expect(text).not.toContain('attempts_default');
  });

  it("finds a save batch's attempts by their primary key on a fresh partition (no statistics yet)", async () => {
    const fx = await publishRound(t.pool, t.redis);
    const ids: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      const res = await t.app.inject({ method: 'POST', url: `/api/rounds/${fx.roundId}/attempts`, headers: contestant().headers });
      ids.push((res.json() as View).attemptId);
    }
    // A round well under way: most attempts submitted, a few active (as in the exam bench that showed the scan).
    await t.pool.query(
      `INSERT INTO exam.attempts (id, round_id, contestant_id, status, total, started_at, deadline, submitted_at, attempt_no, seed, draw, max_points)
       SELECT gen_random_uuid(), $1, gen_random_uuid(), 'submitted', 1, now(), now(), now(), 1, 's', '{"questions":[]}', 1 FROM generate_series(1, 8000)`,
      [fx.roundId],
    );
    const client = await t.pool.connect();
    try {
      // The statement as the committer prepares it, planned generically (what a prepared statement ends up with).
      await client.query(`SET plan_cache_mode = force_generic_plan`);
      await client.query(`PREPARE upsert_plan(uuid[], text[], jsonb[], int[], timestamptz[], uuid) AS ${UPSERT_ANSWERS_ONE_ROUND_SQL}`);
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        // (uuids from this test only: EXPLAIN EXECUTE takes no bind parameters)
        `EXPLAIN EXECUTE upsert_plan(ARRAY['${ids[0]}']::uuid[], ARRAY['q']::text[], ARRAY['[]']::jsonb[], ARRAY[1]::int[], ARRAY[now()]::timestamptz[], '${fx.roundId}'::uuid)`,
      );
      const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(text).toMatch(/attempts_r_[0-9a-f]{32}_pkey/);
      expect(text).not.toMatch(/contestant_id_idx|round_id_contestant/);
    } finally {
      await client.query('DEALLOCATE ALL').catch(() => undefined);
      await client.query('RESET plan_cache_mode').catch(() => undefined);
      client.release();
    }
  });

  it('makes a partition once however many callers race for it, and keeps rows of an unpartitioned round in the default', async () => {
    const roundId = randomUUID();
    const made = await Promise.all(
      Array.from({ length: 6 }, () => t.pool.query<{ made: boolean }>('SELECT exam.ensure_round_partition($1) AS made', [roundId])),
    );
    expect(made.filter((r) => r.rows[0].made)).toHaveLength(1);
    const other = randomUUID();
    const id = randomUUID();
    await t.pool.query(
      `INSERT INTO exam.attempts (id, round_id, contestant_id, total, started_at, deadline, attempt_no, seed, draw, max_points)
       VALUES ($1, $2, $3, 1, now(), now() + interval '10 minutes', 1, 's', '{"questions":[]}', 1)`,
      [id, other, randomUUID()],
    );
    expect(await partitionsOf(t.pool, 'attempts', 'id', [id])).toEqual(['exam.attempts_default']);
    // The round's rows now sit in the default: attaching a partition for it is refused, and nothing is lost.
    await expect(t.pool.query('SELECT exam.ensure_round_partition($1)', [other])).rejects.toThrow(/default partition/);
    expect((await t.pool.query('SELECT count(*)::int AS n FROM exam.attempts WHERE id = $1', [id])).rows[0].n).toBe(1);
  });

  it('upgrades a database of unpartitioned tables in place, every row kept', async () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `${url.pathname}_upgrade`;
    await ensureDatabase(url.toString());
    const pool = new Pool({ connectionString: url.toString(), max: 2 });
    try {
      const before = { ...EXAM_SESSION_DATABASE, migrations: (EXAM_SESSION_DATABASE.migrations as Function[]).slice(0, 2) }; // eslint-disable-line @typescript-eslint/no-unsafe-function-type
      await migrateService(before, { url: url.toString(), poolSize: 2 });
      const rounds = [randomUUID(), randomUUID()];
      const attempts: string[] = [];
      for (const [i, roundId] of rounds.entries()) {
        for (let n = 0; n < 3; n += 1) {
          const id = randomUUID();
          attempts.push(id);
          await pool.query(
            `INSERT INTO exam.attempts (id, round_id, contestant_id, status, correct, points, total, started_at, deadline, submitted_at, attempt_no, seed, draw, max_points)
             VALUES ($1, $2, $3, 'submitted', $4, $4, 2, now(), now() + interval '10 minutes', now(), 1, 's', '{"questions":[]}', 2)`,
            [id, roundId, randomUUID(), i + n],
          );
          await pool.query(
            `INSERT INTO exam.answers (attempt_id, question_id, option_ids, seq, first_answered_at, last_answered_at) VALUES ($1, 'q1', '["o1"]', 3, now(), now())`,
            [id],
          );
        }
      }
      const ran = await migrateService(EXAM_SESSION_DATABASE, { url: url.toString(), poolSize: 2 });
      expect(ran).toEqual(['PartitionByRound1764000000000']);
      const kept = await pool.query<{ round_id: string; n: number; points: number }>(
        'SELECT round_id, count(*)::int AS n, sum(points)::int AS points FROM exam.attempts GROUP BY round_id ORDER BY sum(points)',
      );
      expect(kept.rows).toEqual([
        { round_id: rounds[0], n: 3, points: 0 + 1 + 2 },
        { round_id: rounds[1], n: 3, points: 1 + 2 + 3 },
      ]);
      const answers = await pool.query<{ attempt_id: string; round_id: string; seq: number }>('SELECT attempt_id, round_id, seq FROM exam.answers');
      expect(answers.rows).toHaveLength(6);
      expect(answers.rows.every((r) => r.seq === 3)).toBe(true);
      for (const [i, roundId] of rounds.entries()) {
        expect(await partitionsOf(pool, 'attempts', 'id', attempts.slice(i * 3, i * 3 + 3))).toEqual([`exam.attempts_r_${roundId.replace(/-/g, '')}`]);
        expect(await partitionsOf(pool, 'answers', 'attempt_id', attempts.slice(i * 3, i * 3 + 3))).toEqual([`exam.answers_r_${roundId.replace(/-/g, '')}`]);
      }
      // The keys still hold: one active attempt per contestant and round, one answer per attempt and question.
      await expect(
        pool.query(
          `INSERT INTO exam.answers (attempt_id, question_id, round_id, option_ids, seq, first_answered_at, last_answered_at) VALUES ($1, 'q1', $2, '[]', 1, now(), now())`,
          [attempts[0], rounds[0]],
        ),
      ).rejects.toMatchObject({ code: '23505' });
    } finally {
      await pool.end();
      const admin = new Pool({ connectionString: process.env.DATABASE_URL!, max: 1 });
      await admin.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`).catch(() => undefined);
      await admin.end();
    }
  });
});
